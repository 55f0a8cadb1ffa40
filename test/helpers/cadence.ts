import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { listEvents } from '../../src/db/queries/enrollments';
import { enrollments, sends } from '../../src/db/schema';
import { runStep, type StepOutcome } from '../../src/services/sequences/run-step';
import type { TestContext } from './context';
import { type Api, apiFor } from './fixtures';

/** `apiFor` plus PUT, for the settings endpoint. */
export function apiWithPut(ctx: TestContext, key: string) {
  return {
    ...apiFor(ctx, key),
    put: async (path: string, body: unknown) => {
      const res = await ctx.app.request(path, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      type Body = Awaited<ReturnType<Api['get']>>['body'];
      return { status: res.status, body: (await res.json()) as Body };
    },
  };
}

export type AnyStep = {
  key: string;
  kind?: 'email' | 'task' | 'wait' | 'branch' | 'update_crm';
  delay?: { amount: number; unit: 'minutes' | 'hours' | 'days' | 'business_days' };
  /** Email subject (a template is made for it), or a task's subject. */
  subject?: string;
  cadence?: Record<string, unknown>;
  [field: string]: unknown;
};

/** A published sequence of any step kinds; email steps get a template each. */
export async function publishSteps(
  api: Api,
  steps: AnyStep[],
  extra: Record<string, unknown> = {},
): Promise<{ sequenceId: string; versionId: string }> {
  const draftSteps = [];
  for (const s of steps) {
    const kind = s.kind ?? 'email';
    const step: Record<string, unknown> = { ...s, kind, delay: s.delay ?? { amount: 0, unit: 'minutes' } };
    if (kind === 'email') {
      const subject = s.subject ?? s.key;
      const t = await api.post('/v1/templates', { name: s.key, subject, html: `<p>${subject}</p>` });
      step.templateId = t.body.id;
      delete step.subject;
    }
    draftSteps.push(step);
  }
  const seq = await api.post('/v1/sequences', { name: 'Cadence', draft: { steps: draftSteps, ...extra } });
  const pub = await api.post(`/v1/sequences/${seq.body.id}/publish`);
  if (pub.status !== 201) throw new Error(`publish failed: ${JSON.stringify(pub.body)}`);
  return { sequenceId: seq.body.id, versionId: pub.body.versionId };
}

export type RunLog = { enrollmentId: string; stepKey: string; at: Date; outcome: StepOutcome };

/**
 * A pool of workers on the injected clock: moves the clock to the earliest due step, then runs
 * every step due by then at once (`Promise.all`, one pooled connection each), until nothing is due.
 */
export async function drainConcurrently(ctx: TestContext, maxRounds = 500): Promise<RunLog[]> {
  const log: RunLog[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const live = await ctx.handle.db
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.status, 'active'), isNotNull(enrollments.stepDueAt)))
      .orderBy(asc(enrollments.stepDueAt));
    const first = live[0];
    if (!first?.stepDueAt) return log;
    if (first.stepDueAt > ctx.clock.now()) ctx.clock.set(first.stepDueAt);
    const now = ctx.clock.now();
    const due = live.filter((e) => e.stepDueAt && e.stepDueAt <= now);
    const outcomes = await Promise.all(
      due.map((e) =>
        runStep(ctx.deps, {
          enrollmentId: e.id,
          stepKey: e.currentStepKey ?? '',
          versionId: e.sequenceVersionId,
          stepCount: e.stepCount,
        }),
      ),
    );
    due.forEach((e, i) => {
      log.push({ enrollmentId: e.id, stepKey: e.currentStepKey ?? '', at: now, outcome: outcomes[i]! });
    });
  }
  throw new Error(`drainConcurrently: still running after ${maxRounds} rounds`);
}

export async function sendsOf(ctx: TestContext, contactId: string) {
  return ctx.handle.db.select().from(sends).where(eq(sends.contactId, contactId)).orderBy(asc(sends.sentAt));
}

/** When each step of an enrollment actually ran, read from its event trail. */
export async function stepRunTimes(ctx: TestContext, enrollmentId: string): Promise<Map<string, Date>> {
  const times = new Map<string, Date>();
  let current: string | null = null;
  for (const ev of await listEvents(ctx.handle.db, enrollmentId)) {
    if (ev.type === 'step_scheduled' || ev.type === 'completed') {
      if (current !== null) times.set(current, ev.at);
      current = ev.stepKey;
    }
  }
  return times;
}

export const local = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone });

/** True when `at` is on a weekday between start (inclusive) and end (exclusive) on the zone's clock. */
export function inWindow(at: Date, zone: string, start = '09:00', end = '17:00', days = [1, 2, 3, 4, 5]) {
  const t = local(at, zone);
  const clock = t.toFormat('HH:mm:ss');
  return days.includes(t.weekday) && clock >= `${start}:00` && clock < `${end}:00`;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
