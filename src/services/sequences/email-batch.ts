import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  appendEvents,
  type EnrollmentRow,
  lockEnrollments,
  type NewEvent,
} from '../../db/queries/enrollments';
import { engagementSettings, sends } from '../../db/schema';
import { retryWhileUnavailable } from '../../db/unavailable';
import { nextKey } from '../../domain/sequences/definition';
import type { SendOutcome } from '../../mail/transport';
import { loadCadenceInputsMany } from '../cadence/context';
import { decideSendWith, type GateDecision } from '../cadence/gate';
import { queueSendTimelines } from '../crm/send-timeline';
import type { AppDeps } from '../deps';
import { DEFAULT_TRACKING, type TrackingSettings } from '../engagement/settings';
import { type ContactRow, lockContacts, passContact } from './contact-gate';
import { exitEnrollment } from './exit';
import { enterSteps, type Move, scheduleJobs } from './schedule-step';
import { composeEmail, type Mail, recordDelivery } from './send-email';
import { type Current, currentOf, type StepOutcome, type StepPayload } from './step-lock';

/** One job's end: its outcome, or the error that makes pg-boss retry it. */
export type StepResult = { ok: true; outcome: StepOutcome } | { ok: false; error: unknown };

type Decided =
  | { kind: 'done'; outcome: StepOutcome }
  | { kind: 'deliver'; current: Current; mail: Mail; sendBy: Date };
/** The window closed between the gate's yes and the hand-off: never sent, asked again. */
type Late = { status: 'late' };
type Answered = Extract<Decided, { kind: 'deliver' }> & { i: number; result: SendOutcome | Late };

/**
 * Email steps in batches (issue: throughput). Per batch: one transaction decides every step under
 * the enrollment locks (taken in id order, then the contacts' in id order) and writes the `pending`
 * sends; the mails go out over the pooled connections; one transaction commits the sends and the
 * next steps. A batch holds as many SMTP slots as it has jobs (at most the pool's size), so, as
 * before, only mails really on the wire can end `unknown` if the process dies.
 */
