ALTER TYPE "public"."session_poll_kind" ADD VALUE 'code';--> statement-breakpoint
CREATE TABLE "course_poll_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"author_id" text,
	"kind" "session_poll_kind" NOT NULL,
	"question" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"correct" jsonb,
	"code" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_poll_questions_question_len" CHECK (char_length("course_poll_questions"."question") between 1 and 500)
);
--> statement-breakpoint
CREATE TABLE "session_poll_code" (
	"poll_id" uuid PRIMARY KEY NOT NULL,
	"language" text NOT NULL,
	"starter" text DEFAULT '' NOT NULL,
	"tests" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_poll_code_answers" (
	"poll_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"attempt" uuid NOT NULL,
	"workspace_id" uuid,
	"path" text NOT NULL,
	"content" text NOT NULL,
	"passed" integer DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"graded_at" timestamp with time zone,
	CONSTRAINT "session_poll_code_answers_poll_id_user_id_pk" PRIMARY KEY("poll_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "session_poll_code_runs" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"poll_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"attempt" uuid NOT NULL,
	"test_index" integer NOT NULL,
	"passed" boolean
);
--> statement-breakpoint
CREATE TABLE "session_speaker_state" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"speakers" text[] DEFAULT '{}'::text[] NOT NULL,
	"reported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_talk_time" (
	"session_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"ms" integer DEFAULT 0 NOT NULL,
	"last_spoke_at" timestamp with time zone,
	CONSTRAINT "session_talk_time_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "course_poll_questions" ADD CONSTRAINT "course_poll_questions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_poll_questions" ADD CONSTRAINT "course_poll_questions_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_poll_code" ADD CONSTRAINT "session_poll_code_poll_id_session_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."session_polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_poll_code_answers" ADD CONSTRAINT "session_poll_code_answers_poll_id_session_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."session_polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_poll_code_answers" ADD CONSTRAINT "session_poll_code_answers_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_poll_code_answers" ADD CONSTRAINT "session_poll_code_answers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_poll_code_runs" ADD CONSTRAINT "session_poll_code_runs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_poll_code_runs" ADD CONSTRAINT "session_poll_code_runs_poll_id_session_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."session_polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_poll_code_runs" ADD CONSTRAINT "session_poll_code_runs_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_speaker_state" ADD CONSTRAINT "session_speaker_state_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_talk_time" ADD CONSTRAINT "session_talk_time_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_talk_time" ADD CONSTRAINT "session_talk_time_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "course_poll_questions_course_idx" ON "course_poll_questions" USING btree ("course_id","updated_at");--> statement-breakpoint
CREATE INDEX "session_poll_code_runs_attempt_idx" ON "session_poll_code_runs" USING btree ("poll_id","user_id","attempt");