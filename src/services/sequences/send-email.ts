import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { appendEvent, type EnrollmentRow, type NewEvent } from '../../db/queries/enrollments';
import { type contacts, sends } from '../../db/schema';
import { nextKey, type PublishedStep } from '../../domain/sequences/definition';
import { escapeHtml, type MergeValues, renderMergeFields } from '../../domain/sequences/merge-fields';
import { newId } from '../../lib/ids';
import { messageIdFor, unsubscribeHeaders, unsubscribeToken, unsubscribeUrl } from '../../mail/headers';
import type { OutgoingMail, SendOutcome } from '../../mail/transport';
import type { SendWhy } from '../cadence/gate';
import type { AppDeps } from '../deps';
import { recordEngagement } from '../engagement/events';
import { hardBounceContact } from '../engagement/hard-bounce';
import { replyToFor } from '../engagement/reply-to';
import type { TrackingSettings } from '../engagement/settings';
import { addTracking } from '../engagement/tracking-links';
import { exitEnrollment } from './exit';
import { enterStep } from './schedule-step';
import { lockIfCurrent, type StepOutcome, type StepPayload } from './step-lock';

export type Mail = OutgoingMail & { sendId: string };
type SendRow = typeof sends.$inferInsert;
type Contact = typeof contacts.$inferSelect;

/**
 * The mail of an email step for one contact, and its send row to write as `pending` before the
 * transport is called (invariant 5). Merge fields the contact lacks (and no default covers) make
 * no mail: the caller fails the enrollment with `missing`.
 */
export async function composeEmail(
  deps: AppDeps,
  input: {
    e: EnrollmentRow;
    step: Extract<PublishedStep, { kind: 'email' }>;
    contact: Contact;
    why: SendWhy;
    tracking: TrackingSettings;
    now: Date;
  },
): Promise<{ ok: true; mail: Mail; row: SendRow } | { ok: false; missing: string[] }> {
  const { e, step, contact, now } = input;
  const sendId = newId('snd');
  const token = await unsubscribeToken(deps.config.ENCRYPTION_KEY ?? '', sendId);
  const unsubUrl = unsubscribeUrl(deps.config.publicBaseUrl, token);
  const values: MergeValues = {
    'contact.email': contact.email,
    'contact.firstName': contact.firstName,
    'contact.lastName': contact.lastName,
    'contact.fullName': [contact.firstName, contact.lastName].filter(Boolean).join(' ') || null,
    'contact.company': contact.company,
    'contact.country': contact.country,
    unsubscribeUrl: unsubUrl,
    'sender.email': deps.config.SMTP_FROM,
    'sender.name': deps.config.SMTP_FROM.replace(/\s*<.*$/, ''),
  };
  for (const [k, v] of Object.entries(contact.properties)) {
    if (v !== null && v !== undefined) values[`contact.properties.${k}`] = String(v);
  }
  const subject = renderMergeFields(step.template.subject, values);
  const html = renderMergeFields(step.template.html, values, escapeHtml);
  const text = renderMergeFields(step.template.text ?? htmlToText(step.template.html), values);
  if (!subject.ok || !html.ok || !text.ok) {
    const missing = [subject, html, text].flatMap((r) => (r.ok ? [] : r.missing));
    return { ok: false, missing: [...new Set(missing)] };
  }
  const messageId = messageIdFor(sendId, deps.config.publicBaseUrl);
  const tracked = await addTracking(deps, { sendId, html: html.text, settings: input.tracking });
  const replyTo = await replyToFor(deps, sendId);
  return {
    ok: true,
    row: {
      id: sendId,
      installationId: e.installationId,
      enrollmentId: e.id,
      contactId: contact.id,
      stepKey: step.key,
      status: 'pending',
      messageId,
      toAddress: contact.email,
      subject: subject.text,
      plannedAt: e.stepDueAt,
      zone: input.why.zone,
      zoneSource: input.why.zoneSource,
      reasons: input.why.reasons,
      createdAt: now,
    },
    mail: {
      sendId,
      from: deps.config.SMTP_FROM,
      to: contact.email,
      subject: subject.text,
      html: `${tracked.html}\n<p style="font-size:12px;color:#777"><a href="${escapeHtml(unsubUrl)}">Unsubscribe</a></p>`,
      text: `${text.text}\n\n--\nUnsubscribe: ${unsubUrl}\n`,
      messageId,
      headers: unsubscribeHeaders(unsubUrl),
      ...(replyTo ? { replyTo } : {}),
    },
  };
}

/** The event of a send whose outcome is unknown: reported, never retried. */
export function unknownSendEvent(
  e: EnrollmentRow,
  stepKey: string,
  at: Date,
  what: { reason: string; actor: string; data: Record<string, unknown> },
): NewEvent {
  return {
    installationId: e.installationId,
    enrollmentId: e.id,
    type: 'send_unknown',
    from: 'active',
    to: 'active',
    stepKey,
    ...what,
    at,
  };
}

