CREATE TYPE "public"."session_poll_kind" AS ENUM('single', 'multiple', 'short');--> statement-breakpoint
CREATE TYPE "public"."session_poll_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE SEQUENCE "public"."session_poll_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "session_poll_answers" (
	"poll_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"answer" jsonb NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_poll_answers_poll_id_user_id_pk" PRIMARY KEY("poll_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "session_polls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"author_id" text,
	"kind" "session_poll_kind" NOT NULL,
	"question" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"correct" jsonb,
	"status" "session_poll_status" DEFAULT 'open' NOT NULL,
	"results_revealed" boolean DEFAULT false NOT NULL,
	"seq" bigint NOT NULL,
	"state_seq" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "session_polls_question_len" CHECK (char_length("session_polls"."question") between 1 and 500)
);
--> statement-breakpoint
ALTER TABLE "session_poll_answers" ADD CONSTRAINT "session_poll_answers_poll_id_session_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."session_polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_poll_answers" ADD CONSTRAINT "session_poll_answers_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_polls" ADD CONSTRAINT "session_polls_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_polls" ADD CONSTRAINT "session_polls_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_polls_seq_idx" ON "session_polls" USING btree ("session_id","seq");--> statement-breakpoint
CREATE INDEX "session_polls_state_seq_idx" ON "session_polls" USING btree ("session_id","state_seq");