CREATE TYPE "public"."connection_status" AS ENUM('connected', 'disconnected');--> statement-breakpoint
ALTER TYPE "public"."outbox_kind" ADD VALUE 'timeline_event';--> statement-breakpoint
CREATE TABLE "crm_action_calls" (
	"installation_id" text NOT NULL,
	"callback_id" text NOT NULL,
	"action" text NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "crm_action_calls_installation_id_callback_id_pk" PRIMARY KEY("installation_id","callback_id")
);
--> statement-breakpoint
CREATE TABLE "crm_deal_contacts" (
	"installation_id" text NOT NULL,
	"deal_external_id" text NOT NULL,
	"contact_id" text NOT NULL,
	CONSTRAINT "crm_deal_contacts_installation_id_deal_external_id_contact_id_pk" PRIMARY KEY("installation_id","deal_external_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "crm_deals" (
	"installation_id" text NOT NULL,
	"external_id" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"crm_updated_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "crm_deals_installation_id_external_id_pk" PRIMARY KEY("installation_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "crm_owners" (
	"installation_id" text NOT NULL,
	"external_id" text NOT NULL,
	"user_id" text,
	"email" text,
	"first_name" text,
	"last_name" text,
	"archived" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "crm_owners_installation_id_external_id_pk" PRIMARY KEY("installation_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "crm_pipelines" (
	"installation_id" text NOT NULL,
	"external_id" text NOT NULL,
	"label" text NOT NULL,
	"stages" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "crm_pipelines_installation_id_external_id_pk" PRIMARY KEY("installation_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "crm_rate_limits" (
	"installation_id" text NOT NULL,
	"scope" text NOT NULL,
	"recent" timestamp with time zone[] DEFAULT '{}' NOT NULL,
	"blocked_until" timestamp with time zone,
	CONSTRAINT "crm_rate_limits_installation_id_scope_pk" PRIMARY KEY("installation_id","scope")
);
--> statement-breakpoint
CREATE TABLE "crm_sync_state" (
	"installation_id" text NOT NULL,
	"object" text NOT NULL,
	"phase" text DEFAULT 'backfill' NOT NULL,
	"cursor" text,
	"since" timestamp with time zone,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "crm_sync_state_installation_id_object_pk" PRIMARY KEY("installation_id","object")
);
--> statement-breakpoint
CREATE TABLE "crm_webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"subscription_type" text NOT NULL,
	"object_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "crm_webhook_events_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "crm_writes" (
	"installation_id" text NOT NULL,
	"object_id" text NOT NULL,
	"property" text NOT NULL,
	"value" text,
	"written_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD COLUMN "done_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD COLUMN "result" jsonb;--> statement-breakpoint
ALTER TABLE "engagement_settings" ADD COLUMN "tracked_sites" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "connection_status" "connection_status";--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "disconnected_reason" text;--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "disconnected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "crm_action_calls" ADD CONSTRAINT "crm_action_calls_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_deal_contacts" ADD CONSTRAINT "crm_deal_contacts_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_deal_contacts" ADD CONSTRAINT "crm_deal_contacts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_deals" ADD CONSTRAINT "crm_deals_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_owners" ADD CONSTRAINT "crm_owners_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_pipelines" ADD CONSTRAINT "crm_pipelines_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_rate_limits" ADD CONSTRAINT "crm_rate_limits_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_sync_state" ADD CONSTRAINT "crm_sync_state_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_webhook_events" ADD CONSTRAINT "crm_webhook_events_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_writes" ADD CONSTRAINT "crm_writes_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_deal_contacts_contact_idx" ON "crm_deal_contacts" USING btree ("installation_id","contact_id");--> statement-breakpoint
CREATE INDEX "crm_webhook_events_pending_idx" ON "crm_webhook_events" USING btree ("installation_id","processed_at","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_writes_uq" ON "crm_writes" USING btree ("installation_id","object_id","property");