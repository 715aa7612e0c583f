-- pg_trgm is a trusted extension: the database's owner (the app role, not a superuser) may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "last_active_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id","created_at");--> statement-breakpoint
CREATE INDEX "user_name_trgm_idx" ON "user" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "user_email_trgm_idx" ON "user" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
-- On the name's first 100 characters (the profile rule's limit): a longer name stored before that rule
-- held would not fit in a btree entry, and the index would refuse the row (or this migration).
CREATE INDEX "user_name_idx" ON "user" USING btree (left("name", 100),"id");--> statement-breakpoint
CREATE INDEX "user_role_name_idx" ON "user" USING btree ("role",left("name", 100),"id");--> statement-breakpoint
CREATE INDEX "user_created_idx" ON "user" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "user_last_active_idx" ON "user" USING btree ("last_active_at","id");--> statement-breakpoint
-- Last activity of existing accounts: their newest session's last refresh.
UPDATE "user" SET "last_active_at" = s.at FROM (SELECT "user_id", max("updated_at") AS at FROM "session" GROUP BY "user_id") s WHERE s."user_id" = "user"."id";