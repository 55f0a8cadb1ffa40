import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { appendEvent, type EnrollmentRow } from '../../db/queries/enrollments';
import type { VersionRow } from '../../db/queries/sequences';
import { enrollments, sends } from '../../db/schema';
import { retryWhileUnavailable } from '../../db/unavailable';
import { nextKey, type PublishedStep } from '../../domain/sequences/definition';
import { escapeHtml, type MergeValues, renderMergeFields } from '../../domain/sequences/merge-fields';
import { newId } from '../../lib/ids';
import { messageIdFor, unsubscribeHeaders, unsubscribeToken, unsubscribeUrl } from '../../mail/headers';
import type { OutgoingMail, SendOutcome } from '../../mail/transport';
import { decideSend } from '../cadence/gate';
import { queueSendTimeline } from '../crm/send-timeline';
import type { AppDeps } from '../deps';
import { recordEngagement } from '../engagement/events';
import { hardBounceContact } from '../engagement/hard-bounce';
import { replyToFor } from '../engagement/reply-to';
import { addTracking } from '../engagement/tracking-links';
import { gateContact } from './contact-gate';
import { exitEnrollment } from './exit';
import { enterStep, scheduleJob } from './schedule-step';
import { lockIfCurrent, type StepOutcome, type StepPayload } from './step-lock';

type Current = { e: EnrollmentRow; version: VersionRow; step: PublishedStep };
type Prepared = { outcome: 'deliver'; mail: OutgoingMail & { sendId: string } } | { outcome: StepOutcome };

/**
 * First half of an email step, under the enrollment lock: the checks, then the send row written
 * as `pending` and committed before the transport is called (invariant 5).
 */
export async function prepareEmail(
  deps: AppDeps,
  tx: Queryable,
  current: Current,
  advance: () => Promise<{ outcome: 'advanced' }>,
): Promise<Prepared> {
  const { e, step } = current;
  if (step.kind !== 'email') throw new Error('prepareEmail needs an email step');
  const now = deps.clock.now();
  // The per-contact lock of the send gate (invariant 6), after the enrollment row the caller holds.
  const contact = await gateContact(deps, tx, e, 'send_gate');
  if (!contact) return { outcome: 'exited' };
  const [existing] = await tx
    .select()
    .from(sends)
    .where(and(eq(sends.enrollmentId, e.id), eq(sends.stepKey, step.key)));
  if (existing) {
    // A previous attempt got this far. Never send again: a pending row means the process died
    // while talking to the SMTP server, so whether the mail left is unknown and is reported.
    if (existing.status === 'pending') {
      await tx
        .update(sends)
        .set({ status: 'unknown', error: 'worker died during SMTP' })
        .where(eq(sends.id, existing.id));
      await appendEvent(tx, {
        installationId: e.installationId,
        enrollmentId: e.id,
        type: 'send_unknown',
        from: 'active',
        to: 'active',
        stepKey: step.key,
        reason: 'outcome of the SMTP delivery is unknown; not retried',
        actor: 'system',
        data: { sendId: existing.id },
        at: now,
      });
      deps.logger.warn('send outcome unknown; not retried', { sendId: existing.id, enrollmentId: e.id });
    }
    return advance();
  }
  const gate = await decideSend(tx, deps.logger, {
    installationId: e.installationId,
    enrollmentId: e.id,
    stepKey: step.key,
    stepCadence: step.cadence,
    sequenceCadence: current.version.definition.cadence,
    contact,
    now,
  });
  if (!gate.allowed) {
    // Never dropped: the step moves to the next slot the window, the spacing and the cap allow.
    await scheduleJob(deps, tx, e, current.version, step, gate.slot.at, {
      type: 'send_gated',
      reason: gate.reason,
      actor: 'send_gate',
      data: {
        dueAt: gate.slot.at.toISOString(),
        local: gate.slot.local,
        zone: gate.zone,
        zoneSource: gate.zoneSource,
        reasons: gate.slot.reasons.map((r) => r.code),
        details: gate.slot.reasons,
      },
      nextCount: e.stepCount + 1,
    });
    return { outcome: 'rescheduled' };
  }

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
    await exitEnrollment(
      deps,
      tx,
      e.id,
      { type: 'fail' },
      {
        reason: 'merge_field_missing',
        actor: 'system',
        data: { missing: [...new Set(missing)] },
      },
    );
    return { outcome: 'exited' };
  }
  const messageId = messageIdFor(sendId, deps.config.publicBaseUrl);
  const tracked = await addTracking(deps, { sendId, html: html.text, installationId: e.installationId });
  const replyTo = await replyToFor(deps, sendId);
  await tx.insert(sends).values({
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
    zone: gate.why.zone,
    zoneSource: gate.why.zoneSource,
    reasons: gate.why.reasons,
    createdAt: now,
  });
  return {
    outcome: 'deliver',
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

/**
 * Commits `sent` the moment the server accepted, before anything else: a crash after this point
 * leaves a send that is known to be out, so the retried job just moves on instead of reporting it.
 * The `email_sent` event commits in the same transaction (invariant 8): a `sent` row never lacks it.
 */
export async function markSent(
  deps: AppDeps,
  mail: OutgoingMail & { sendId: string },
  response: string,
): Promise<void> {
  // The mail is out: losing this write to a database restart would turn a known send into `unknown`.
  await retryWhileUnavailable(() => markSentOnce(deps, mail, response));
}

async function markSentOnce(
  deps: AppDeps,
  mail: OutgoingMail & { sendId: string },
  response: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    // Enrollment before send, the order a merge locks them in: the event's foreign key needs a key
    // share on the enrollment, and taking it after the send row could deadlock with a merge.
    await tx.execute(
      sql`select 1 from enrollments where id = (select enrollment_id from sends where id = ${mail.sendId}) for key share`,
    );
    const [marked] = await tx
      .update(sends)
      .set({ status: 'sent', sentAt: now, error: null })
      // `unknown` too: a duplicate attempt may have marked it while this one was on the wire.
      .where(and(eq(sends.id, mail.sendId), inArray(sends.status, ['pending', 'unknown'])))
      .returning({
        enrollmentId: sends.enrollmentId,
        stepKey: sends.stepKey,
        installationId: sends.installationId,
      });
    if (!marked) return;
    // No row lock: the event records the send, not a transition; the status is read as it stands.
    const [e] = await tx
      .select({ status: enrollments.status })
      .from(enrollments)
      .where(eq(enrollments.id, marked.enrollmentId));
    const status = e?.status ?? 'active';
    await appendEvent(tx, {
      installationId: marked.installationId,
      enrollmentId: marked.enrollmentId,
      type: 'email_sent',
      from: status,
      to: status,
      stepKey: marked.stepKey,
      reason: 'accepted by SMTP server',
      actor: 'smtp',
      data: { sendId: mail.sendId, messageId: mail.messageId, response: response.slice(0, 500) },
      at: now,
    });
    await queueSendTimeline(tx, mail.sendId, now);
  });
}

/** Second half, after the SMTP answer: the outcome and the next step in one commit. */
export async function recordDelivery(
  deps: AppDeps,
  payload: StepPayload,
  mail: OutgoingMail & { sendId: string },
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
      await appendEvent(tx, {
        installationId: e.installationId,
        enrollmentId: e.id,
        type: 'send_unknown',
        from: 'active',
        to: 'active',
        stepKey: step.key,
        reason: result.error,
        actor: 'smtp',
        data: { sendId: mail.sendId, messageId: mail.messageId },
        at: now,
      });
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
  mail: OutgoingMail & { sendId: string },
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
