CREATE TABLE "session_hands" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lowered_at" timestamp with time zone,
	"lowered_by" text
);
--> statement-breakpoint
CREATE TABLE "session_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"session_id" uuid NOT NULL,
	"author_id" text NOT NULL,
	"body" text NOT NULL,
	"to_staff" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_reaction_counts" (
	"session_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"window_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "session_reaction_counts_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "session_hands" ADD CONSTRAINT "session_hands_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_hands" ADD CONSTRAINT "session_hands_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_hands" ADD CONSTRAINT "session_hands_lowered_by_user_id_fk" FOREIGN KEY ("lowered_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_messages" ADD CONSTRAINT "session_messages_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_messages" ADD CONSTRAINT "session_messages_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_messages" ADD CONSTRAINT "session_messages_deleted_by_user_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_reaction_counts" ADD CONSTRAINT "session_reaction_counts_session_id_course_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."course_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_reaction_counts" ADD CONSTRAINT "session_reaction_counts_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "session_hands_open_idx" ON "session_hands" USING btree ("session_id","user_id") WHERE "session_hands"."lowered_at" is null;--> statement-breakpoint
CREATE INDEX "session_hands_queue_idx" ON "session_hands" USING btree ("session_id","raised_at");--> statement-breakpoint
CREATE UNIQUE INDEX "session_messages_seq_idx" ON "session_messages" USING btree ("session_id","seq");--> statement-breakpoint
CREATE INDEX "session_messages_author_idx" ON "session_messages" USING btree ("author_id","created_at");