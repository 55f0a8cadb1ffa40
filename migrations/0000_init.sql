CREATE TYPE "public"."suppression_reason" AS ENUM('unsubscribed', 'hard_bounced', 'complained', 'manual');--> statement-breakpoint
CREATE TYPE "public"."zone_source" AS ENUM('crm', 'inferred', 'default');--> statement-breakpoint
CREATE TYPE "public"."outbox_kind" AS ENUM('task', 'property_update', 'opt_out');--> statement-breakpoint
CREATE TYPE "public"."outbox_status" AS ENUM('pending', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."enrollment_source" AS ENUM('api', 'workflow', 'trigger', 'score');--> statement-breakpoint
CREATE TYPE "public"."enrollment_status" AS ENUM('active', 'paused', 'completed', 'replied', 'opted_out', 'bounced', 'removed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."pause_reason" AS ENUM('ooo', 'deal_in_progress', 'manual');--> statement-breakpoint
CREATE TYPE "public"."crm_kind" AS ENUM('hubspot', 'salesforce', 'none');--> statement-breakpoint
CREATE TYPE "public"."send_status" AS ENUM('pending', 'sent', 'failed', 'unknown');--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"external_id" text,
	"email" text NOT NULL,
	"first_name" text,
	"last_name" text,
	"company" text,
	"country" text,
	"region" text,
	"crm_time_zone" text,
	"owner_id" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"suppressed_at" timestamp with time zone,
	"suppression_reason" "suppression_reason",
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"contact_id" text,
	"kind" "outbox_kind" NOT NULL,
	"payload" jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" "outbox_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "crm_outbox_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "enrollment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"enrollment_id" text NOT NULL,
	"type" text NOT NULL,
	"from_status" "enrollment_status",
	"to_status" "enrollment_status" NOT NULL,
	"step_key" text,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"sequence_id" text NOT NULL,
	"sequence_version_id" text NOT NULL,
	"status" "enrollment_status" NOT NULL,
	"pause_reason" "pause_reason",
	"paused_until" timestamp with time zone,
	"current_step_key" text,
	"step_due_at" timestamp with time zone,
	"job_id" text,
	"job_name" text,
	"step_count" integer DEFAULT 0 NOT NULL,
	"source" "enrollment_source" NOT NULL,
	"source_ref" text,
	"exit_reason" text,
	"enrolled_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "installations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"crm" "crm_kind" DEFAULT 'none' NOT NULL,
	"external_id" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"credentials_sealed" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sends" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"enrollment_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"step_key" text NOT NULL,
	"status" "send_status" NOT NULL,
	"message_id" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"planned_at" timestamp with time zone,
	"zone" text,
	"zone_source" text,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "sends_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "sequence_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"sequence_id" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sequences" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"name" text NOT NULL,
	"draft" jsonb NOT NULL,
	"active_version_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"name" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD CONSTRAINT "crm_outbox_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD CONSTRAINT "crm_outbox_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_events" ADD CONSTRAINT "enrollment_events_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_events" ADD CONSTRAINT "enrollment_events_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_sequence_id_sequences_id_fk" FOREIGN KEY ("sequence_id") REFERENCES "public"."sequences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_sequence_version_id_sequence_versions_id_fk" FOREIGN KEY ("sequence_version_id") REFERENCES "public"."sequence_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sends" ADD CONSTRAINT "sends_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sends" ADD CONSTRAINT "sends_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sends" ADD CONSTRAINT "sends_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sequence_versions" ADD CONSTRAINT "sequence_versions_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sequence_versions" ADD CONSTRAINT "sequence_versions_sequence_id_sequences_id_fk" FOREIGN KEY ("sequence_id") REFERENCES "public"."sequences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sequences" ADD CONSTRAINT "sequences_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "templates" ADD CONSTRAINT "templates_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_installation_external_uq" ON "contacts" USING btree ("installation_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_installation_email_uq" ON "contacts" USING btree ("installation_id","email");--> statement-breakpoint
CREATE INDEX "contacts_installation_idx" ON "contacts" USING btree ("installation_id");--> statement-breakpoint
CREATE INDEX "crm_outbox_pending_idx" ON "crm_outbox" USING btree ("installation_id","status");--> statement-breakpoint
CREATE INDEX "enrollment_events_enrollment_idx" ON "enrollment_events" USING btree ("enrollment_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_one_live_uq" ON "enrollments" USING btree ("installation_id","contact_id","sequence_id") WHERE "enrollments"."status" in ('active', 'paused');--> statement-breakpoint
CREATE INDEX "enrollments_contact_idx" ON "enrollments" USING btree ("installation_id","contact_id");--> statement-breakpoint
CREATE INDEX "enrollments_due_idx" ON "enrollments" USING btree ("status","step_due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "installations_crm_external_uq" ON "installations" USING btree ("crm","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sends_enrollment_step_uq" ON "sends" USING btree ("enrollment_id","step_key");--> statement-breakpoint
CREATE INDEX "sends_contact_sent_idx" ON "sends" USING btree ("contact_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sequence_versions_sequence_version_uq" ON "sequence_versions" USING btree ("sequence_id","version");