import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { contactScores, crmOutbox, scoreActions } from '../../src/db/schema';
import { type EngagementType, recordEngagement } from '../../src/services/engagement/events';
import { scoringHandlers } from '../../src/worker/scoring-handlers';
import type { JobHandler } from '../../src/worker/start';
import type { TestContext } from './context';
import type { Api } from './fixtures';

/** Creates the installation's model with `draft` and publishes it; fails the test on any error. */
export async function publishedModel(api: Api, draft: Record<string, unknown>) {
  const created = await api.post('/v1/scoring/models', { name: String(draft.name ?? 'Model'), draft });
  if (created.status !== 201) throw new Error(`create model failed: ${JSON.stringify(created.body)}`);
  const published = await api.post(`/v1/scoring/models/${created.body.id}/publish`);
  if (published.status !== 201) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);
  return { modelId: created.body.id as string, versionId: published.body.versionId as string };
}

let eventCounter = 0;

/** Stores an engagement event through the production path (it requests the rescore in its transaction). */
export async function recordEvent(
  ctx: TestContext,
  input: {
    installationId: string;
    contactId: string;
    type: EngagementType;
    at?: Date;
    url?: string;
    machine?: boolean;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  eventCounter += 1;
  await ctx.handle.db.transaction((tx) =>
    recordEngagement(ctx.deps, tx, {
      installationId: input.installationId,
      contactId: input.contactId,
      type: input.type,
      dedupeKey: `test:${eventCounter}:${crypto.randomUUID()}`,
      occurredAt: input.at ?? ctx.clock.now(),
      url: input.url ?? null,
      machine: input.machine ?? false,
      data: input.data ?? {},
    }),
  );
}

type ScoringQueue = 'scoring.recompute' | 'scoring.runAction';
export type Ran = { name: ScoringQueue; ok: boolean; error?: string };

/**
 * Runs queued scoring jobs as the worker would (recomputes first, then the actions they queued),
 * settling each in pg-boss: a throwing handler fails the job, which pg-boss schedules for retry.
 */
export async function drainScoring(ctx: TestContext, max = 500): Promise<Ran[]> {
  const handlers = scoringHandlers(ctx.deps);
  const ran: Ran[] = [];
  for (let i = 0; i < max; i++) {
    const name = (await hasJob(ctx, 'scoring.recompute')) ? 'scoring.recompute' : 'scoring.runAction';
    const [job] = await ctx.boss.fetch<Record<string, unknown>>(name);
    if (!job) return ran;
    const handler = handlers[name] as JobHandler<ScoringQueue>;
    try {
      await handler(job.data as never, job);
      await ctx.boss.complete(name, job.id);
      ran.push({ name, ok: true });
    } catch (error) {
      await ctx.boss.fail(name, job.id, { message: String(error) });
      ran.push({ name, ok: false, error: String(error) });
    }
  }
  throw new Error(`drainScoring: more than ${max} jobs`);
}

async function hasJob(ctx: TestContext, name: ScoringQueue): Promise<boolean> {
  const { rows } = await ctx.handle.pool.query(
    `select 1 from pgboss.job where name = $1 and state in ('created', 'retry') and start_after <= now() limit 1`,
    [name],
  );
  return rows.length > 0;
}

export async function storedScore(ctx: TestContext, contactId: string) {
  const [row] = await ctx.handle.db
    .select()
    .from(contactScores)
    .where(eq(contactScores.contactId, contactId));
  return row;
}

export async function outboxRows(ctx: TestContext, contactId: string, kind?: 'task' | 'property_update') {
  return ctx.handle.db
    .select()
    .from(crmOutbox)
    .where(
      kind
        ? and(eq(crmOutbox.contactId, contactId), eq(crmOutbox.kind, kind))
        : eq(crmOutbox.contactId, contactId),
    );
}

export async function actionRows(ctx: TestContext, contactId: string) {
  return ctx.handle.db
    .select()
    .from(scoreActions)
    .where(eq(scoreActions.contactId, contactId))
    .orderBy(scoreActions.createdAt, scoreActions.idempotencyKey);
}

export type Received = { headers: IncomingHttpHeaders; body: string };

/** A real HTTP receiver on 127.0.0.1: answers each request with the next status in `statuses` (then 200). */
export async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/score`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
