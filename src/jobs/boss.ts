import { PgBoss } from 'pg-boss';
import { jobCatalog, jobNames } from './catalog';

export type Boss = PgBoss;

export async function startBoss(
  url: string,
  options: { onError?: (e: unknown) => void } = {},
): Promise<Boss> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 10 });
  boss.on('error', options.onError ?? (() => {}));
  await boss.start();
  for (const name of jobNames) {
    const spec = jobCatalog[name];
    await boss.createQueue(name, {
      retryLimit: spec.retryLimit,
      ...('retryDelay' in spec ? { retryDelay: spec.retryDelay } : {}),
      ...('retryBackoff' in spec ? { retryBackoff: spec.retryBackoff } : {}),
    });
  }
  return boss;
}
