CREATE TYPE "public"."import_status" AS ENUM('queued', 'previewing', 'previewed', 'committing', 'committed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" text,
	"kind_hint" text,
	"kind" text,
	"status" "import_status" DEFAULT 'previewing' NOT NULL,
	"csv" text NOT NULL,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"report" jsonb,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"error_report_csv" text,
	"result_csv" text,
	"message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_created_idx" ON "imports" USING btree ("created_at");