import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { scoreWebhookSecrets } from '../../db/schema';
import { decryptSecret, encryptSecret, randomToken } from '../../lib/crypto';
import type { AppDeps } from '../deps';

function encryptionKey(deps: AppDeps): string {
  const key = deps.config.ENCRYPTION_KEY;
  // Entries always provide one (generated in development); without it nothing can be sealed.
  if (!key) throw new Error('ENCRYPTION_KEY is not configured');
  return key;
}

/** The installation's score-webhook signing secret, created on first use. */
export async function getWebhookSecret(
  deps: AppDeps,
  db: Queryable,
  installationId: string,
): Promise<string> {
  const existing = await readSecret(deps, db, installationId);
  if (existing) return existing;
  await db
    .insert(scoreWebhookSecrets)
    .values({
      installationId,
      secretSealed: await encryptSecret(encryptionKey(deps), newSecret()),
      createdAt: deps.clock.now(),
    })
    .onConflictDoNothing({ target: scoreWebhookSecrets.installationId });
  // Re-read: a concurrent first use may have won the insert, and both must sign with its secret.
  const created = await readSecret(deps, db, installationId);
  if (!created) throw new Error('webhook secret vanished after insert');
  return created;
}

/** Replaces the secret; deliveries from now on are signed with the new one. */
export async function rotateWebhookSecret(
  deps: AppDeps,
  db: Queryable,
  installationId: string,
): Promise<string> {
  const secret = newSecret();
  const values = {
    secretSealed: await encryptSecret(encryptionKey(deps), secret),
    createdAt: deps.clock.now(),
  };
  await db
    .insert(scoreWebhookSecrets)
    .values({ installationId, ...values })
    .onConflictDoUpdate({ target: scoreWebhookSecrets.installationId, set: values });
  return secret;
}

async function readSecret(deps: AppDeps, db: Queryable, installationId: string): Promise<string | null> {
  const [row] = await db
    .select({ sealed: scoreWebhookSecrets.secretSealed })
    .from(scoreWebhookSecrets)
    .where(eq(scoreWebhookSecrets.installationId, installationId));
  return row ? decryptSecret(encryptionKey(deps), row.sealed) : null;
}

function newSecret(): string {
  return `whsec_${randomToken(32)}`;
}
