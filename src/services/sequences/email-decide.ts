import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { appendEvents, lockEnrollments, type NewEvent } from '../../db/queries/enrollments';
import { engagementSettings, sends } from '../../db/schema';
import { nextKey } from '../../domain/sequences/definition';
import type { Logger } from '../../lib/logger';
import type { CadenceInputs } from '../cadence/context';
import { loadCadenceInputsMany } from '../cadence/context';
import { decideSendWith, type GateDecision, type SendInput } from '../cadence/gate';
import type { AppDeps } from '../deps';
import { DEFAULT_TRACKING, type TrackingSettings } from '../engagement/settings';
import { type ContactRow, lockContacts, passContact } from './contact-gate';
import { exitEnrollment } from './exit';
import { enterSteps, type Move, scheduleJobs } from './schedule-step';
import { composeEmail, type Mail, unknownSendEvent } from './send-email';
import { type Current, currentOf, type StepOutcome, type StepPayload } from './step-lock';

export type Decided =
  | { kind: 'done'; outcome: StepOutcome }
  | { kind: 'deliver'; current: Current; mail: Mail; sendBy: Date };

/** Under the locks: every check of a step, then the mails that may go, their sends `pending`. */
export async function decideEmails(
  deps: AppDeps,
  tx: Queryable,
  payloads: readonly StepPayload[],
): Promise<Decided[]> {
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
      unknownEvents.push(
        unknownSendEvent(e, step.key, now, {
          reason: 'outcome of the SMTP delivery is unknown; not retried',
          actor: 'system',
          data: { sendId: previous.id },
        }),
      );
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
  const gates = await gateSteps(deps, tx, items, now);
  const gated: Parameters<typeof scheduleJobs>[2][number][] = [];
  const rows: Array<typeof sends.$inferInsert> = [];
  for (const [k, { i, current, contact }] of items.entries()) {
    const { e, step } = current;
    if (step.kind !== 'email') continue;
    const gate = gates[k]!;
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

/**
 * The send gate with its margin for each step, from one read of every contact's cadence inputs
 * (the contact's zone hints as loaded, unless the caller holds the locked row).
 */
export async function gateSteps(
  deps: AppDeps,
  tx: Queryable,
  items: ReadonlyArray<{ current: Current; contact?: ContactRow }>,
  now: Date,
): Promise<GateDecision[]> {
  const inputs = await loadCadenceInputsMany(
    tx,
    items.map(({ current: { e, step } }) => ({
      installationId: e.installationId,
      contactId: e.contactId,
      at: now,
      plannedStep: { enrollmentId: e.id, stepKey: step.key },
    })),
  );
  return items.map(({ current: { e, version, step }, contact }, k) =>
    gateWithMargin(inputs[k]!, deps.logger, {
      installationId: e.installationId,
      enrollmentId: e.id,
      stepKey: step.key,
      stepCadence: step.cadence,
      sequenceCadence: version.definition.cadence,
      contact: contact ??
        inputs[k]!.contact ?? { id: e.contactId, crmTimeZone: null, country: null, region: null },
      now,
      plannedAt: e.stepDueAt,
    }),
  );
}

/** The last seconds of a window are left to the SMTP dialogue, so a mail handed off in time lands in time. */
export const HANDOFF_MARGIN_MS = 10_000;

/**
 * The gate, asked for now and for the end of the hand-off margin: a mail goes only if both are
 * inside the window, and then must be handed to SMTP by `sendBy` (the window's end less the margin).
 * A window that closes within the margin refuses it (`late` when the job was due before).
 */
export function gateWithMargin(inputs: CadenceInputs, logger: Logger, input: SendInput): GateDecision {
  const now = decideSendWith(inputs, logger, input);
  if (!now.allowed) return now;
  const later = decideSendWith(inputs, logger, {
    ...input,
    now: new Date(input.now.getTime() + HANDOFF_MARGIN_MS),
  });
  if (!later.allowed) return later;
  return { ...now, sendBy: new Date(later.sendBy.getTime() - HANDOFF_MARGIN_MS) };
}

export function gatedScheduling(current: Current, gate: Refusal) {
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
