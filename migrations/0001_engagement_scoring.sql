CREATE TYPE "public"."engagement_type" AS ENUM('opened', 'clicked', 'replied', 'auto_replied', 'visited', 'form_submitted', 'meeting_booked', 'unsubscribed', 'bounced', 'complained');--> statement-breakpoint
CREATE TYPE "public"."inbound_status" AS ENUM('processed', 'unmatched', 'failed');--> statement-breakpoint
CREATE TYPE "public"."score_action_status" AS ENUM('pending', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "engagement_events" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"enrollment_id" text,
	"send_id" text,
	"step_key" text,
	"type" "engagement_type" NOT NULL,
	"url" text,
	"machine" boolean DEFAULT false NOT NULL,
	"machine_reason" text,
	"user_agent" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "engagement_events_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"message_id" text NOT NULL,
	"from_address" text NOT NULL,
	"subject" text NOT NULL,
	"kind" text NOT NULL,
	"confidence" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"matched_send_id" text,
	"matched_by" text,
	"contact_id" text,
	"enrollment_id" text,
	"action" text,
	"status" "inbound_status" NOT NULL,
	"raw" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_scores" (
	"installation_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"model_id" text NOT NULL,
	"model_version_id" text NOT NULL,
	"score" double precision NOT NULL,
	"breakdown" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"threshold_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_event_at" timestamp with time zone,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contact_scores_contact_id_model_id_pk" PRIMARY KEY("contact_id","model_id")
);
--> statement-breakpoint
CREATE TABLE "score_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"model_version_id" text NOT NULL,
	"threshold_id" text NOT NULL,
	"direction" text NOT NULL,
	"crossing_number" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"action" jsonb NOT NULL,
	"status" "score_action_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "score_actions_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "score_model_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"model_id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"document_markdown" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_models" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"name" text NOT NULL,
	"draft" jsonb NOT NULL,
	"active_version_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "time_zone_source" "zone_source";--> statement-breakpoint
ALTER TABLE "engagement_events" ADD CONSTRAINT "engagement_events_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_events" ADD CONSTRAINT "engagement_events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_scores" ADD CONSTRAINT "contact_scores_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_scores" ADD CONSTRAINT "contact_scores_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_scores" ADD CONSTRAINT "contact_scores_model_id_score_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."score_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_actions" ADD CONSTRAINT "score_actions_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_actions" ADD CONSTRAINT "score_actions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_model_versions" ADD CONSTRAINT "score_model_versions_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_model_versions" ADD CONSTRAINT "score_model_versions_model_id_score_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."score_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_models" ADD CONSTRAINT "score_models_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "engagement_contact_idx" ON "engagement_events" USING btree ("installation_id","contact_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_installation_message_uq" ON "inbound_messages" USING btree ("installation_id","message_id");--> statement-breakpoint
CREATE INDEX "inbound_status_idx" ON "inbound_messages" USING btree ("installation_id","status");--> statement-breakpoint
CREATE INDEX "contact_scores_model_idx" ON "contact_scores" USING btree ("model_id","score");--> statement-breakpoint
CREATE INDEX "score_actions_contact_idx" ON "score_actions" USING btree ("installation_id","contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "score_model_versions_uq" ON "score_model_versions" USING btree ("model_id","version");