export async function runEmailSteps(deps: AppDeps, payloads: readonly StepPayload[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const size = Math.max(1, deps.mailer.slots);
  for (let i = 0; i < payloads.length; i += size) {
    results.push(...(await runBatch(deps, payloads.slice(i, i + size))));
  }
  return results;
}

async function runBatch(deps: AppDeps, payloads: readonly StepPayload[]): Promise<StepResult[]> {
  return deps.mailer.withSlots(payloads.length, async () => {
    let decided: Decided[];
    try {
      decided = await deps.db.transaction((tx) => decide(deps, tx, payloads));
    } catch (error) {
      return payloads.map(() => ({ ok: false as const, error }));
    }
    const answered = await Promise.all(
      decided.map(async (d, i): Promise<Answered | StepResult> => {
        if (d.kind === 'done') return { ok: true, outcome: d.outcome };
        if (deps.clock.now().getTime() > d.sendBy.getTime()) return { ...d, i, result: { status: 'late' } };
        return { ...d, i, result: await deps.mailer.send(d.mail) };
      }),
    );
    return settle(deps, payloads, answered);
  });
}

/** Under the locks: every check of a step, then the mails that may go, their sends `pending`. */
async function decide(deps: AppDeps, tx: Queryable, payloads: readonly StepPayload[]): Promise<Decided[]> {
  const now = deps.clock.now();
  const locked = new Map(
    (
      await lockEnrollments(
        tx,
        payloads.map((p) => p.enrollmentId),
      )
    ).map((e) => [e.id, e]),
  );
  const out: Decided[] = payloads.map(() => ({ kind: 'done', outcome: 'stale' }));
  const live: Array<{ i: number; current: Current }> = [];
  for (const [i, payload] of payloads.entries()) {
    const e = locked.get(payload.enrollmentId);
    // A second job of one enrollment in a batch is a duplicate: the first one does the step.
    if (!e || live.some((l) => l.current.e.id === e.id)) continue;
    const current = await currentOf(tx, e, payload);
    if (current?.step.kind === 'email') live.push({ i, current });
  }
  const contacts = new Map(
    (
      await lockContacts(
        tx,
        live.map((l) => l.current.e),
      )
    ).map((c) => [c.id, c]),
  );
  const existing = await existingSends(tx, live);
  const ready: Array<{ i: number; current: Current; contact: ContactRow }> = [];
  const moves: Move[] = [];
  const unknownEvents: NewEvent[] = [];
  for (const { i, current } of live) {
    const { e, version, step } = current;
    const contact = contacts.get(e.contactId);
    if (!(await passContact(deps, tx, e, contact, 'send_gate')) || !contact) {
      out[i] = { kind: 'done', outcome: 'exited' };
      continue;
    }
    const previous = existing.get(`${e.id}:${step.key}`);
    if (!previous) {
      ready.push({ i, current, contact });
      continue;
    }
    // A previous attempt got this far. Never send again: a pending row means the process died
    // while talking to the SMTP server, so whether the mail left is unknown and is reported.
    if (previous.status === 'pending') {
      await tx
        .update(sends)
        .set({ status: 'unknown', error: 'worker died during SMTP' })
        .where(eq(sends.id, previous.id));
      unknownEvents.push({
        installationId: e.installationId,
        enrollmentId: e.id,
        type: 'send_unknown',
        from: 'active',
        to: 'active',
        stepKey: step.key,
        reason: 'outcome of the SMTP delivery is unknown; not retried',
        actor: 'system',
        data: { sendId: previous.id },
        at: now,
      });
      deps.logger.warn('send outcome unknown; not retried', { sendId: previous.id, enrollmentId: e.id });
    }
    const stepKey = nextKey(version.definition.steps, step.key);
    moves.push({
      enrollment: e,
      version,
      stepKey,
      previousAt: now,
      reason: `after ${step.key}`,
      actor: 'system',
    });
    out[i] = { kind: 'done', outcome: 'advanced' };
  }
  if (moves.length > 0 || unknownEvents.length > 0) await enterSteps(deps, tx, moves, unknownEvents);
  const tracking = await trackingOf(
    tx,
    ready.map((r) => r.current.e.installationId),
  );
  // A contact due in two sequences at once: the second waits a round, so its gate sees the first's
  // `pending` send (spacing and cap across sequences, invariant 6).
  for (let round = ready; round.length > 0; ) {
    const seen = new Set<string>();
    const first = round.filter((r) => !seen.has(r.contact.id) && seen.add(r.contact.id));
    round = round.filter((r) => !first.includes(r));
    Object.assign(out, await decideRound(deps, tx, first, tracking, now));
  }
  return out;
}

async function decideRound(
  deps: AppDeps,
  tx: Queryable,
  items: ReadonlyArray<{ i: number; current: Current; contact: ContactRow }>,
  tracking: Map<string, TrackingSettings>,
  now: Date,
): Promise<Record<number, Decided>> {
  const out: Record<number, Decided> = {};
  const inputs = await loadCadenceInputsMany(
    tx,
    items.map(({ current: { e, step } }) => ({
      installationId: e.installationId,
      contactId: e.contactId,
      at: now,
      plannedStep: { enrollmentId: e.id, stepKey: step.key },
    })),
  );
  const gated: Parameters<typeof scheduleJobs>[2][number][] = [];
  const rows: Array<typeof sends.$inferInsert> = [];
  for (const [k, { i, current, contact }] of items.entries()) {
    const { e, version, step } = current;
    if (step.kind !== 'email') continue;
    const gate = decideSendWith(inputs[k]!, deps.logger, {
      installationId: e.installationId,
      enrollmentId: e.id,
      stepKey: step.key,
      stepCadence: step.cadence,
      sequenceCadence: version.definition.cadence,
      contact,
      now,
      plannedAt: e.stepDueAt,
    });
    if (!gate.allowed) {
      // Never dropped: the step moves to the next slot the window, the spacing and the cap allow.
      gated.push(gatedScheduling(current, gate));
      out[i] = { kind: 'done', outcome: 'rescheduled' };
      continue;
    }
    const composed = await composeEmail(deps, {
      e,
      step,
      contact,
      why: gate.why,
      tracking: tracking.get(e.installationId) ?? DEFAULT_TRACKING,
      now,
    });
    if (!composed.ok) {
      await exitEnrollment(
        deps,
        tx,
        e.id,
        { type: 'fail' },
        { reason: 'merge_field_missing', actor: 'system', data: { missing: composed.missing } },
      );
      out[i] = { kind: 'done', outcome: 'exited' };
      continue;
    }
    rows.push(composed.row);
    out[i] = { kind: 'deliver', current, mail: composed.mail, sendBy: gate.sendBy };
  }
  if (gated.length > 0) await appendEvents(tx, (await scheduleJobs(deps, tx, gated)).events);
  if (rows.length > 0) await tx.insert(sends).values(rows);
  return out;
}

type Refusal = Extract<GateDecision, { allowed: false }>;

function gatedScheduling(current: Current, gate: Refusal) {
  const { e, version, step } = current;
  return {
    e,
    version,
    step,
    at: gate.slot.at,
    event: {
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
    },
  };
}

async function existingSends(tx: Queryable, live: ReadonlyArray<{ current: Current }>) {
  if (live.length === 0) return new Map<string, typeof sends.$inferSelect>();
  const rows = await tx
    .select()
    .from(sends)
    .where(
      inArray(
        sends.enrollmentId,
        live.map((l) => l.current.e.id),
      ),
    );
  const wanted = new Set(live.map((l) => `${l.current.e.id}:${l.current.step.key}`));
  return new Map(
    rows.map((r) => [`${r.enrollmentId}:${r.stepKey}`, r] as const).filter(([k]) => wanted.has(k)),
  );
}

async function trackingOf(
  tx: Queryable,
  installationIds: readonly string[],
): Promise<Map<string, TrackingSettings>> {
  const ids = [...new Set(installationIds)];
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      installationId: engagementSettings.installationId,
      clickTracking: engagementSettings.clickTracking,
      openTracking: engagementSettings.openTracking,
      trackedSites: engagementSettings.trackedSites,
    })
    .from(engagementSettings)
    .where(inArray(engagementSettings.installationId, ids));
  return new Map(rows.map(({ installationId, ...settings }) => [installationId, settings]));
}

