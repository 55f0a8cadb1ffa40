CREATE TYPE "public"."api_key_role" AS ENUM('admin', 'standard');--> statement-breakpoint
CREATE TABLE "suppression_lifts" (
	"id" text PRIMARY KEY NOT NULL,
	"installation_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"email" text NOT NULL,
	"suppression_reason" "suppression_reason",
	"suppressed_at" timestamp with time zone,
	"lifted_by" text NOT NULL,
	"reason" text NOT NULL,
	"lifted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "role" "api_key_role" DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "suppression_lifts" ADD CONSTRAINT "suppression_lifts_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppression_lifts" ADD CONSTRAINT "suppression_lifts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "suppression_lifts_contact_idx" ON "suppression_lifts" USING btree ("installation_id","contact_id");--> statement-breakpoint
-- Keys made before roles existed could do everything; they stay admin. New keys default to standard.
UPDATE "api_keys" SET "role" = 'admin';
