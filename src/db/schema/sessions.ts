import { index, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { installationRef } from './installations';

/** `admin` may change settings, sequences and models; `rep` reads and pauses or resumes enrollments. */
export const consoleRole = pgEnum('console_role', ['admin', 'rep']);

/**
 * A signed-in console user. The cookie carries a random token; only its SHA-256 is stored, so a
 * database read does not hand out sessions. The CSRF token is per session and sent with every form.
 */
export const consoleSessions = pgTable(
  'console_sessions',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    tokenHash: text('token_hash').notNull().unique(),
    csrfToken: text('csrf_token').notNull(),
    /** `link` (CLI login link), `hubspot:<user id>` or `salesforce:<user id>`. */
    identity: text('identity').notNull(),
    label: text('label').notNull(),
    role: consoleRole('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [index('console_sessions_installation_idx').on(t.installationId)],
);

/** One-time sign-in links from `npm run cli -- login-link`: used once, within minutes. */
export const consoleLoginLinks = pgTable('console_login_links', {
  id: text('id').primaryKey(),
  installationId: installationRef(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
