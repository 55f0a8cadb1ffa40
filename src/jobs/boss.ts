import { PgBoss } from 'pg-boss';
import { jobCatalog, jobNames } from './catalog';

export type Boss = PgBoss;

export async function startBoss(
  url: string,
  options: { onError?: (e: unknown) => void; superviseIntervalSeconds?: number } = {},
): Promise<Boss> {
  const every = options.superviseIntervalSeconds ?? 30;
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 10,
    // Both gate how soon a dead worker's jobs (missed heartbeats) are retried.
    superviseIntervalSeconds: every,
    monitorIntervalSeconds: every,
  });
  boss.on('error', options.onError ?? (() => {}));
  await boss.start();
  for (const name of jobNames) {
    const spec = jobCatalog[name];
    const queueOptions = {
      retryLimit: spec.retryLimit,
      ...('retryDelay' in spec ? { retryDelay: spec.retryDelay } : {}),
      ...('retryBackoff' in spec ? { retryBackoff: spec.retryBackoff } : {}),
      ...('heartbeatSeconds' in spec ? { heartbeatSeconds: spec.heartbeatSeconds } : {}),
    };
    // Queues outlive deploys: an existing one takes the catalog's current options.
    // The policy is fixed at creation (pg-boss cannot change it later).
    const policy = 'policy' in spec ? { policy: spec.policy } : {};
    if (await boss.getQueue(name)) await boss.updateQueue(name, queueOptions);
    else await boss.createQueue(name, { ...queueOptions, ...policy });
  }
  return boss;
}
