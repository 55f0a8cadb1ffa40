import { eq } from 'drizzle-orm';
import { enrollments, sends } from '../../src/db/schema';
import { jobNames } from '../../src/jobs/catalog';
import { createApiKey, createInstallation } from '../../src/services/installations';
import { runStep, type StepOutcome } from '../../src/services/sequences/run-step';
import type { TestContext } from './context';

export type Api = ReturnType<typeof apiFor>;

/** Requests against the in-process app with an installation's key. */
export function apiFor(ctx: TestContext, key: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await ctx.app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  };
}

export async function newInstallation(ctx: TestContext, name = 'Acme') {
  const installation = await createInstallation(ctx.handle.db, { name });
  const { key } = await createApiKey(ctx.handle.db, {
    installationId: installation.id,
    name: 'test',
    role: 'admin',
  });
  return { installationId: installation.id, key, api: apiFor(ctx, key) };
}

export type StepSpec = { key: string; subject: string; delay?: { amount: number; unit: string } };

/** Creates one template per email step, a sequence with those steps, and publishes it. */
export async function publishedSequence(
  api: Api,
  steps: StepSpec[],
  extra: Record<string, unknown> = {},
): Promise<{ sequenceId: string; versionId: string }> {
  const draftSteps = [];
  for (const s of steps) {
    const t = await api.post('/v1/templates', {
      name: s.key,
      subject: s.subject,
      html: `<p>Hello {{contact.firstName | "there"}}: ${s.subject}</p>`,
      text: `Hello {{contact.firstName | "there"}}: ${s.subject}`,
    });
    draftSteps.push({
      key: s.key,
      kind: 'email',
      templateId: t.body.id,
      delay: s.delay ?? { amount: 1, unit: 'days' },
    });
  }
  const seq = await api.post('/v1/sequences', { name: 'Seq', draft: { steps: draftSteps, ...extra } });
  const pub = await api.post(`/v1/sequences/${seq.body.id}/publish`);
  if (pub.status !== 201) throw new Error(`publish failed: ${JSON.stringify(pub.body)}`);
  return { sequenceId: seq.body.id, versionId: pub.body.versionId };
}

/**
 * Runs queued step jobs one at a time, as the worker would, moving the injected clock to each
 * enrollment's due time first. Returns the outcomes in order.
 */
export async function drainJobs(ctx: TestContext, max?: number): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (let i = 0; i < (max ?? 1000); i++) {
    const job = await fetchAnyStepJob(ctx);
    if (!job) return outcomes;
    const [e] = await ctx.handle.db
      .select()
      .from(enrollments)
      .where(eq(enrollments.id, job.data.enrollmentId));
    if (e?.stepDueAt && e.stepDueAt > ctx.clock.now()) ctx.clock.set(e.stepDueAt);
    outcomes.push(await runStep(ctx.deps, job.data));
    await ctx.boss.complete(job.name, job.id);
  }
  if (max === undefined) throw new Error('drainJobs: more than 1000 jobs');
  return outcomes;
}

type StepJob = { id: string; name: string; data: Parameters<typeof runStep>[1] };

async function fetchAnyStepJob(ctx: TestContext): Promise<StepJob | null> {
  for (const name of jobNames.filter((n) => n.startsWith('sequence.run'))) {
    const [job] = await ctx.boss.fetch<StepJob['data']>(name);
    if (job) return { id: job.id, name, data: job.data };
  }
  return null;
}

export async function sendRows(ctx: TestContext, enrollmentId: string) {
  return ctx.handle.db.select().from(sends).where(eq(sends.enrollmentId, enrollmentId));
}
