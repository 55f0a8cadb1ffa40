CREATE TABLE "crm_api_limits" (
	"installation_id" text PRIMARY KEY NOT NULL,
	"used" integer NOT NULL,
	"max" integer NOT NULL,
	"observed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_api_usage" (
	"installation_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "crm_api_usage_installation_id_hour_pk" PRIMARY KEY("installation_id","hour")
);
--> statement-breakpoint
ALTER TABLE "installations" ADD COLUMN "callout_secret_sealed" text;--> statement-breakpoint
ALTER TABLE "crm_api_limits" ADD CONSTRAINT "crm_api_limits_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_api_usage" ADD CONSTRAINT "crm_api_usage_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;