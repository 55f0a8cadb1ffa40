// Console sign-in: one-time login links (CLI) and CRM identities become sessions held in Postgres.
// Tokens are random; only their SHA-256 is stored, and a session's CSRF token goes with every form.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { consoleLoginLinks, consoleSessions } from '../../db/schema';
import { randomToken, sha256Hex } from '../../lib/crypto';
import { newId } from '../../lib/ids';

export const SESSION_HOURS = 12;
export const LOGIN_LINK_MINUTES = 15;

export type ConsoleRole = 'admin' | 'rep';

export type ConsoleSession = {
  id: string;
  installationId: string;
  csrfToken: string;
  identity: string;
  label: string;
  role: ConsoleRole;
  expiresAt: Date;
};

/** A one-time link for an installation's console, valid for LOGIN_LINK_MINUTES. */
export async function createLoginLink(
  db: Queryable,
  input: { installationId: string; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = `ll_${randomToken(32)}`;
  const expiresAt = new Date(input.now.getTime() + LOGIN_LINK_MINUTES * 60_000);
  await db.insert(consoleLoginLinks).values({
    id: newId('lnk'),
    installationId: input.installationId,
    tokenHash: await sha256Hex(token),
    createdAt: input.now,
    expiresAt,
  });
  return { token, expiresAt };
}

/** Uses a login link once: the row is claimed atomically, so two clicks make one session. */
export async function redeemLoginLink(
  db: Queryable,
  token: string,
  now: Date,
): Promise<{ token: string; session: ConsoleSession } | null> {
  const [claimed] = await db
    .update(consoleLoginLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(consoleLoginLinks.tokenHash, await sha256Hex(token)),
        isNull(consoleLoginLinks.usedAt),
        gt(consoleLoginLinks.expiresAt, now),
      ),
    )
    .returning({ installationId: consoleLoginLinks.installationId });
  if (!claimed) return null;
  return startSession(db, {
    installationId: claimed.installationId,
    identity: 'link',
    label: 'Operator (login link)',
    role: 'admin',
    now,
  });
}

export async function startSession(
  db: Queryable,
  input: { installationId: string; identity: string; label: string; role: ConsoleRole; now: Date },
): Promise<{ token: string; session: ConsoleSession }> {
  const token = `cs_${randomToken(32)}`;
  const session: ConsoleSession = {
    id: newId('ses'),
    installationId: input.installationId,
    csrfToken: randomToken(24),
    identity: input.identity,
    label: input.label,
    role: input.role,
    expiresAt: new Date(input.now.getTime() + SESSION_HOURS * 3_600_000),
  };
  await db.insert(consoleSessions).values({
    ...session,
    tokenHash: await sha256Hex(token),
    createdAt: input.now,
  });
  return { token, session };
}

/** The live session for a cookie's token, or null (unknown, ended or expired). */
export async function findSession(db: Queryable, token: string, now: Date): Promise<ConsoleSession | null> {
  const [row] = await db
    .select({
      id: consoleSessions.id,
      installationId: consoleSessions.installationId,
      csrfToken: consoleSessions.csrfToken,
      identity: consoleSessions.identity,
      label: consoleSessions.label,
      role: consoleSessions.role,
      expiresAt: consoleSessions.expiresAt,
    })
    .from(consoleSessions)
    .where(
      and(
        eq(consoleSessions.tokenHash, await sha256Hex(token)),
        isNull(consoleSessions.endedAt),
        gt(consoleSessions.expiresAt, now),
      ),
    );
  return row ?? null;
}

export async function endSession(db: Queryable, sessionId: string, now: Date): Promise<void> {
  await db
    .update(consoleSessions)
    .set({ endedAt: now })
    .where(and(eq(consoleSessions.id, sessionId), isNull(consoleSessions.endedAt)));
}
