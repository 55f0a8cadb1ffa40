import { and, eq, notInArray } from 'drizzle-orm';
import type { CanonicalPipeline } from '../../../connectors/contract';
import type { Queryable } from '../../db/client';
import { crmPipelines } from '../../db/schema';

/** The CRM's deal pipelines as read now: pipelines it no longer has are removed. */
export async function replacePipelines(
  db: Queryable,
  installationId: string,
  pipelines: CanonicalPipeline[],
  now: Date,
): Promise<void> {
  const ids = pipelines.map((p) => p.id);
  await db
    .delete(crmPipelines)
    .where(
      and(
        eq(crmPipelines.installationId, installationId),
        ids.length ? notInArray(crmPipelines.externalId, ids) : undefined,
      ),
    );
  for (const p of pipelines) {
    const values = { label: p.label, stages: p.stages, updatedAt: now };
    await db
      .insert(crmPipelines)
      .values({ installationId, externalId: p.id, ...values })
      .onConflictDoUpdate({ target: [crmPipelines.installationId, crmPipelines.externalId], set: values });
  }
}