/**
 * After the answers: the accepted sends (and the late ones) commit with their next steps in one
 * transaction; refusals, unknowns and retries take the one-step path, each on its own.
 */
async function settle(
  deps: AppDeps,
  payloads: readonly StepPayload[],
  answered: ReadonlyArray<Answered | StepResult>,
): Promise<StepResult[]> {
  const results: StepResult[] = answered.map((a) => ('ok' in a ? a : { ok: true, outcome: 'stale' }));
  const batch = answered.filter(
    (a): a is Answered => !('ok' in a) && (a.result.status === 'sent' || a.result.status === 'late'),
  );
  if (batch.length > 0) {
    try {
      // The mails are out: losing this write to a database restart would turn known sends into `unknown`.
      const outcomes = await retryWhileUnavailable(() =>
        deps.db.transaction((tx) => commitBatch(deps, tx, batch)),
      );
      for (const [k, a] of batch.entries()) results[a.i] = outcomes[k]!;
    } catch (error) {
      // Keep what is known (these mails left), then let the jobs retry: a retry finds the `sent` row
      // and moves on.
      const sent = batch.filter((a) => a.result.status === 'sent');
      await retryWhileUnavailable(() => deps.db.transaction((tx) => markSent(deps, tx, sent))).catch(
        () => {},
      );
      for (const a of batch) results[a.i] = { ok: false, error };
    }
  }
  for (const a of answered) {
    if ('ok' in a || a.result.status === 'sent' || a.result.status === 'late') continue;
    try {
      results[a.i] = { ok: true, outcome: await recordDelivery(deps, payloads[a.i]!, a.mail, a.result) };
    } catch (error) {
      results[a.i] = { ok: false, error };
    }
  }
  return results;
}

/** Marks accepted sends `sent`, with their timeline entries; their events come back. Locks held. */
async function markSentEvents(
  deps: AppDeps,
  tx: Queryable,
  items: readonly Answered[],
  locked: ReadonlyMap<string, EnrollmentRow>,
): Promise<NewEvent[]> {
  if (items.length === 0) return [];
  const now = deps.clock.now();
  const bySend = new Map(items.map((a) => [a.mail.sendId, a]));
  const marked = await tx
    .update(sends)
    .set({ status: 'sent', sentAt: now, error: null })
    // `unknown` too: a duplicate attempt may have marked it while this one was on the wire.
    .where(and(inArray(sends.id, [...bySend.keys()]), inArray(sends.status, ['pending', 'unknown'])))
    .returning({
      id: sends.id,
      enrollmentId: sends.enrollmentId,
      stepKey: sends.stepKey,
      installationId: sends.installationId,
    });
  await queueSendTimelines(
    tx,
    marked.map((m) => m.id),
    now,
  );
  return marked.map((m): NewEvent => {
    const a = bySend.get(m.id)!;
    // No transition: the event records the send, with the status as it stands.
    const status = locked.get(m.enrollmentId)?.status ?? 'active';
    const response = a.result.status === 'sent' ? a.result.response : '';
    return {
      installationId: m.installationId,
      enrollmentId: m.enrollmentId,
      type: 'email_sent',
      from: status,
      to: status,
      stepKey: m.stepKey,
      reason: 'accepted by SMTP server',
      actor: 'smtp',
      data: { sendId: m.id, messageId: a.mail.messageId, response: response.slice(0, 500) },
      at: now,
    };
  });
}

