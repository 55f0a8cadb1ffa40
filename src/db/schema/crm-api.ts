import { integer, pgTable, primaryKey, timestamp } from 'drizzle-orm/pg-core';
import { installationRef } from './installations';

/**
 * The CRM's own count of the org's API calls in its rolling 24 hours, as the last answer's
 * `Sforce-Limit-Info` said (Salesforce). Every worker reads it before spending the budget.
 */
export const crmApiLimits = pgTable('crm_api_limits', {
  installationId: installationRef().primaryKey(),
  used: integer('used').notNull(),
  max: integer('max').notNull(),
  observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
});

/** Our own calls per org and hour: the last 24 rows are what we spent of the daily allocation. */
export const crmApiUsage = pgTable(
  'crm_api_usage',
  {
    installationId: installationRef(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    calls: integer('calls').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.installationId, t.hour] })],
);
