import type { CrmResult } from '../../../connectors/contract';
import { pullFieldCheck, pullOwners, pullStages } from '../../../connectors/salesforce/pull-meta';
import { storeOwners } from '../crm/store-owners';
import { replacePipelines } from '../crm/store-pipelines';
import type { AppDeps } from '../deps';
import { salesforceTransport, type TransportOptions } from './connector';

export type SetupReport = { owners: number; stages: number; warnings: string[] };

/** Few attempts: at install the admin's browser waits on the callback while this runs. */
const SETUP_ATTEMPTS = 2;

/**
 * What the org has that we mirror: Users as owners, OpportunityStage as the `opportunities`
 * pipeline, and a check that our custom fields are deployed and editable on Lead and Contact. Safe
 * to run again (install, backfill, reconcile). A failed step is a warning, never a throw: the
 * install stands and the next backfill or reconcile reads it again.
 */
export async function syncOrgMetadata(
  deps: AppDeps,
  installationId: string,
  options: TransportOptions = {},
): Promise<SetupReport> {
  const t = salesforceTransport(deps, installationId, { maxAttempts: SETUP_ATTEMPTS, ...options });
  const report: SetupReport = { owners: 0, stages: 0, warnings: [] };
  const step = async <T>(name: string, pull: () => Promise<CrmResult<T>>, use: (v: T) => Promise<void>) => {
    const warn = (message: string) => {
      report.warnings.push(`${name}: ${message}`);
      deps.logger.warn('salesforce setup step failed', { installationId, step: name });
    };
    try {
      const result = await pull();
      if (!result.ok) return warn(result.error.message);
      await use(result.value);
    } catch (error) {
      // Even an unexpected throw must not cost the admin the install answer (its secrets show once).
      warn(error instanceof Error ? error.message : String(error));
    }
  };
  await step(
    'owners',
    () => pullOwners(t),
    async ({ value, skipped }) => {
      report.owners = await storeOwners(deps.db, installationId, value, deps.clock.now());
      if (skipped) report.warnings.push(`owners: ${skipped} malformed User rows skipped`);
    },
  );
  await step(
    'stages',
    () => pullStages(t),
    async ({ value, skipped }) => {
      await replacePipelines(deps.db, installationId, [value], deps.clock.now());
      report.stages = value.stages.length;
      if (skipped) report.warnings.push(`stages: ${skipped} malformed OpportunityStage rows skipped`);
    },
  );
  for (const sobject of ['Lead', 'Contact'] as const) {
    await step(
      `fields ${sobject}`,
      () => pullFieldCheck(t, sobject),
      async (check) => {
        if (check.missing.length)
          report.warnings.push(
            `${sobject} lacks ${check.missing.join(', ')}: deploy manifest/salesforce to the org`,
          );
        if (check.readOnly.length)
          report.warnings.push(
            `${sobject}: ${check.readOnly.join(', ')} not editable by the connected user: assign the Tandem permission set`,
          );
      },
    );
  }
  return report;
}
