import { sql } from 'drizzle-orm';
import { type Db as BossDb, fromDrizzle, type SendOptions } from 'pg-boss';
import type { Queryable } from '../db/client';
import type { Boss } from './boss';
import { type JobName, type JobPayload, jobCatalog } from './catalog';

export type EnqueueOptions = Pick<SendOptions, 'id' | 'startAfter' | 'singletonKey' | 'priority'>;

/** pg-boss statements run on the caller's connection, so they commit or roll back with it. */
export function bossDb(tx: Queryable): BossDb {
  return fromDrizzle(tx, sql);
}

/**
 * Sends a job inside the caller's transaction (invariant 1: state before schedule).
 * The payload is validated against the catalog so a bad job never reaches the queue.
 */
export async function enqueue<N extends JobName>(
  boss: Boss,
  tx: Queryable,
  name: N,
  payload: JobPayload<N>,
  options: EnqueueOptions = {},
): Promise<string> {
  const data = jobCatalog[name].payload.parse(payload) as object;
  const id = await boss.send(name, data, { ...options, db: bossDb(tx) });
  if (!id) throw new Error(`pg-boss refused job ${name}`);
  return id;
}

/**
 * Many jobs of one queue in one statement, inside the caller's transaction (a batch of steps).
 * Each job gets the queue's options, as `send` would give it.
 */
export async function enqueueMany<N extends JobName>(
  boss: Boss,
  tx: Queryable,
  name: N,
  jobs: ReadonlyArray<{ payload: JobPayload<N>; id: string; startAfter: Date }>,
): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((j) => ({
    id: j.id,
    data: jobCatalog[name].payload.parse(j.payload) as object,
    startAfter: j.startAfter,
  }));
  await boss.insert(name, rows, { db: bossDb(tx) });
}

export async function cancelJob(boss: Boss, tx: Queryable, name: JobName, id: string): Promise<void> {
  await boss.cancel(name, id, { db: bossDb(tx) });
}