/** Second half, after the SMTP answer: the outcome and the next step in one commit. */
export async function recordDelivery(
  deps: AppDeps,
  payload: StepPayload,
  mail: Mail,
  result: SendOutcome,
): Promise<StepOutcome> {
  if (result.status === 'retry') {
    // Provably not taken (an explicit 4xx, or a failure before the message data was read): the row
    // goes so the retried job can send. Anything that may have reached the server is `unknown`.
    await deps.db.delete(sends).where(and(eq(sends.id, mail.sendId), eq(sends.status, 'pending')));
    throw new Error(`SMTP not accepted, will retry: ${result.error}`);
  }
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const status = result.status === 'sent' ? 'sent' : result.status === 'rejected' ? 'failed' : 'unknown';
    // An accepted mail was already committed `sent` (with its event) by markSent.
    if (result.status !== 'sent') {
      await tx
        .update(sends)
        .set({ status, sentAt: null, error: result.error })
        .where(and(eq(sends.id, mail.sendId), inArray(sends.status, ['pending', 'unknown'])));
    }
    if (result.status === 'rejected' && result.refusal.kind === 'bad_recipient') {
      // The address does not exist: the same path as a hard-bounce DSN, for every sequence of the
      // contact. Exits lock the contact's enrollments in id order, as the DSN path does.
      return hardBounceAtSend(deps, tx, payload, mail, result);
    }
    const current = await lockIfCurrent(tx, payload);
    if (!current) return status === 'sent' ? 'sent' : 'stale'; // exited meanwhile (a reply, say)
    const { e, version, step } = current;
    if (result.status === 'rejected') {
      const policy = result.refusal.kind === 'policy';
      const data = {
        error: result.error,
        sendId: mail.sendId,
        responseCode: result.refusal.responseCode,
        enhancedCode: result.refusal.enhancedCode,
        refusal: result.refusal.kind,
      };
      if (policy) {
        // About us (reputation, policy, auth, relay), not the contact: no suppression, an alert.
        deps.logger.error('SMTP refused a send for policy reasons', {
          code: 'smtp_policy_refusal',
          responseCode: result.refusal.responseCode,
          enhancedCode: result.refusal.enhancedCode,
          sendId: mail.sendId,
          enrollmentId: e.id,
        });
        await appendEvent(tx, {
          installationId: e.installationId,
          enrollmentId: e.id,
          type: 'send_refused',
          from: 'active',
          to: 'active',
          stepKey: step.key,
          reason: 'smtp_policy_refusal',
          actor: 'smtp',
          data,
          at: now,
        });
      }
      await exitEnrollment(
        deps,
        tx,
        e.id,
        { type: 'fail' },
        { reason: policy ? 'smtp_policy_refusal' : 'smtp_rejected', actor: 'smtp', data },
      );
      return 'exited';
    }
    if (result.status === 'unknown') {
      await appendEvent(
        tx,
        unknownSendEvent(e, step.key, now, {
          reason: result.error,
          actor: 'smtp',
          data: { sendId: mail.sendId, messageId: mail.messageId },
        }),
      );
      deps.logger.warn('send outcome unknown; not retried', { sendId: mail.sendId, enrollmentId: e.id });
    }
    await enterStep(deps, tx, {
      enrollment: e,
      version,
      stepKey: nextKey(version.definition.steps, step.key),
      previousAt: now,
      reason: `after ${step.key}`,
      actor: 'system',
    });
    return result.status === 'sent' ? 'sent' : 'unknown';
  });
}

async function hardBounceAtSend(
  deps: AppDeps,
  tx: Queryable,
  payload: StepPayload,
  mail: Mail,
  result: Extract<SendOutcome, { status: 'rejected' }>,
): Promise<StepOutcome> {
  const [send] = await tx.select().from(sends).where(eq(sends.id, mail.sendId));
  if (!send) return 'stale';
  const exited = await hardBounceContact(deps, tx, {
    installationId: send.installationId,
    contactId: send.contactId,
    email: send.toAddress,
    ref: send.id,
    actor: 'smtp',
    data: {
      sendId: send.id,
      statusCode: result.refusal.enhancedCode,
      responseCode: result.refusal.responseCode,
      error: result.error,
    },
  });
  // Events after the enrollment rows: the lock order is enrollment, then contact (send gate).
  await recordEngagement(deps, tx, {
    installationId: send.installationId,
    contactId: send.contactId,
    type: 'bounced',
    dedupeKey: `send:${send.id}:bounced`,
    occurredAt: deps.clock.now(),
    sendId: send.id,
    enrollmentId: send.enrollmentId,
    stepKey: send.stepKey,
    data: {
      hard: true,
      atSend: true,
      statusCode: result.refusal.enhancedCode,
      responseCode: result.refusal.responseCode,
    },
  });
  deps.logger.warn('recipient refused at send time; contact suppressed', {
    sendId: send.id,
    responseCode: result.refusal.responseCode,
    enhancedCode: result.refusal.enhancedCode,
    exited: exited.length,
  });
  return exited.includes(payload.enrollmentId) ? 'exited' : 'stale';
}

function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h\d|li)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
