import { sql } from 'drizzle-orm';
import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { contacts } from './contacts';
import { enrollments } from './enrollments';
import { installationRef } from './installations';

export const sendStatus = pgEnum('send_status', ['pending', 'sent', 'failed', 'unknown']);

/** Invariant 5: inserted before the transport is called; one row per (enrollment, step). */
export const sends = pgTable(
  'sends',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    enrollmentId: text('enrollment_id')
      .notNull()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    stepKey: text('step_key').notNull(),
    status: sendStatus('status').notNull(),
    messageId: text('message_id').notNull().unique(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    /** Why now: planned slot, zone used and the reasons that shaped it. */
    plannedAt: timestamp('planned_at', { withTimezone: true }),
    zone: text('zone'),
    zoneSource: text('zone_source'),
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sends_enrollment_step_uq').on(t.enrollmentId, t.stepKey),
    index('sends_contact_sent_idx').on(t.contactId, t.sentAt),
    // The sweep's unsettled sends (pending left by a dead worker, unknown to report) without a scan.
    index('sends_unsettled_idx').on(t.status, t.createdAt).where(sql`${t.status} in ('pending', 'unknown')`),
  ],
);
