ALTER TYPE "public"."workspace_update_source" ADD VALUE 'sent';--> statement-breakpoint
CREATE TABLE "session_whiteboards" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"state" "bytea",
	"state_update_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whiteboard_updates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whiteboard_updates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"session_id" uuid NOT NULL,
	"author_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"update" "bytea" NOT NULL,
	"bytes" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "course_sessions" ADD COLUMN "whiteboard_students" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "session_whiteboards" ADD CONSTRAINT "session_whiteboards_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whiteboard_updates" ADD CONSTRAINT "whiteboard_updates_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whiteboard_updates" ADD CONSTRAINT "whiteboard_updates_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "whiteboard_updates_session_idx" ON "whiteboard_updates" USING btree ("session_id","id");