import { sfDate } from '../../connectors/salesforce/fake/state';
import { syncStatus } from '../services/crm/sync-status';
import { sandboxSequence } from '../services/demo-sandbox';
import type { AppDeps } from '../services/deps';
import { installIntoSalesforceSandbox, type SalesforceSandbox } from './salesforce-sandbox';

type Installed = { installation?: { id?: string }; apiKey?: string; calloutSecret?: string; orgId?: string };

/**
 * Installs the app into the sandbox org through the real OAuth flow, waits for the backfill, then
 * plays a Flow enrolling a contact (a callout with the org's secret) and opens an opportunity for it.
 */
export async function showSalesforceSandbox(box: SalesforceSandbox, deps: AppDeps, base: string) {
  const installed = await installIntoSalesforceSandbox(base).catch((error: unknown) => ({
    status: 0,
    page: error instanceof Error ? error.message : String(error),
  }));
  const body = parsed(installed.page);
  const installationId = body?.installation?.id;
  if (installed.status !== 200 || !installationId || !body?.calloutSecret) {
    process.stdout.write(
      `Sandbox Salesforce install failed (${installed.status}): ${installed.page.slice(0, 300)}\n`,
    );
    return;
  }
  const synced = await backfilled(deps, installationId);
  const played = await playFlow(box, deps, base, installationId, body.calloutSecret).catch(
    (e: unknown) => `not played: ${String(e)}`,
  );
  process.stdout.write(
    [
      `Sandbox Salesforce org ${box.fake.state.orgId} at ${box.baseUrl}: the app is installed (OAuth with PKCE run).`,
      body.apiKey
        ? `Org API key (shown once): ${body.apiKey}`
        : 'Org re-connected: its API key was shown when it was first installed.',
      `Backfill: ${synced ? 'done' : 'still running'} (curl -H "Authorization: Bearer <org key>" ${base}/v1/crm/status)`,
      `Flow "Enroll in Tandem sequence" for contact-1@example.test: ${played}`,
      'An opportunity in an open stage was opened with that contact in a role: within a minute the next',
      'pull pauses the enrollment.',
      `Install again by hand: ${base}/oauth/salesforce/install`,
      '',
    ].join('\n'),
  );
}

/** The worker runs the backfill; the demo waits for it (30 s at most) so the Flow finds the contact. */
async function backfilled(deps: AppDeps, installationId: string): Promise<boolean> {
  for (let i = 0; i < 60; i += 1) {
    const status = await syncStatus(deps, installationId);
    if (status.objects.length > 0 && status.objects.every((o) => o.phase !== 'backfill')) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function playFlow(
  box: SalesforceSandbox,
  deps: AppDeps,
  base: string,
  installationId: string,
  secret: string,
): Promise<string> {
  const sequenceId = await sandboxSequence(deps, installationId);
  const contact = [...(box.fake.state.records.get('Contact')?.values() ?? [])].find(
    (c) => c.Email === 'contact-1@example.test',
  );
  if (!contact) return 'the sandbox has no contact-1';
  const res = await fetch(`${base}/salesforce/actions/enroll`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-tandem-org': box.fake.state.orgId,
      'x-tandem-secret': secret,
    },
    body: JSON.stringify({ requestId: `sandbox-${Date.now()}`, recordId: contact.Id, sequenceId }),
  });
  const answer = (await res.json().catch(() => ({}))) as { outcome?: string; enrollmentId?: string };
  const opp = box.fake.putRecord('Opportunity', {
    Name: 'Sandbox opportunity',
    StageName: 'Qualification',
    CloseDate: sfDate(Date.now() + 30 * 86_400_000),
  });
  box.fake.putRecord('OpportunityContactRole', { OpportunityId: opp.Id, ContactId: contact.Id });
  const id = answer.enrollmentId;
  return `${res.status} ${answer.outcome ?? ''}${id ? ` (enrollment ${id})` : ''}`;
}

function parsed(page: string): Installed | null {
  try {
    return JSON.parse(page) as Installed;
  } catch {
    return null;
  }
}
