import type { Queryable } from '../../db/client';
import { lockEnrollment } from '../../db/queries/enrollments';
import { crmOutbox } from '../../db/schema';
import type { ReplyPolicy } from '../../domain/inbound/reply-policy';
import { extractReplyText } from '../../domain/inbound/reply-text';
import type { Classification, InboundMessage } from '../../domain/inbound/types';
import { newId } from '../../lib/ids';
import { assertNever } from '../../lib/result';
import type { AppDeps } from '../deps';
import { type ExitTrigger, exitAllForContact } from '../sequences/exit';
import { pauseEnrollment, resumeEnrollment } from '../sequences/pause';
import { recordEngagement } from './events';
import { hardBounceContact } from './hard-bounce';
import type { InboundMatch } from './inbound-match';
import { DEFAULT_OOO_BUSINESS_DAYS, oooUntil } from './ooo';
import { optOutContact, queueCrmOptOut, type SuppressionReason, suppressContact } from './opt-out';
import { exitAccountForReply, exitForReply, scopedEnrollmentIds } from './reply-scope';
import { effectiveReplyPolicy } from './settings';
import { softBouncesInWindow } from './soft-bounce-window';

/** Machine notices classed auto_reply that ask nothing of us. */
const NOTICE_FLAGS = new Set(['delivery_report_success', 'arf_not_spam', 'ses_notification']);

export type ActionInput = {
  inboundId: string;
  installationId: string;
  msg: InboundMessage;
  classification: Classification;
  match: InboundMatch;
};
export type ActionOutcome = { action: string; enrollmentIds: string[] };

function eventBase(input: ActionInput, now: Date) {
  const { match } = input;
  return {
    installationId: input.installationId,
    contactId: match.contact.id,
    sendId: match.send?.id ?? null,
    enrollmentId: match.send?.enrollmentId ?? null,
    stepKey: match.send?.stepKey ?? null,
    occurredAt: now,
  };
}

/** The enrollments a reply or auto-reply is about, by the installation's reply policy. */
async function targets(tx: Queryable, input: ActionInput, mode: ReplyPolicy['oooScope']): Promise<string[]> {
  return scopedEnrollmentIds(tx, scopeOf(input), mode);
}

function scopeOf(input: ActionInput) {
  return {
    installationId: input.installationId,
    contactId: input.match.contact.id,
    answeredEnrollmentId: input.match.send?.enrollmentId ?? null,
  };
}

async function humanReply(deps: AppDeps, tx: Queryable, input: ActionInput): Promise<ActionOutcome> {
  const now = deps.clock.now();
  const { msg, match } = input;
  const policy = await effectiveReplyPolicy(tx, input.installationId, input.match.send?.enrollmentId ?? null);
  const data = { inboundId: input.inboundId };
  const exited = await exitForReply(deps, tx, scopeOf(input), policy, data);
  const colleagues = policy.accountStop
    ? await exitAccountForReply(
        deps,
        tx,
        {
          installationId: input.installationId,
          contactId: match.contact.id,
          email: msg.from || match.contact.email,
        },
        data,
      )
    : [];
  const text = (extractReplyText(msg.text) || msg.text.trim()).slice(0, 10_000);
  await tx
    .insert(crmOutbox)
    .values({
      id: newId('act'),
      installationId: input.installationId,
      contactId: match.contact.id,
      kind: 'task',
      payload: {
        // A mention of unsubscribing that is not a request: the owner decides, nothing is suppressed.
        subject:
          `${input.classification.flags.includes('unsubscribe_mention') ? 'Check opt-out wish: ' : ''}Reply from ${msg.fromName || msg.from}: ${msg.subject}`.slice(
            0,
            255,
          ),
        body: text,
        ownerId: match.contact.ownerId,
        dueAt: now.toISOString(),
        enrollmentId: match.send?.enrollmentId ?? exited[0] ?? null,
        sendId: match.send?.id ?? null,
        inboundId: input.inboundId,
        flags: input.classification.flags,
      },
      idempotencyKey: `reply:${input.inboundId}`,
      createdAt: now,
    })
    .onConflictDoNothing();
  await recordEngagement(deps, tx, {
    ...eventBase(input, now),
    type: 'replied',
    dedupeKey: `inbound:${input.inboundId}:replied`,
    data: { inboundId: input.inboundId, confidence: input.classification.confidence },
  });
  return {
    action: exited.length > 0 ? 'exited_replied' : 'reply_recorded',
    enrollmentIds: [...exited, ...colleagues],
  };
}

