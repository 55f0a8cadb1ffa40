import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { installationRef } from './installations';

export const zoneSource = pgEnum('zone_source', ['crm', 'inferred', 'default']);
export const suppressionReason = pgEnum('suppression_reason', [
  'unsubscribed',
  'hard_bounced',
  'complained',
  'manual',
]);

export const contacts = pgTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    externalId: text('external_id'),
    /** Lower-cased. */
    email: text('email').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    company: text('company'),
    country: text('country'),
    region: text('region'),
    /** The CRM's zone field, as received (may be empty or invalid). */
    crmTimeZone: text('crm_time_zone'),
    /** The zone sends are planned in, and where it came from (shown in explanations). */
    timeZone: text('time_zone'),
    timeZoneSource: zoneSource('time_zone_source'),
    ownerId: text('owner_id'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    suppressedAt: timestamp('suppressed_at', { withTimezone: true }),
    suppressionReason: suppressionReason('suppression_reason'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contacts_installation_external_uq').on(t.installationId, t.externalId),
    uniqueIndex('contacts_installation_email_uq').on(t.installationId, t.email),
    index('contacts_installation_idx').on(t.installationId),
  ],
);
