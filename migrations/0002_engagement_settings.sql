CREATE TABLE "engagement_settings" (
	"installation_id" text PRIMARY KEY NOT NULL,
	"inbound_token_hash" text,
	"inbound_token_sealed" text,
	"click_tracking" boolean DEFAULT true NOT NULL,
	"open_tracking" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "engagement_settings_inbound_token_hash_unique" UNIQUE("inbound_token_hash")
);
--> statement-breakpoint
ALTER TABLE "engagement_settings" ADD CONSTRAINT "engagement_settings_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;