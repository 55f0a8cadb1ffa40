import { Client } from '@hubspot/api-client';
import { enqueue } from '../../jobs/enqueue';
import { mergeCrmSettings } from '../crm/crm-settings';
import type { AppDeps } from '../deps';
import { createApiKey } from '../installations';
import { HUBSPOT_SCOPES } from './install-scopes';
import { type SetupReport, setupPortal } from './install-setup';
import { bindHubSpotInstallation, upsertHubSpotInstallation } from './install-store';
import { enqueueSync } from './sync';
import { requestToken } from './token-http';
import { sealCredentials } from './token-store';

export type InstallResult =
  | {
      ok: true;
      installation: { id: string; portalId: number; hubDomain: string | null; created: boolean };
      scopes: string[];
      /** The installation's operator API key, on the first install only (shown once, stored hashed). */
      apiKey: string | null;
      setup: SetupReport;
      /** Setup left problems and a `hubspot.setupPortal` job will try again. */
      setupRetry: boolean;
    }
  | {
      ok: false;
      /** installation_conflict: a console install whose portal or installation is taken (409). */
      code:
        | 'hubspot_not_configured'
        | 'oauth_code_rejected'
        | 'hubspot_unavailable'
        | 'installation_conflict';
      message: string;
    };

/** Thrown inside the install transaction so a refused binding leaves nothing behind. */
class Refused extends Error {}

export { type SetupReport, setupPortal } from './install-setup';
export { type ConnectionStatus, connectionStatus } from './install-status';

const SETUP_RETRY_AFTER_S = 60;

export const isHubSpotConfigured = (deps: AppDeps) =>
  Boolean(deps.config.HUBSPOT_CLIENT_ID && deps.config.HUBSPOT_CLIENT_SECRET);

/** Where HubSpot sends the admin back; it must be one of the app's registered redirect URLs. */
export const callbackUrl = (deps: AppDeps) => `${deps.config.publicBaseUrl}/oauth/hubspot/callback`;

/** HubSpot's consent screen for our app (scopes space-separated, as HubSpot documents). */
export function authorizeUrl(deps: AppDeps, state: string): string {
  const query = [
    ['client_id', deps.config.HUBSPOT_CLIENT_ID ?? ''],
    ['redirect_uri', callbackUrl(deps)],
    ['scope', HUBSPOT_SCOPES.join(' ')],
    ['state', state],
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v ?? '')}`)
    .join('&');
  return `${deps.config.HUBSPOT_AUTH_BASE_URL.replace(/\/$/, '')}/oauth/authorize?${query}`;
}

/**
 * The authorization code from the callback -> tokens sealed in the portal's one installation -> setup.
 * `installationId` (a console-started install): connect that installation, never another one.
 */
export async function completeInstall(
  deps: AppDeps,
  input: { code: string; redirectUri: string; installationId?: string | null },
): Promise<InstallResult> {
  const answer = await requestToken(deps, {
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
  });
  if (!answer.ok) {
    if (answer.kind === 'not_configured')
      return { ok: false, code: 'hubspot_not_configured', message: answer.message };
    const code =
      answer.kind === 'rejected' || answer.status === 400 ? 'oauth_code_rejected' : 'hubspot_unavailable';
    return { ok: false, code, message: answer.message };
  }
  const { grant } = answer;
  if (!grant.refreshToken)
    return { ok: false, code: 'hubspot_unavailable', message: 'HubSpot gave no refresh token' };
  let info: { hubId: number; hubDomain?: string; user?: string; scopes: string[] };
  try {
    // The SDK's token model drops hub_id; introspection has it, with the installing user and scopes.
    const anonymous = new Client({ basePath: deps.config.HUBSPOT_API_BASE_URL, numberOfApiCallRetries: 0 });
    info = await anonymous.oauth.accessTokensApi.get(grant.accessToken);
  } catch (error) {
    // First line only: the SDK's message goes on with headers and body, not for a browser.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, code: 'hubspot_unavailable', message: `HubSpot token lookup failed: ${message}` };
  }
  const now = deps.clock.now();
  const credentials = {
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken,
    hubId: info.hubId,
    scopes: info.scopes,
  };
  const sealed = await sealCredentials(deps, credentials);
  const expiresAt = new Date(now.getTime() + grant.expiresIn * 1000);
  const bindTo = input.installationId ?? null;
  let done: { row: { id: string; created: boolean }; apiKey: string | null };
  try {
    done = await deps.db.transaction(async (tx) => {
      let row: { id: string; created: boolean };
      if (bindTo) {
        const bound = await bindHubSpotInstallation(tx, {
          installationId: bindTo,
          hubId: info.hubId,
          sealed,
          expiresAt,
        });
        if (!bound.ok) throw new Refused(bound.message);
        row = bound.row;
      } else {
        row = await upsertHubSpotInstallation(tx, {
          hubId: info.hubId,
          name: info.hubDomain ?? `HubSpot portal ${info.hubId}`,
          sealed,
          expiresAt,
        });
      }
      await mergeCrmSettings(tx, row.id, 'hubspot', {
        portalId: info.hubId,
        hubDomain: info.hubDomain ?? null,
        installedBy: info.user ?? null,
        scopes: info.scopes,
        connectedAt: now.toISOString(),
      });
      const key = row.created
        ? await createApiKey(tx, { installationId: row.id, name: 'hubspot-install', role: 'admin' })
        : null;
      return { row, apiKey: key?.key ?? null };
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    deps.logger.warn('hubspot install refused', { installationId: bindTo, portalId: info.hubId });
    return { ok: false, code: 'installation_conflict', message: error.message };
  }
  const { row, apiKey } = done;
  deps.logger.info('hubspot installed', {
    installationId: row.id,
    portalId: info.hubId,
    created: row.created,
  });
  const setup = await setupPortal(deps, row.id);
  // The backfill starts now rather than at the next sync tick; a running one just carries on.
  await enqueueSync(deps, 'hubspot.backfill', row.id);
  // What failed is tried again by a job; the outbox cannot write our properties before they exist.
  const setupRetry = setup.problems.length > 0;
  if (setupRetry)
    await enqueue(
      deps.boss,
      deps.db,
      'hubspot.setupPortal',
      { installationId: row.id },
      {
        singletonKey: row.id,
        startAfter: SETUP_RETRY_AFTER_S,
      },
    );
  return {
    ok: true,
    installation: {
      id: row.id,
      portalId: info.hubId,
      hubDomain: info.hubDomain ?? null,
      created: row.created,
    },
    scopes: info.scopes,
    apiKey,
    setup,
    setupRetry,
  };
}
