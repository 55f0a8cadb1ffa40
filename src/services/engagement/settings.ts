import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { engagementSettings, enrollments, installations, sequenceVersions } from '../../db/schema';
import {
  type ReplyPolicy,
  replyPolicySchema,
  toReplyPolicy,
  withOverride,
} from '../../domain/inbound/reply-policy';
import { decryptSecret, encryptSecret, randomToken, sha256Hex } from '../../lib/crypto';
import type { AppDeps } from '../deps';

export type TrackingSettings = { clickTracking: boolean; openTracking: boolean; trackedSites: string[] };

/** Clicks are tracked unless turned off; the open pixel only when an installation turns it on. */
export const DEFAULT_TRACKING: TrackingSettings = {
  clickTracking: true,
  openTracking: false,
  trackedSites: [],
};

export async function getTrackingSettings(db: Queryable, installationId: string): Promise<TrackingSettings> {
  const [row] = await db
    .select({
      clickTracking: engagementSettings.clickTracking,
      openTracking: engagementSettings.openTracking,
      trackedSites: engagementSettings.trackedSites,
    })
    .from(engagementSettings)
    .where(eq(engagementSettings.installationId, installationId));
  return row ?? DEFAULT_TRACKING;
}

export async function updateTrackingSettings(
  deps: AppDeps,
  installationId: string,
  patch: Partial<TrackingSettings>,
): Promise<TrackingSettings> {
  const now = deps.clock.now();
  const set = {
    ...(patch.clickTracking === undefined ? {} : { clickTracking: patch.clickTracking }),
    ...(patch.openTracking === undefined ? {} : { openTracking: patch.openTracking }),
    ...(patch.trackedSites === undefined ? {} : { trackedSites: patch.trackedSites }),
    updatedAt: now,
  };
  const [row] = await deps.db
    .insert(engagementSettings)
    .values({ installationId, ...DEFAULT_TRACKING, ...set })
    .onConflictDoUpdate({ target: engagementSettings.installationId, set })
    .returning();
  return {
    clickTracking: row!.clickTracking,
    openTracking: row!.openTracking,
    trackedSites: row!.trackedSites,
  };
}

/**
 * A new inbound token (`tin_...`) for the installation; the old one stops working. Shown once:
 * stored as a SHA-256 (Bearer lookup) and AES-GCM sealed (HMAC signatures need it in clear).
 */
export async function rotateInboundToken(deps: AppDeps, installationId: string): Promise<string> {
  const token = `tin_${randomToken(24)}`;
  const values = {
    inboundTokenHash: await sha256Hex(token),
    inboundTokenSealed: await encryptSecret(deps.config.ENCRYPTION_KEY ?? '', token),
    updatedAt: deps.clock.now(),
  };
  await deps.db
    .insert(engagementSettings)
    .values({ installationId, ...DEFAULT_TRACKING, ...values })
    .onConflictDoUpdate({ target: engagementSettings.installationId, set: values });
  return token;
}

export async function findInstallationByInboundToken(db: Queryable, token: string): Promise<string | null> {
  const [row] = await db
    .select({ installationId: engagementSettings.installationId })
    .from(engagementSettings)
    .where(eq(engagementSettings.inboundTokenHash, await sha256Hex(token)));
  return row?.installationId ?? null;
}

export async function inboundTokenOf(deps: AppDeps, installationId: string): Promise<string | null> {
  const [row] = await deps.db
    .select({ sealed: engagementSettings.inboundTokenSealed })
    .from(engagementSettings)
    .where(eq(engagementSettings.installationId, installationId));
  if (!row?.sealed) return null;
  try {
    return await decryptSecret(deps.config.ENCRYPTION_KEY ?? '', row.sealed);
  } catch {
    return null; // sealed under another key: the token must be rotated
  }
}

/** The installation's reply/out-of-office policy (`installations.settings.replyPolicy`), defaults filled in. */
export async function getReplyPolicy(db: Queryable, installationId: string): Promise<ReplyPolicy> {
  const [row] = await db
    .select({ settings: installations.settings })
    .from(installations)
    .where(eq(installations.id, installationId));
  return toReplyPolicy(row?.settings.replyPolicy);
}

/**
 * The policy for a reply to one enrollment's mail: the installation's, with the keys the answered
 * enrollment's sequence version sets winning. Without an answered enrollment, the installation's.
 */
export async function effectiveReplyPolicy(
  db: Queryable,
  installationId: string,
  answeredEnrollmentId: string | null,
): Promise<ReplyPolicy> {
  const policy = await getReplyPolicy(db, installationId);
  if (!answeredEnrollmentId) return policy;
  const [row] = await db
    .select({ override: sql<unknown>`${sequenceVersions.definition} -> 'replyPolicy'` })
    .from(enrollments)
    .innerJoin(sequenceVersions, eq(sequenceVersions.id, enrollments.sequenceVersionId))
    .where(eq(enrollments.id, answeredEnrollmentId));
  return withOverride(policy, row?.override);
}

/** Merges a patch into the stored reply policy; other keys of `installations.settings` are kept. */
export async function updateReplyPolicy(
  deps: AppDeps,
  installationId: string,
  patch: Partial<ReplyPolicy>,
): Promise<ReplyPolicy> {
  const current = await getReplyPolicy(deps.db, installationId);
  const next = replyPolicySchema.parse({ ...current, ...patch });
  await deps.db
    .update(installations)
    .set({
      settings: sql`${installations.settings} || jsonb_build_object('replyPolicy', ${JSON.stringify(next)}::jsonb)`,
    })
    .where(eq(installations.id, installationId));
  return next;
}
