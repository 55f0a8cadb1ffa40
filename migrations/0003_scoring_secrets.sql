CREATE TABLE "score_webhook_secrets" (
	"installation_id" text PRIMARY KEY NOT NULL,
	"secret_sealed" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact_scores" ADD COLUMN "ignored_machine_events" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "score_actions" ADD COLUMN "score" double precision;--> statement-breakpoint
ALTER TABLE "score_webhook_secrets" ADD CONSTRAINT "score_webhook_secrets_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "score_models_installation_uq" ON "score_models" USING btree ("installation_id");