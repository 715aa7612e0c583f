CREATE TYPE "public"."breakout_method" AS ENUM('random', 'round-robin', 'manual');--> statement-breakpoint
ALTER TYPE "public"."workspace_kind" ADD VALUE 'group';--> statement-breakpoint
CREATE TABLE "breakout_broadcasts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"breakout_id" uuid NOT NULL,
	"author_id" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "breakout_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"breakout_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"workspace_id" uuid NOT NULL,
	CONSTRAINT "breakout_groups_number_range" CHECK ("breakout_groups"."number" between 1 and 50)
);
--> statement-breakpoint
CREATE TABLE "breakout_members" (
	"breakout_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"group_id" uuid NOT NULL,
	CONSTRAINT "breakout_members_breakout_id_user_id_pk" PRIMARY KEY("breakout_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "session_breakouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"method" "breakout_method" NOT NULL,
	"seed" text,
	"ends_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text
);
--> statement-breakpoint
ALTER TABLE "breakout_broadcasts" ADD CONSTRAINT "breakout_broadcasts_breakout_id_session_breakouts_id_fk" FOREIGN KEY ("breakout_id") REFERENCES "public"."session_breakouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakout_broadcasts" ADD CONSTRAINT "breakout_broadcasts_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakout_groups" ADD CONSTRAINT "breakout_groups_breakout_id_session_breakouts_id_fk" FOREIGN KEY ("breakout_id") REFERENCES "public"."session_breakouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakout_groups" ADD CONSTRAINT "breakout_groups_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakout_members" ADD CONSTRAINT "breakout_members_breakout_id_session_breakouts_id_fk" FOREIGN KEY ("breakout_id") REFERENCES "public"."session_breakouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakout_members" ADD CONSTRAINT "breakout_members_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakout_members" ADD CONSTRAINT "breakout_members_group_id_breakout_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."breakout_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_breakouts" ADD CONSTRAINT "session_breakouts_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_breakouts" ADD CONSTRAINT "session_breakouts_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_breakouts" ADD CONSTRAINT "session_breakouts_closed_by_user_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "breakout_broadcasts_breakout_idx" ON "breakout_broadcasts" USING btree ("breakout_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "breakout_groups_number_idx" ON "breakout_groups" USING btree ("breakout_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "breakout_groups_workspace_idx" ON "breakout_groups" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "breakout_members_group_idx" ON "breakout_members" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_breakouts_open_idx" ON "session_breakouts" USING btree ("session_id") WHERE "session_breakouts"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "session_breakouts_session_idx" ON "session_breakouts" USING btree ("session_id","created_at");