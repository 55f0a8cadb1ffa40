import { mergeCrmSettings } from '../crm/crm-settings';
import type { AppDeps } from '../deps';
import { createApiKey } from '../installations';
import { issueCalloutSecret } from './callout-secret';
import { bindSalesforceInstallation, upsertSalesforceInstallation } from './install-store';
import { type ExchangeError, exchangeCode } from './install-token';
import { type SetupReport, syncOrgMetadata } from './setup';
import { enqueueSync } from './sync';
import { sealCredentials } from './token-store';

/**
 * The callback's answer (the e2e test and the --demo sandbox read this exact shape). Secrets are shown
 * once: the callout secret on every install (a new one replaces the old), the API key on the first.
 */
export type Installed = {
  installation: { id: string; name: string; crm: 'salesforce'; externalId: string };
  orgId: string;
  instanceUrl: string;
  apiKey?: string;
  calloutSecret: string;
  reinstalled: boolean;
  warnings: string[];
};

/** Installed plus what the HTML page says beyond it (the setup counts, a replaced secret). */
export type InstallResult =
  | { ok: true; body: Installed; setup: SetupReport; calloutSecretReplaced: boolean }
  | { ok: false; code: ExchangeError['code']; message: string }
  /** A console install whose org or installation is taken: the route answers 409. */
  | { ok: false; code: 'installation_conflict'; message: string };

/** Thrown inside the install transaction so a refused binding leaves nothing behind. */
class Refused extends Error {}

/** What the app asks for: the REST API and a refresh token (Salesforce's `refresh_token` = offline). */
export const SALESFORCE_SCOPES = ['api', 'refresh_token'] as const;

export const isSalesforceConfigured = (deps: AppDeps) => Boolean(deps.config.SALESFORCE_CLIENT_ID);

/** Where Salesforce sends the admin back; the connected app's callback URL must be exactly this. */
export const callbackUrl = (deps: AppDeps) => `${deps.config.publicBaseUrl}/oauth/salesforce/callback`;

/** The consent screen at `loginUrl`, with PKCE (S256 spelled out: Salesforce requires the method). */
export function authorizeUrl(
  deps: AppDeps,
  input: { loginUrl: string; state: string; challenge: string },
): string {
  const url = new URL('/services/oauth2/authorize', input.loginUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: deps.config.SALESFORCE_CLIENT_ID ?? '',
    redirect_uri: callbackUrl(deps),
    scope: SALESFORCE_SCOPES.join(' '),
    state: input.state,
    code_challenge: input.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/**
 * The callback's code -> tokens sealed in the org's one installation, a callout secret, the first
 * install's API key -> owners, stages and a field check -> the backfill queued.
 * `installationId` (a console-started install): connect that installation, never another one.
 */
export async function completeInstall(
  deps: AppDeps,
  input: { code: string; verifier: string; loginUrl: string; installationId?: string | null },
): Promise<InstallResult> {
  const { installationId: bindTo = null, ...exchange } = input;
  const exchanged = await exchangeCode(deps, { ...exchange, redirectUri: callbackUrl(deps) });
  if (!exchanged.ok) return { ok: false, ...exchanged.error };
  const grant = exchanged.value;
  const sealed = await sealCredentials(deps, {
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken,
    instanceUrl: grant.instanceUrl,
    orgId: grant.orgId,
    userId: grant.userId,
    loginUrl: input.loginUrl, // refreshes go where the org logged in (sandbox, My Domain)
    scopes: grant.scopes,
  });
  const now = deps.clock.now();
  let done: {
    row: { id: string; name: string; created: boolean; hadSecret: boolean };
    calloutSecret: string;
    apiKey: string | null;
  };
  try {
    done = await deps.db.transaction(async (tx) => {
      let row: { id: string; name: string; created: boolean; hadSecret: boolean };
      if (bindTo) {
        const bound = await bindSalesforceInstallation(tx, {
          installationId: bindTo,
          orgId: grant.orgId,
          sealed,
        });
        if (!bound.ok) throw new Refused(bound.message);
        row = bound.row;
      } else {
        row = await upsertSalesforceInstallation(tx, {
          orgId: grant.orgId,
          name: `Salesforce org ${grant.orgId} (${new URL(grant.instanceUrl).host})`,
          sealed,
        });
      }
      await mergeCrmSettings(tx, row.id, 'salesforce', {
        orgId: grant.orgId,
        instanceUrl: grant.instanceUrl,
        loginUrl: input.loginUrl,
        installedBy: grant.userId,
        scopes: grant.scopes,
        connectedAt: now.toISOString(),
      });
      const calloutSecret = await issueCalloutSecret(deps, tx, row.id);
      const key = row.created
        ? await createApiKey(tx, { installationId: row.id, name: 'salesforce-install', role: 'admin' })
        : null;
      return { row, calloutSecret, apiKey: key?.key ?? null };
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    deps.logger.warn('salesforce install refused', { installationId: bindTo, orgId: grant.orgId });
    return { ok: false, code: 'installation_conflict', message: error.message };
  }
  const { row } = done;
  deps.logger.info('salesforce installed', {
    installationId: row.id,
    orgId: grant.orgId,
    created: row.created,
  });
  const setup = await syncOrgMetadata(deps, row.id);
  // The backfill starts now rather than at the next sync tick; a running one just carries on.
  await enqueueSync(deps, row.id, 'backfill');
  const body: Installed = {
    installation: { id: row.id, name: row.name, crm: 'salesforce', externalId: grant.orgId },
    orgId: grant.orgId,
    instanceUrl: grant.instanceUrl,
    ...(done.apiKey ? { apiKey: done.apiKey } : {}),
    calloutSecret: done.calloutSecret,
    reinstalled: !row.created,
    warnings: setup.warnings,
  };
  return { ok: true, body, setup, calloutSecretReplaced: row.hadSecret };
}
