import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import {
  authorizeUrl,
  completeInstall,
  type InstallResult,
  isSalesforceConfigured,
} from '../../../services/salesforce/install';
import { loginUrlFor } from '../../../services/salesforce/install-host';
import {
  checkInstallState,
  newInstallState,
  newPkce,
  STATE_TTL_S,
} from '../../../services/salesforce/install-state';
import type { App, AppEnv } from '../../context';
import { consoleInstallation } from '../../middleware/console-session';

const COOKIE = 'tandem_salesforce_state';
const COOKIE_PATH = '/oauth/salesforce';
const NO_STORE = { 'cache-control': 'no-store' };

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
});
const errorContent = { content: { 'application/json': { schema: errorSchema } } };

function fail(c: Context<AppEnv>, status: 400 | 403 | 409 | 502 | 503, code: string, message: string) {
  return c.json({ error: { code, message, requestId: c.get('requestId') } }, status, NO_STORE);
}

const notConfigured = (c: Context<AppEnv>) =>
  fail(c, 503, 'salesforce_not_configured', 'SALESFORCE_CLIENT_ID is not set');

const secure = (c: Context<AppEnv>) => c.get('deps').config.publicBaseUrl.startsWith('https://');

type Installed = Omit<Extract<InstallResult, { ok: true }>, 'ok'>;

/** Where a console-started install ends: the console's Connections page. */
const CONNECTIONS = '/app/connections';

const shell = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:16px system-ui;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1rem .3rem;word-break:break-all}</style>
</head><body>${body}</body></html>`;

/** A console install's refusal for the admin's browser: the reason and the way back (409/403). */
function refusedPage(message: string) {
  return shell(
    'Salesforce not connected',
    html`<h1>Salesforce not connected</h1><p>${message}</p><p><a href="${CONNECTIONS}">Back to Connections</a></p>`,
  );
}

/** For the admin's browser: what was connected, the secrets shown once, and what setup still needs. */
function installedPage(r: Installed, back = false) {
  const b = r.body;
  const what = b.reinstalled ? 're-connected' : 'installed';
  const replaced = r.calloutSecretReplaced
    ? html` It replaces the previous secret, which stops working now: update the External Credential.`
    : html``;
  const key = b.apiKey
    ? html`<p>Operator API key (shown once, keep it): <code>${b.apiKey}</code></p>`
    : html``;
  const warnings = b.warnings.length
    ? html`<p>Setup needs attention:</p><ul>${b.warnings.map((w) => html`<li>${w}</li>`)}</ul>`
    : html``;
  const backLink = back
    ? html`<p><a href="${CONNECTIONS}?ok=connected">Back to Connections</a> (copy the secret first)</p>`
    : html``;
  return shell(
    'Tandem connected',
    html`<h1>Tandem ${what}</h1><p>Salesforce org ${b.orgId} (${b.instanceUrl}).</p>
<p>${r.setup.owners} users and ${r.setup.stages} opportunity stages read; the first sync has started.</p>
<p>Callout secret for the Tandem External Credential (shown once, keep it): <code>${b.calloutSecret}</code>.${replaced}</p>
${key}${warnings}${backLink}`,
  );
}

export function registerSalesforceOAuthRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/oauth/salesforce/install',
      tags: ['salesforce'],
      summary:
        "Starts the Salesforce install: redirects to the org's login host with PKCE and a state bound to a cookie",
      request: {
        query: z.object({
          env: z.string().max(20).optional().openapi({ description: 'production (default) or sandbox' }),
          domain: z
            .string()
            .max(300)
            .optional()
            .openapi({ description: 'My Domain login host, e.g. acme.my.salesforce.com' }),
        }),
      },
      responses: {
        302: { description: 'To Salesforce authorize' },
        400: { description: 'Bad env or domain', ...errorContent },
        403: { description: 'A rep console session: connecting needs an admin' },
        503: { description: 'The connected app is not configured', ...errorContent },
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      if (!isSalesforceConfigured(deps)) return notConfigured(c);
      const query = c.req.valid('query');
      const host = loginUrlFor(deps.config.SALESFORCE_LOGIN_URL, query);
      if (!host.ok) return fail(c, 400, host.error.code, host.error.message);
      // From the console: connect the signed-in installation, not a new one for the org.
      const from = await consoleInstallation(c);
      if (from.rep)
        return c.html(refusedPage('Connecting Salesforce needs an admin sign-in.'), 403, NO_STORE);
      const pkce = await newPkce();
      const { state, cookie } = await newInstallState(deps, {
        verifier: pkce.verifier,
        loginUrl: host.value,
        installationId: from.id,
      });
      setCookie(c, COOKIE, cookie, {
        path: COOKIE_PATH,
        httpOnly: true,
        sameSite: 'Lax', // sent on Salesforce's top-level redirect back to us
        secure: secure(c),
        maxAge: STATE_TTL_S,
      });
      c.header('cache-control', 'no-store');
      return c.redirect(authorizeUrl(deps, { loginUrl: host.value, state, challenge: pkce.challenge }), 302);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/oauth/salesforce/callback',
      tags: ['salesforce'],
      summary: 'Salesforce sends the admin back here: checks the state, exchanges the code, sets the org up',
      request: {
        query: z.object({
          code: z.string().max(2000).optional(),
          state: z.string().max(200).optional(),
          error: z.string().max(200).optional(),
          error_description: z.string().max(2000).optional(),
        }),
      },
      responses: {
        200: { description: 'Installed: JSON, or a page for a browser' },
        400: { description: 'Bad state, declined, or a rejected code', ...errorContent },
        409: {
          description:
            'A console install: the org belongs to another installation, or this one to another org',
          ...errorContent,
        },
        502: { description: 'Salesforce failed', ...errorContent },
        503: { description: 'Not configured', ...errorContent },
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      if (!isSalesforceConfigured(deps)) return notConfigured(c);
      const query = c.req.valid('query');
      const cookie = getCookie(c, COOKIE);
      // One use, whatever happens next.
      deleteCookie(c, COOKIE, { path: COOKIE_PATH, secure: secure(c) });
      // Salesforce's own refusal first: it is the reason the admin needs, whatever the state says.
      if (query.error) {
        const code = query.error === 'access_denied' ? 'access_denied' : 'oauth_error';
        return fail(
          c,
          400,
          code,
          `Salesforce answered ${query.error}: ${query.error_description ?? ''}`.trim(),
        );
      }
      const check = await checkInstallState(deps, cookie, query.state);
      if (!check.ok) return fail(c, 400, check.code, check.message);
      if (!query.code) return fail(c, 400, 'bad_request', 'The callback has no code');
      const result = await completeInstall(deps, {
        code: query.code,
        verifier: check.verifier,
        loginUrl: check.loginUrl,
        installationId: check.installationId,
      });
      const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
      if (!result.ok) {
        if (result.code === 'installation_conflict')
          return wantsJson
            ? fail(c, 409, result.code, result.message)
            : c.html(refusedPage(result.message), 409, NO_STORE);
        return fail(c, result.code === 'oauth_code_rejected' ? 400 : 502, result.code, result.message);
      }
      if (wantsJson) return c.json(result.body, 200, NO_STORE);
      // Every install shows a new callout secret once: a console install sees it too, with the way back.
      return c.html(installedPage(result, check.installationId !== null), 200, NO_STORE);
    },
  );
}
