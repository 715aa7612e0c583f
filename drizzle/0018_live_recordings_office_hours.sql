CREATE TYPE "public"."office_hour_status" AS ENUM('waiting', 'active', 'ended', 'cancelled');--> statement-breakpoint
CREATE TABLE "office_hour_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"student_id" text NOT NULL,
	"staff_id" text,
	"topic" text NOT NULL,
	"status" "office_hour_status" DEFAULT 'waiting' NOT NULL,
	"accepted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"ended_by" text,
	CONSTRAINT "office_hour_requests_topic_len" CHECK (char_length("office_hour_requests"."topic") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "session_recordings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"egress_id" text NOT NULL,
	"status" text NOT NULL,
	"filepath" text NOT NULL,
	"location" text,
	"error" text,
	"started_by" text,
	"stopped_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"stop_requested_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"status_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_recordings_egress_id_unique" UNIQUE("egress_id")
);
--> statement-breakpoint
ALTER TABLE "office_hour_requests" ADD CONSTRAINT "office_hour_requests_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_hour_requests" ADD CONSTRAINT "office_hour_requests_student_id_user_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_hour_requests" ADD CONSTRAINT "office_hour_requests_staff_id_user_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_hour_requests" ADD CONSTRAINT "office_hour_requests_accepted_by_user_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "office_hour_requests" ADD CONSTRAINT "office_hour_requests_ended_by_user_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_recordings" ADD CONSTRAINT "session_recordings_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_recordings" ADD CONSTRAINT "session_recordings_started_by_user_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_recordings" ADD CONSTRAINT "session_recordings_stopped_by_user_id_fk" FOREIGN KEY ("stopped_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "office_hour_requests_queue_idx" ON "office_hour_requests" USING btree ("course_id","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "office_hour_requests_open_idx" ON "office_hour_requests" USING btree ("course_id","student_id") WHERE "office_hour_requests"."status" in ('waiting', 'active');--> statement-breakpoint
CREATE INDEX "session_recordings_session_idx" ON "session_recordings" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "session_recordings_running_idx" ON "session_recordings" USING btree ("session_id") WHERE "session_recordings"."ended_at" is null and "session_recordings"."stop_requested_at" is null;