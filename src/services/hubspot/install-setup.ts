import { mergeCrmSettings } from '../crm/crm-settings';
import { storeOwners } from '../crm/store-owners';
import { replacePipelines } from '../crm/store-pipelines';
import type { AppDeps } from '../deps';
import {
  ensureContactProperties,
  portalCaller,
  readOptions,
  readOwners,
  readPipelines,
} from './install-portal';
import { readTokens } from './token-store';

export type SetupReport = {
  group: 'created' | 'existing' | null;
  propertiesCreated: string[];
  propertiesExisting: string[];
  pipelines: number;
  owners: number;
  lifecycleStages: number;
  leadStatuses: number;
  /** Steps that failed; the install stands and the `hubspot.setupPortal` job runs setup again. */
  problems: string[];
};

/**
 * Install-time setup, safe to run again: our property group and properties (409 = there), then what
 * the portal has: deal pipelines and stages, owners, lifecycle-stage and lead-status options.
 */
export async function setupPortal(deps: AppDeps, installationId: string): Promise<SetupReport> {
  const call = portalCaller(deps, installationId);
  const report: SetupReport = {
    group: null,
    propertiesCreated: [],
    propertiesExisting: [],
    pipelines: 0,
    owners: 0,
    lifecycleStages: 0,
    leadStatuses: 0,
    problems: [],
  };
  const step = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      report.problems.push(`${name}: ${message}`);
      deps.logger.warn('hubspot setup step failed', { installationId, step: name });
    }
  };
  await step('properties', async () => {
    const done = await ensureContactProperties(call);
    report.group = done.group;
    report.propertiesCreated = done.created;
    report.propertiesExisting = done.existing;
  });
  await step('pipelines', async () => {
    const pipelines = await readPipelines(call);
    await replacePipelines(deps.db, installationId, pipelines, deps.clock.now());
    report.pipelines = pipelines.length;
  });
  await step('owners', async () => {
    const owners = await readOwners(call);
    await storeOwners(deps.db, installationId, owners, deps.clock.now());
    report.owners = owners.length;
  });
  await step('options', async () => {
    const lifecycleStages = await readOptions(call, 'lifecyclestage');
    const leadStatuses = await readOptions(call, 'hs_lead_status');
    await mergeCrmSettings(deps.db, installationId, 'hubspot', {
      lifecycleStages,
      leadStatuses,
      optionsReadAt: deps.clock.now().toISOString(),
    });
    report.lifecycleStages = lifecycleStages.length;
    report.leadStatuses = leadStatuses.length;
  });
  return report;
}

/**
 * The `hubspot.setupPortal` job, queued when setup at install left problems (the outbox cannot write
 * our properties before they exist). Throwing makes pg-boss retry with backoff; a disconnected
 * portal is left alone (a re-install runs setup anyway).
 */
export async function setupPortalJob(deps: AppDeps, installationId: string): Promise<SetupReport | null> {
  const tokens = await readTokens(deps, deps.db, installationId);
  if (!tokens || tokens.status === 'disconnected') return null;
  const report = await setupPortal(deps, installationId);
  if (report.problems.length > 0) throw new Error(`HubSpot setup incomplete: ${report.problems.join('; ')}`);
  return report;
}
