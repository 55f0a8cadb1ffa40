import { boolean, index, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { contacts } from './contacts';
import { installationRef, installations } from './installations';

export const engagementType = pgEnum('engagement_type', [
  'opened',
  'clicked',
  'replied',
  'auto_replied',
  'visited',
  'form_submitted',
  'meeting_booked',
  'unsubscribed',
  'bounced',
  'complained',
]);

/** Every engagement signal, stored once (dedupe key); feeds branching and scoring. */
export const engagementEvents = pgTable(
  'engagement_events',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    enrollmentId: text('enrollment_id'),
    sendId: text('send_id'),
    stepKey: text('step_key'),
    type: engagementType('type').notNull(),
    url: text('url'),
    /** Apple MPP proxy opens, security-scanner clicks: stored, never counted as human. */
    machine: boolean('machine').notNull().default(false),
    machineReason: text('machine_reason'),
    userAgent: text('user_agent'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key').notNull().unique(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('engagement_contact_idx').on(t.installationId, t.contactId, t.occurredAt)],
);

/** Per-installation engagement options and the inbound webhook secret (hashed for lookup, sealed for HMAC). */
export const engagementSettings = pgTable('engagement_settings', {
  installationId: text('installation_id')
    .primaryKey()
    .references(() => installations.id, { onDelete: 'cascade' }),
  /** SHA-256 of the inbound token, so `Authorization: Bearer tin_...` finds its installation. */
  inboundTokenHash: text('inbound_token_hash').unique(),
  /** The same token, AES-GCM sealed: HMAC signatures need it in clear. */
  inboundTokenSealed: text('inbound_token_sealed'),
  clickTracking: boolean('click_tracking').notNull().default(true),
  openTracking: boolean('open_tracking').notNull().default(false),
  /**
   * Sites running /t.js (host names): a human click to one of them carries `tdm=<click token>` so
   * the snippet can tell whose page views they are. Other destinations get the URL exactly as sent.
   */
  trackedSites: text('tracked_sites').array().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
