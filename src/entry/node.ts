import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../lib/logger';
import { seedDemo } from '../services/demo';
import { type HubSpotSandbox, installIntoSandbox, startHubSpotSandbox } from './hubspot-sandbox';
import { nodeVersionWarning } from './node-version';
import { type Role, type Runtime, startRuntime } from './runtime';

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
// --demo is a local trial: its developer pages (the SMTP sink's mail, loopback and key only) come with it.
const config = {
  ...loadConfigOrExit({ ...process.env, ...sandbox?.env }),
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
      process.stdout.write(
        [
          '',
          demo.seeded
            ? 'Demo data seeded: 4 contacts enrolled in "Demo outreach".'
            : 'Demo data already present.',
          `API key (shown once): ${demo.apiKey}`,
          `Try: curl -H "Authorization: Bearer ${demo.apiKey}" ${base}/v1/sequences`,
          `Mail delivered to the local SMTP sink: ${base}/dev/mail?key=${demo.apiKey}`,
          '',
        ].join('\n'),
      );
    },
  });
  await starting;
  logger.info('tandem started', { role, database: config.DATABASE_URL ? 'external' : 'embedded' });
  // After the HTTP server listens: the OAuth flow calls our own routes.
  if (sandbox && role !== 'worker') {
    await showSandbox(
      sandbox,
      `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`,
    );
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${message.startsWith('Invalid configuration') ? message : `Failed to start: ${message}`}\n`,
  );
  process.exit(1);
}

/** Installs the app into the sandbox portal through the real OAuth flow and says where to look. */
async function showSandbox(box: HubSpotSandbox, base: string): Promise<void> {
  const installed = await installIntoSandbox(base).catch((error: unknown) => {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { status: 0, page: `${error instanceof Error ? error.message : String(error)}${cause}` };
  });
  const key = apiKeyOf(installed.page);
  const lines =
    installed.status === 200
      ? [
          `Sandbox HubSpot portal ${box.fake.state.portalId} at ${box.baseUrl}: the app is installed (OAuth flow run).`,
          key
            ? `Portal API key (shown once): ${key}`
            : 'Portal re-connected: its API key was shown when it was first installed.',
          `Sync status: curl -H "Authorization: Bearer <portal key>" ${base}/v1/crm/status`,
          `Install again by hand: ${base}/oauth/hubspot/install`,
        ]
      : [`Sandbox HubSpot install failed (${installed.status}): ${installed.page.slice(0, 300)}`];
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

function apiKeyOf(page: string): string | null {
  try {
    const body = JSON.parse(page) as { apiKey?: unknown };
    return typeof body.apiKey === 'string' ? body.apiKey : null;
  } catch {
    return null;
  }
}