async function autoReply(deps: AppDeps, tx: Queryable, input: ActionInput): Promise<ActionOutcome> {
  const { classification: c, match } = input;
  if (c.flags.some((f) => NOTICE_FLAGS.has(f))) return { action: 'ignored_notice', enrollmentIds: [] };
  const now = deps.clock.now();
  const until = oooUntil(c.returnDate, match.contact.timeZone, now);
  const touched: string[] = [];
  let action = until <= now ? 'ooo_already_back' : 'paused_ooo';
  const policy = await effectiveReplyPolicy(tx, input.installationId, input.match.send?.enrollmentId ?? null);
  for (const id of await targets(tx, input, policy.oooScope)) {
    const e = await lockEnrollment(tx, id);
    if (!e) continue;
    // Another pause (deal in progress, manual) wins: an OOO resume must not lift it.
    if (e.status === 'paused' && e.pauseReason !== 'ooo') {
      action = `left_paused_${e.pauseReason}`;
      continue;
    }
    if (until <= now) {
      // A stale out-of-office (its return date passed): resume now if an earlier one paused it.
      if (e.status !== 'paused') continue;
      const r = await resumeEnrollment(deps, tx, id, {
        actor: 'inbound',
        reason: `out of office ended ${c.returnDate}`,
        onlyReason: 'ooo',
      });
      if (r.ok) touched.push(id);
      continue;
    }
    const r = await pauseEnrollment(deps, tx, id, {
      reason: 'ooo',
      until,
      actor: 'inbound',
      note: c.returnDate
        ? `back on ${c.returnDate}`
        : `no return date: ${DEFAULT_OOO_BUSINESS_DAYS} business days`,
    });
    if (r.ok) touched.push(id);
  }
  // Events after the enrollment rows: the lock order is enrollment, then contact (send gate).
  await recordEngagement(deps, tx, {
    ...eventBase(input, now),
    type: 'auto_replied',
    dedupeKey: `inbound:${input.inboundId}:auto_replied`,
    data: { inboundId: input.inboundId, returnDate: c.returnDate ?? null, until: until.toISOString() },
  });
  return { action, enrollmentIds: touched };
}

async function exitAndSuppress(
  deps: AppDeps,
  tx: Queryable,
  input: ActionInput,
  trigger: ExitTrigger,
  reason: SuppressionReason,
): Promise<string[]> {
  const ids = { installationId: input.installationId, contactId: input.match.contact.id };
  const exited = await exitAllForContact(deps, tx, ids, trigger, {
    reason,
    actor: 'inbound',
    data: { inboundId: input.inboundId, statusCode: input.classification.statusCode ?? null },
  });
  await suppressContact(tx, ids, reason, deps.clock.now());
  return exited;
}

async function bounce(
  deps: AppDeps,
  tx: Queryable,
  input: ActionInput,
  hard: boolean,
): Promise<ActionOutcome> {
  const now = deps.clock.now();
  const c = input.classification;
  // "Delayed" DSNs say the server is still trying: stored, but not a failed delivery.
  const stillTrying = c.flags.includes('delayed') && !c.flags.includes('expired');
  const counted = !hard && !stillTrying;
  // Soft bounces count only within the installation's rolling window (default 3 in 30 days).
  const window = hard
    ? null
    : await softBouncesInWindow(tx, {
        installationId: input.installationId,
        contactId: input.match.contact.id,
        now,
        countsThisOne: counted,
      });
  const soft = window?.inWindow ?? 0;
  const limitReached = window?.limitReached ?? false;
  // Exits before the event row: the lock order is enrollment, then contact (send gate).
  const exited =
    hard || limitReached
      ? await hardBounceContact(deps, tx, {
          installationId: input.installationId,
          contactId: input.match.contact.id,
          email: input.match.contact.email,
          ref: input.inboundId,
          actor: 'inbound',
          data: { inboundId: input.inboundId, statusCode: c.statusCode ?? null },
        })
      : [];
  await recordEngagement(deps, tx, {
    ...eventBase(input, now),
    type: 'bounced',
    dedupeKey: `inbound:${input.inboundId}:bounced`,
    data: {
      inboundId: input.inboundId,
      hard,
      statusCode: c.statusCode ?? null,
      flags: c.flags,
      softCounted: counted,
    },
  });
  if (hard) return { action: 'suppressed_hard_bounce', enrollmentIds: exited };
  if (limitReached) return { action: `suppressed_after_${soft}_soft_bounces`, enrollmentIds: exited };
  return { action: `soft_bounce_${soft}_of_${window?.policy.count ?? 0}`, enrollmentIds: [] };
}

async function complaint(deps: AppDeps, tx: Queryable, input: ActionInput): Promise<ActionOutcome> {
  const now = deps.clock.now();
  const exited = await exitAndSuppress(deps, tx, input, { type: 'complaint' }, 'complained');
  await recordEngagement(deps, tx, {
    ...eventBase(input, now),
    type: 'complained',
    dedupeKey: `inbound:${input.inboundId}:complained`,
    data: { inboundId: input.inboundId, flags: input.classification.flags },
  });
  // A complaint is also an opt-out the CRM should know about.
  await queueCrmOptOut(tx, {
    installationId: input.installationId,
    contactId: input.match.contact.id,
    email: input.match.contact.email,
    reason: 'complained',
    ref: input.inboundId,
    at: now,
  });
  return { action: 'suppressed_complaint', enrollmentIds: exited };
}

/** What an inbound message does, by its class. Runs in the caller's transaction. */
export async function applyInbound(deps: AppDeps, tx: Queryable, input: ActionInput): Promise<ActionOutcome> {
  const kind = input.classification.kind;
  switch (kind) {
    case 'human_reply':
      return humanReply(deps, tx, input);
    case 'auto_reply':
      return autoReply(deps, tx, input);
    case 'hard_bounce':
      return bounce(deps, tx, input, true);
    case 'soft_bounce':
      return bounce(deps, tx, input, false);
    case 'complaint':
      return complaint(deps, tx, input);
    case 'unsubscribe': {
      const r = await optOutContact(deps, tx, {
        installationId: input.installationId,
        contactId: input.match.contact.id,
        source: input.classification.flags.includes('arf_report') ? 'arf_opt_out' : 'reply',
        ref: input.inboundId,
        sendId: input.match.send?.id ?? null,
        enrollmentId: input.match.send?.enrollmentId ?? null,
        stepKey: input.match.send?.stepKey ?? null,
      });
      return { action: 'opted_out', enrollmentIds: r.exited };
    }
    default:
      return assertNever(kind);
  }
}