/** When the batch's commit failed: at least the sends, so a retried job knows they left. */
async function markSent(deps: AppDeps, tx: Queryable, items: readonly Answered[]): Promise<void> {
  // Enrollments before sends, the order a merge locks them in.
  const locked = new Map(
    (
      await lockEnrollments(
        tx,
        items.map((a) => a.current.e.id),
      )
    ).map((e) => [e.id, e]),
  );
  await appendEvents(tx, await markSentEvents(deps, tx, items, locked));
}

/** The accepted sends, their events and next steps, and the late ones re-planned: one commit. */
async function commitBatch(deps: AppDeps, tx: Queryable, batch: readonly Answered[]): Promise<StepResult[]> {
  const now = deps.clock.now();
  const locked = new Map(
    (
      await lockEnrollments(
        tx,
        batch.map((a) => a.current.e.id),
      )
    ).map((e) => [e.id, e]),
  );
  const sent = batch.filter((a) => a.result.status === 'sent');
  const late = batch.filter((a) => a.result.status === 'late');
  const sentEvents = await markSentEvents(deps, tx, sent, locked);
  const moves: Move[] = [];
  const results = batch.map((): StepResult => ({ ok: true, outcome: 'sent' }));
  const lateNow: Array<{ k: number; current: Current }> = [];
  for (const [k, a] of batch.entries()) {
    const e = locked.get(a.current.e.id);
    const payload = {
      enrollmentId: a.current.e.id,
      stepKey: a.current.step.key,
      versionId: a.current.version.id,
      stepCount: a.current.e.stepCount,
    };
    const current = await currentOf(tx, e, payload);
    if (a.result.status === 'late') {
      if (current) lateNow.push({ k, current });
      else results[k] = { ok: true, outcome: 'stale' };
      continue;
    }
    // Exited meanwhile (a reply, say): the send stands, nothing moves.
    if (!current) continue;
    const stepKey = nextKey(current.version.definition.steps, current.step.key);
    moves.push({
      enrollment: current.e,
      version: current.version,
      stepKey,
      previousAt: now,
      reason: `after ${current.step.key}`,
      actor: 'system',
    });
  }
  // Never handed to SMTP, so provably not sent: the row goes and the gate places the step again.
  if (late.length > 0) {
    await tx.delete(sends).where(
      and(
        inArray(
          sends.id,
          late.map((a) => a.mail.sendId),
        ),
        eq(sends.status, 'pending'),
      ),
    );
  }
  const inputs = await loadCadenceInputsMany(
    tx,
    lateNow.map(({ current: { e, step } }) => ({
      installationId: e.installationId,
      contactId: e.contactId,
      at: now,
      plannedStep: { enrollmentId: e.id, stepKey: step.key },
    })),
  );
  const gated: Parameters<typeof scheduleJobs>[2][number][] = [];
  for (const [n, { k, current }] of lateNow.entries()) {
    const { e } = current;
    const gate = decideSendWith(inputs[n]!, deps.logger, {
      installationId: e.installationId,
      enrollmentId: e.id,
      stepKey: current.step.key,
      stepCadence: current.step.cadence,
      sequenceCadence: current.version.definition.cadence,
      contact: inputs[n]!.contact ?? { id: e.contactId, crmTimeZone: null, country: null, region: null },
      now,
      plannedAt: current.e.stepDueAt,
    });
    if (gate.allowed) {
      // The clock says the window is open again (it moved): the retried job sends.
      results[k] = { ok: false, error: new Error('send window check disagreed; retrying') };
      continue;
    }
    gated.push(gatedScheduling(current, gate));
    results[k] = { ok: true, outcome: 'rescheduled' };
  }
  const scheduled = await scheduleJobs(deps, tx, gated);
  await enterSteps(deps, tx, moves, [...sentEvents, ...scheduled.events]);
  return results;
}
