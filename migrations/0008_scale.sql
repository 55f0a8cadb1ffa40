DROP INDEX "enrollments_due_idx";--> statement-breakpoint
CREATE INDEX "enrollments_active_due_idx" ON "enrollments" USING btree ("step_due_at","id") WHERE "enrollments"."status" = 'active';--> statement-breakpoint
CREATE INDEX "enrollments_paused_until_idx" ON "enrollments" USING btree ("paused_until","id") WHERE "enrollments"."status" = 'paused';