import { parseArgs } from 'node:util';
import { associate } from '../../connectors/hubspot/fake/associations';
import { putObject } from '../../connectors/hubspot/fake/state';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../lib/logger';
import { createLoginLink } from '../services/console/sessions';
import { seedDemo } from '../services/demo';
import { sandboxSequence } from '../services/demo-sandbox';
import type { AppDeps } from '../services/deps';
import { type HubSpotSandbox, installIntoSandbox, startHubSpotSandbox } from './hubspot-sandbox';
import { nodeVersionWarning } from './node-version';
import { type Role, type Runtime, startRuntime } from './runtime';
import { type SalesforceSandbox, startSalesforceSandbox } from './salesforce-sandbox';
import { showSalesforceSandbox } from './salesforce-sandbox-show';

const tooOld = nodeVersionWarning(process.version);
if (tooOld) process.stderr.write(`${tooOld}\n`);

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'all' },
    demo: { type: 'boolean', default: false },
  },
  strict: true,
});

const role = values.role as Role;
if (!['web', 'worker', 'all'].includes(role)) {
  process.stderr.write(`Invalid --role=${values.role}: use web, worker or all\n`);
  process.exit(1);
}

// --demo without HubSpot credentials brings a sandbox portal (the fake HubSpot on a loopback port).
const sandbox: HubSpotSandbox | null =
  values.demo && !process.env.HUBSPOT_CLIENT_ID ? await startHubSpotSandbox() : null;
// ... and a sandbox Salesforce org without Salesforce credentials (the fake org on a loopback port).
const sfSandbox: SalesforceSandbox | null =
  values.demo && !process.env.SALESFORCE_CLIENT_ID ? await startSalesforceSandbox() : null;
// --demo is a local trial: its developer pages (the SMTP sink's mail, loopback and key only) come with it.
const config = {
  ...loadConfigOrExit({ ...process.env, ...sandbox?.env, ...sfSandbox?.env }),
  ...(values.demo ? { DEV_PAGES: true } : {}),
};
const logger = createLogger(config.LOG_LEVEL);

// Handlers go in before anything starts, so a signal during start-up still shuts down cleanly.
let starting: Promise<Runtime> | null = null;
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  const began = Date.now();
  const runtime = await starting?.catch(() => null);
  // Order matters: HTTP closes, jobs drain, then the pool and (last) the embedded Postgres stop.
  await runtime?.stop();
  await sandbox?.close();
  await sfSandbox?.close();
  logger.info('stopped: jobs drained, database closed', { ms: Date.now() - began });
  process.exit(0);
};
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));

try {
  starting = startRuntime(config, {
    role,
    logger,
    onReady: async (deps) => {
      if (!values.demo) return;
      const demo = await seedDemo(deps);
      const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
      const link = await createLoginLink(deps.db, {
        installationId: demo.installationId,
        now: deps.clock.now(),
      });
      process.stdout.write(
        [
          '',
          demo.seeded
            ? 'Demo data seeded: 4 contacts enrolled in "Demo outreach".'
            : 'Demo data already present.',
          `API key (shown once): ${demo.apiKey}`,
          `Try: curl -H "Authorization: Bearer ${demo.apiKey}" ${base}/v1/sequences`,
          `Mail delivered to the local SMTP sink: ${base}/dev/mail?key=${demo.apiKey}`,
          `Console (a one-time link, 15 minutes): ${base}/app/login/link?token=${link.token}`,
          '',
        ].join('\n'),
      );
    },
  });
  await starting;
  logger.info('tandem started', { role, database: config.DATABASE_URL ? 'external' : 'embedded' });
  // After the HTTP server listens: the OAuth flow calls our own routes.
  const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  if (sandbox && role !== 'worker') await showSandbox(sandbox, (await starting).deps, base);
  if (sfSandbox && role !== 'worker') await showSalesforceSandbox(sfSandbox, (await starting).deps, base);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${message.startsWith('Invalid configuration') ? message : `Failed to start: ${message}`}\n`,
  );
  process.exit(1);
}

/**
 * Installs the app into the sandbox portal through the real OAuth flow, then plays a HubSpot
 * workflow enrolling a contact (a signed call) and opens a deal for it, and says where to look.
 */
async function showSandbox(box: HubSpotSandbox, deps: AppDeps, base: string): Promise<void> {
  const installed = await installIntoSandbox(base).catch((error: unknown) => {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { status: 0, page: `${error instanceof Error ? error.message : String(error)}${cause}` };
  });
  const body = parsed(installed.page);
  const installationId = body?.installation?.id;
  if (installed.status !== 200 || !installationId) {
    process.stdout.write(
      `Sandbox HubSpot install failed (${installed.status}): ${installed.page.slice(0, 300)}\n`,
    );
    return;
  }
  const played = await playWorkflow(box, deps, installationId).catch(
    (e: unknown) => `not played: ${String(e)}`,
  );
  process.stdout.write(
    [
      `Sandbox HubSpot portal ${box.fake.state.portalId} at ${box.baseUrl}: the app is installed (OAuth flow run).`,
      body.apiKey
        ? `Portal API key (shown once): ${body.apiKey}`
        : 'Portal re-connected: its API key was shown when it was first installed.',
      `Sync status: curl -H "Authorization: Bearer <portal key>" ${base}/v1/crm/status`,
      `Workflow "Enroll in sequence" for contact-1@example.test: ${played}`,
      'A deal in an open stage was opened for that contact: within a minute the next pull pauses the',
      `enrollment (curl -H "Authorization: Bearer <portal key>" ${base}/v1/enrollments/<enrollment id>).`,
      `Install again by hand: ${base}/oauth/hubspot/install`,
      '',
    ].join('\n'),
  );
}

/** What a HubSpot workflow and a rep would do in the portal: a signed enroll call, then a deal. */
async function playWorkflow(box: HubSpotSandbox, deps: AppDeps, installationId: string): Promise<string> {
  const sequenceId = await sandboxSequence(deps, installationId);
  const contact = [...(box.fake.state.objects.get('contacts')?.values() ?? [])].find(
    (c) => c.properties.email === 'contact-1@example.test',
  );
  if (!contact) return 'the sandbox has no contact-1';
  const res = await box.fake.sendWorkflowAction(`${deps.config.publicBaseUrl}/hubspot/actions/enroll`, {
    callbackId: `sandbox-${Date.now()}`,
    origin: { portalId: box.fake.state.portalId, actionDefinitionId: 1, actionDefinitionVersion: 1 },
    context: { source: 'WORKFLOWS', workflowId: 1 },
    object: { objectId: Number(contact.id), objectType: 'CONTACT', properties: contact.properties },
    inputFields: { sequenceId },
  });
  const answer = (await res.json().catch(() => ({}))) as {
    outputFields?: { reason?: string; enrollment_id?: string };
  };
  const deal = putObject(box.fake.state, 'deals', {
    dealname: 'Sandbox deal',
    pipeline: 'default',
    dealstage: 'qualifiedtobuy',
  });
  associate(box.fake.state, `deals:${deal.id}`, `contacts:${contact.id}`, 3);
  associate(box.fake.state, `contacts:${contact.id}`, `deals:${deal.id}`, 4);
  const id = answer.outputFields?.enrollment_id;
  return `${res.status} ${answer.outputFields?.reason ?? ''}${id ? ` (enrollment ${id})` : ''}`;
}

function parsed(page: string): { apiKey?: string; installation?: { id?: string } } | null {
  try {
    return JSON.parse(page) as { apiKey?: string; installation?: { id?: string } };
  } catch {
    return null;
  }
}
