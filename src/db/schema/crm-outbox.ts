import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { contacts } from './contacts';
import { installationRef } from './installations';

export const outboxKind = pgEnum('outbox_kind', ['task', 'property_update', 'opt_out', 'timeline_event']);
export const outboxStatus = pgEnum('outbox_status', ['pending', 'done', 'failed']);

/** CRM writes wait here until a connector drains them; the idempotency key dedupes retries. */
export const crmOutbox = pgTable(
  'crm_outbox',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    kind: outboxKind('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    status: outboxStatus('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Backoff: a failed retryable write waits until then (Retry-After when the CRM gave one). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastError: text('last_error'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** What the CRM gave back (a created task's id). */
    result: jsonb('result').$type<Record<string, unknown>>(),
  },
  (t) => [index('crm_outbox_pending_idx').on(t.installationId, t.status)],
);
