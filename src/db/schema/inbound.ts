import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { installationRef } from './installations';

export const inboundStatus = pgEnum('inbound_status', ['processed', 'unmatched', 'failed']);

/** Every inbound mail is kept, matched or not, so nothing is lost and every action is explainable. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    messageId: text('message_id').notNull(),
    fromAddress: text('from_address').notNull(),
    subject: text('subject').notNull(),
    kind: text('kind').notNull(),
    confidence: text('confidence').notNull(),
    evidence: jsonb('evidence').$type<string[]>().notNull().default([]),
    flags: jsonb('flags').$type<string[]>().notNull().default([]),
    matchedSendId: text('matched_send_id'),
    matchedBy: text('matched_by'),
    contactId: text('contact_id'),
    enrollmentId: text('enrollment_id'),
    action: text('action'),
    status: inboundStatus('status').notNull(),
    raw: text('raw').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('inbound_installation_message_uq').on(t.installationId, t.messageId),
    index('inbound_status_idx').on(t.installationId, t.status),
  ],
);

/**
 * A person's correction of an inbound mail's class: kept as a labelled example (the raw mail stays on
 * the message) and as the record of what the correction re-applied or undid.
 */
export const inboundCorrections = pgTable(
  'inbound_corrections',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    inboundId: text('inbound_id')
      .notNull()
      .references(() => inboundMessages.id, { onDelete: 'cascade' }),
    previousKind: text('previous_kind').notNull(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    /** What the correction did: e.g. `exited:replied`, `resumed`, `none`. */
    effect: text('effect').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('inbound_corrections_inbound_idx').on(t.installationId, t.inboundId)],
);
