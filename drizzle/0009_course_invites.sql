CREATE TYPE "public"."join_kind" AS ENUM('code', 'link');--> statement-breakpoint
CREATE TABLE "course_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" "course_role" DEFAULT 'student' NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" text,
	CONSTRAINT "course_invitations_role_check" CHECK ("course_invitations"."role" <> 'instructor')
);
--> statement-breakpoint
CREATE TABLE "course_join_secrets" (
	"course_id" uuid NOT NULL,
	"kind" "join_kind" NOT NULL,
	"secret" text NOT NULL,
	"secret_hash" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp with time zone,
	"role" "course_role" DEFAULT 'student' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_join_secrets_course_id_kind_pk" PRIMARY KEY("course_id","kind"),
	CONSTRAINT "course_join_secrets_role_check" CHECK ("course_join_secrets"."role" <> 'instructor')
);
--> statement-breakpoint
CREATE TABLE "join_failures" (
	"user_id" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "course_invitations" ADD CONSTRAINT "course_invitations_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_invitations" ADD CONSTRAINT "course_invitations_invited_by_user_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_invitations" ADD CONSTRAINT "course_invitations_accepted_by_user_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_join_secrets" ADD CONSTRAINT "course_join_secrets_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_join_secrets" ADD CONSTRAINT "course_join_secrets_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "join_failures" ADD CONSTRAINT "join_failures_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "course_invitations_course_email_idx" ON "course_invitations" USING btree ("course_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "course_invitations_token_idx" ON "course_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "course_join_secrets_hash_idx" ON "course_join_secrets" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "join_failures_window_idx" ON "join_failures" USING btree ("window_started_at");