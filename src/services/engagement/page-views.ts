import { eq } from 'drizzle-orm';
import { sends } from '../../db/schema';
import type { AppDeps } from '../deps';
import { recordEngagement } from './events';
import { minuteBucket } from './machine-rules';
import { verifyClickToken } from './tokens';

/**
 * A page view from /t.js: the click token (signed by us, carried from the mail's link) names the
 * send and so the contact. A forged token or an unknown send stores nothing. Deduplicated per
 * (contact, url, minute), so reloads do not inflate a score.
 */
export async function recordPageView(
  deps: AppDeps,
  input: { token: string; url: string; referrer: string | null; userAgent: string | null },
): Promise<boolean> {
  const token = await verifyClickToken(deps.config.ENCRYPTION_KEY ?? '', input.token);
  if (!token || token.link === 'h') return false;
  const [send] = await deps.db.select().from(sends).where(eq(sends.id, token.sendId));
  if (!send) return false;
  const now = deps.clock.now();
  return deps.db.transaction((tx) =>
    recordEngagement(deps, tx, {
      installationId: send.installationId,
      contactId: send.contactId,
      type: 'visited',
      url: input.url,
      occurredAt: now,
      userAgent: input.userAgent,
      dedupeKey: `pv:${send.contactId}:${input.url}:${minuteBucket(now)}`,
      data: { source: 't.js', referrer: input.referrer, sendId: send.id },
    }),
  );
}
