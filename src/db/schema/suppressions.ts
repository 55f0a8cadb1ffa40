import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { contacts, suppressionReason } from './contacts';
import { installationRef } from './installations';

/** Audit of lifted suppressions: who lifted which, when and why, and what the suppression was. */
export const suppressionLifts = pgTable(
  'suppression_lifts',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    suppressionReason: suppressionReason('suppression_reason'),
    suppressedAt: timestamp('suppressed_at', { withTimezone: true }),
    /** `cli:<os user>` or `key:<key id>`. */
    liftedBy: text('lifted_by').notNull(),
    reason: text('reason').notNull(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('suppression_lifts_contact_idx').on(t.installationId, t.contactId)],
);
