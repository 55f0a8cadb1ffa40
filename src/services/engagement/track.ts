import { and, desc, eq, gte } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { engagementEvents, sends } from '../../db/schema';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { flagBurstAsMachine, recordEngagement } from './events';
import { classifyClick, classifyOpen, HONEYPOT_BURST_SECONDS, minuteBucket } from './machine-rules';
import { getTrackingSettings } from './settings';
import { verifyClickToken, verifyOpenToken } from './tokens';

export type TrackRequest = { token: string; method: string; userAgent: string | null };
export type ClickOutcome = { url: string | null; machine: boolean; reason: string | null };

async function sendOf(db: Queryable, sendId: string) {
  const [row] = await db.select().from(sends).where(eq(sends.id, sendId));
  return row ?? null;
}

async function lastHoneypotHit(tx: Queryable, installationId: string, sendId: string, since: Date) {
  const [row] = await tx
    .select({ at: engagementEvents.occurredAt })
    .from(engagementEvents)
    .where(
      and(
        eq(engagementEvents.installationId, installationId),
        eq(engagementEvents.sendId, sendId),
        eq(engagementEvents.machineReason, 'honeypot_link'),
        gte(engagementEvents.occurredAt, since),
      ),
    )
    .orderBy(desc(engagementEvents.occurredAt))
    .limit(1);
  return row?.at ?? null;
}

/**
 * A click on a tracked link: the token's HMAC covers the URL, so only a URL that was in the mail
 * comes back to redirect to (no open redirect). When the send no longer exists the person is
 * still redirected and nothing is recorded.
 */
export async function trackClick(
  deps: AppDeps,
  req: TrackRequest,
): Promise<Result<ClickOutcome, { code: 'invalid_token' }>> {
  const token = await verifyClickToken(deps.config.ENCRYPTION_KEY ?? '', req.token);
  if (!token) return err({ code: 'invalid_token' });
  const url = token.link === 'h' ? null : token.url;
  return deps.db.transaction(async (tx) => {
    const send = await sendOf(tx, token.sendId);
    if (!send) return ok({ url, machine: false, reason: null });
    const now = deps.clock.now();
    const base = {
      installationId: send.installationId,
      contactId: send.contactId,
      sendId: send.id,
      enrollmentId: send.enrollmentId,
      stepKey: send.stepKey,
      occurredAt: now,
      userAgent: req.userAgent,
    };
    if (token.link === 'h') {
      await recordEngagement(deps, tx, {
        ...base,
        type: 'clicked',
        machine: true,
        machineReason: 'honeypot_link',
        dedupeKey: `click:${send.id}:h:${minuteBucket(now)}`,
      });
      const since = new Date(now.getTime() - HONEYPOT_BURST_SECONDS * 1000);
      await flagBurstAsMachine(deps, tx, { ...base, since });
      return ok({ url: null, machine: true, reason: 'honeypot_link' });
    }
    const since = new Date(now.getTime() - HONEYPOT_BURST_SECONDS * 1000);
    const verdict = classifyClick({
      method: req.method,
      userAgent: req.userAgent,
      deliveredAt: send.sentAt ?? send.createdAt,
      now,
      honeypotHitAt: await lastHoneypotHit(tx, send.installationId, send.id, since),
    });
    await recordEngagement(deps, tx, {
      ...base,
      type: 'clicked',
      url: token.url,
      machine: verdict.machine,
      machineReason: verdict.reason,
      dedupeKey: `click:${send.id}:${token.link}:${minuteBucket(now)}:${verdict.machine ? 'm' : 'h'}`,
      data: { link: token.link },
    });
    const { trackedSites } = await getTrackingSettings(tx, send.installationId);
    const target = verdict.machine ? token.url : withVisitorToken(token.url, req.token, trackedSites);
    return ok({ url: target, machine: verdict.machine, reason: verdict.reason });
  });
}

/**
 * Adds `tdm=<click token>` for the site's /t.js, only on the installation's own sites: a link to
 * anyone else (a signed download URL, a partner) must arrive exactly as written, and must not
 * learn the token.
 */
export function withVisitorToken(url: string, token: string, sites: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return url;
  const host = parsed.hostname.toLowerCase();
  if (!sites.some((site) => host === site || host.endsWith(`.${site}`))) return url;
  parsed.searchParams.set('tdm', token);
  return parsed.toString();
}

/** An open-pixel fetch. Unknown sends record nothing; the pixel is served either way by the route. */
export async function trackOpen(
  deps: AppDeps,
  req: TrackRequest,
): Promise<Result<{ machine: boolean; reason: string | null }, { code: 'invalid_token' }>> {
  const sendId = await verifyOpenToken(deps.config.ENCRYPTION_KEY ?? '', req.token);
  if (!sendId) return err({ code: 'invalid_token' });
  const send = await sendOf(deps.db, sendId);
  if (!send) return ok({ machine: false, reason: null });
  const now = deps.clock.now();
  const verdict = classifyOpen({
    method: req.method,
    userAgent: req.userAgent,
    deliveredAt: send.sentAt ?? send.createdAt,
    now,
  });
  await deps.db.transaction((tx) =>
    recordEngagement(deps, tx, {
      installationId: send.installationId,
      contactId: send.contactId,
      sendId: send.id,
      enrollmentId: send.enrollmentId,
      stepKey: send.stepKey,
      type: 'opened',
      machine: verdict.machine,
      machineReason: verdict.reason,
      userAgent: req.userAgent,
      occurredAt: now,
      dedupeKey: `open:${send.id}:${minuteBucket(now)}:${verdict.machine ? 'm' : 'h'}`,
    }),
  );
  return ok(verdict);
}
