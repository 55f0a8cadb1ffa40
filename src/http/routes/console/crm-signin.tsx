/** @jsxImportSource hono/jsx */
// "Sign in with HubSpot / Salesforce": the install's OAuth round trip (same app, state cookie and
// code exchange), sent back here; the CRM's identity picks the installation and starts a session.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Result } from '../../../lib/result';
import type { CrmIdentity, IdentityError } from '../../../services/console/crm-identity';
import { signInWithCrm } from '../../../services/console/crm-identity';
import { hubspotIdentity, hubspotSignInUrl } from '../../../services/console/crm-identity-hubspot';
import { salesforceIdentity, salesforceSignInUrl } from '../../../services/console/crm-identity-salesforce';
import { isHubSpotConfigured } from '../../../services/hubspot/install';
import * as hubspotState from '../../../services/hubspot/install-state';
import { isSalesforceConfigured } from '../../../services/salesforce/install';
import { loginUrlFor } from '../../../services/salesforce/install-host';
import * as salesforceState from '../../../services/salesforce/install-state';
import type { App, AppEnv } from '../../context';
import { setSessionCookie } from '../../middleware/console-session';
import { SignInPage } from '../../views/signin';
import { safeNext } from './next';

const STATE_COOKIE = 'tandem_signin_state';
const NEXT_COOKIE = 'tandem_signin_next';
const NO_STORE = { 'cache-control': 'no-store' };

const secure = (c: Context<AppEnv>) => c.var.deps.config.publicBaseUrl.startsWith('https://');
const cookiePath = (crm: CrmIdentity['crm']) => `/app/login/${crm}`;

/** The sign-in page again, with the reason; the CRM buttons stay so the user can try again. */
function refuse(c: Context<AppEnv>, status: 400 | 403 | 502 | 503, error: string) {
  const { config } = c.var.deps;
  return c.html(
    <SignInPage
      hubspot={Boolean(config.HUBSPOT_CLIENT_ID)}
      salesforce={Boolean(config.SALESFORCE_CLIENT_ID)}
      next="/app"
      error={error}
    />,
    status,
    NO_STORE,
  );
}

/** The state cookie and where to go after, both bound to this browser for the round trip only. */
function keepRoundTrip(c: Context<AppEnv>, crm: CrmIdentity['crm'], cookie: string) {
  const options = {
    path: cookiePath(crm),
    httpOnly: true,
    sameSite: 'Lax' as const, // sent on the CRM's top-level redirect back to us
    secure: secure(c),
    maxAge: hubspotState.STATE_TTL_S,
  };
  setCookie(c, STATE_COOKIE, cookie, options);
  setCookie(c, NEXT_COOKIE, safeNext(c.req.query('next')), options);
  c.header('cache-control', 'no-store');
}

/** Reads and spends the round trip's cookies: one use, whatever happens next. */
function spendRoundTrip(c: Context<AppEnv>, crm: CrmIdentity['crm']) {
  const state = getCookie(c, STATE_COOKIE);
  const next = safeNext(getCookie(c, NEXT_COOKIE));
  for (const name of [STATE_COOKIE, NEXT_COOKIE])
    deleteCookie(c, name, { path: cookiePath(crm), secure: secure(c) });
  return { state, next };
}

const BAD_STATE = 'This sign-in did not start in this browser or took too long: start again.';

async function finish(c: Context<AppEnv>, identity: Result<CrmIdentity, IdentityError>, next: string) {
  if (!identity.ok)
    return refuse(
      c,
      identity.error.code === 'oauth_code_rejected' ? 400 : 502,
      `Sign-in failed: ${identity.error.message}`,
    );
  const { db, clock } = c.var.deps;
  const signedIn = await signInWithCrm(db, identity.value, clock.now());
  if (!signedIn.ok) return refuse(c, 403, signedIn.message);
  setSessionCookie(c, signedIn.token);
  return c.redirect(next, 303);
}

/** The CRM's own refusal (the user declined), in its words. */
const declined = (c: Context<AppEnv>, crm: string) => {
  const error = c.req.query('error');
  return error ? `${crm} answered ${error}: ${c.req.query('error_description') ?? ''}`.trim() : null;
};

export function registerCrmSignIn(app: App): void {
  app.get('/app/login/hubspot', async (c) => {
    const deps = c.var.deps;
    if (!isHubSpotConfigured(deps)) return refuse(c, 503, 'Sign-in with HubSpot is not configured here.');
    const { state, cookie } = await hubspotState.newInstallState(deps);
    keepRoundTrip(c, 'hubspot', cookie);
    return c.redirect(hubspotSignInUrl(deps, state), 302);
  });

  app.get('/app/login/hubspot/callback', async (c) => {
    const deps = c.var.deps;
    if (!isHubSpotConfigured(deps)) return refuse(c, 503, 'Sign-in with HubSpot is not configured here.');
    const { state, next } = spendRoundTrip(c, 'hubspot');
    const check = await hubspotState.checkInstallState(deps, state, c.req.query('state'));
    if (!check.ok) return refuse(c, 400, BAD_STATE);
    const refusal = declined(c, 'HubSpot');
    if (refusal) return refuse(c, 400, refusal);
    const code = c.req.query('code');
    if (!code) return refuse(c, 400, 'HubSpot sent no code: start again.');
    return finish(c, await hubspotIdentity(deps, code), next);
  });

  app.get('/app/login/salesforce', async (c) => {
    const deps = c.var.deps;
    if (!isSalesforceConfigured(deps))
      return refuse(c, 503, 'Sign-in with Salesforce is not configured here.');
    const env = c.req.query('env');
    const domain = c.req.query('domain');
    const host = loginUrlFor(deps.config.SALESFORCE_LOGIN_URL, {
      ...(env === undefined ? {} : { env }),
      ...(domain === undefined ? {} : { domain }),
    });
    if (!host.ok) return refuse(c, 400, host.error.message);
    const pkce = await salesforceState.newPkce();
    const { state, cookie } = await salesforceState.newInstallState(deps, {
      verifier: pkce.verifier,
      loginUrl: host.value,
    });
    keepRoundTrip(c, 'salesforce', cookie);
    return c.redirect(
      salesforceSignInUrl(deps, { loginUrl: host.value, state, challenge: pkce.challenge }),
      302,
    );
  });

  app.get('/app/login/salesforce/callback', async (c) => {
    const deps = c.var.deps;
    if (!isSalesforceConfigured(deps))
      return refuse(c, 503, 'Sign-in with Salesforce is not configured here.');
    const { state, next } = spendRoundTrip(c, 'salesforce');
    // Salesforce's own refusal first: it is the reason the user needs, whatever the state says.
    const refusal = declined(c, 'Salesforce');
    if (refusal) return refuse(c, 400, refusal);
    const check = await salesforceState.checkInstallState(deps, state, c.req.query('state'));
    if (!check.ok) return refuse(c, 400, BAD_STATE);
    const code = c.req.query('code');
    if (!code) return refuse(c, 400, 'Salesforce sent no code: start again.');
    const identity = await salesforceIdentity(deps, {
      code,
      verifier: check.verifier,
      loginUrl: check.loginUrl,
    });
    return finish(c, identity, next);
  });
}
