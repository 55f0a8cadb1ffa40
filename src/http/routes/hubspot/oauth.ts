import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import {
  authorizeUrl,
  callbackUrl,
  completeInstall,
  type InstallResult,
  isHubSpotConfigured,
} from '../../../services/hubspot/install';
import { checkInstallState, newInstallState, STATE_TTL_S } from '../../../services/hubspot/install-state';
import type { App, AppEnv } from '../../context';
import { consoleInstallation } from '../../middleware/console-session';

const COOKIE = 'tandem_hubspot_state';
const COOKIE_PATH = '/oauth/hubspot';
const NO_STORE = { 'cache-control': 'no-store' };

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
});

/** Our `{error:{code,message}}` shape, with codes of this flow (HubSpot's names, not the API's list). */
function fail(c: Context<AppEnv>, status: 400 | 403 | 409 | 502 | 503, code: string, message: string) {
  return c.json({ error: { code, message, requestId: c.get('requestId') } }, status, NO_STORE);
}

const notConfigured = (c: Context<AppEnv>) =>
  fail(c, 503, 'hubspot_not_configured', 'HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are not set');

const stateMessages: Record<string, string> = {
  oauth_state_missing: 'The install state or its cookie is missing: start again from /oauth/hubspot/install',
  oauth_state_invalid: 'The install state cookie is not ours',
  oauth_state_expired: 'The install took longer than 10 minutes: start again from /oauth/hubspot/install',
  oauth_state_mismatch: 'The install state does not match this browser',
};

const page = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:16px system-ui;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:.1rem .3rem}</style>
</head><body>${body}</body></html>`;

/** Where a console-started install ends: the console's Connections page. */
const CONNECTIONS = '/app/connections';

/** A console install's refusal for the admin's browser: the reason and the way back (409/403). */
function refusedPage(message: string) {
  return page(
    'HubSpot not connected',
    html`<h1>HubSpot not connected</h1><p>${message}</p><p><a href="${CONNECTIONS}">Back to Connections</a></p>`,
  );
}

function installedPage(r: Extract<InstallResult, { ok: true }>, back = false) {
  const what = r.installation.created ? 'installed' : 're-connected';
  const key = r.apiKey
    ? html`<p>Operator API key (shown once, keep it): <code>${r.apiKey}</code></p>`
    : html``;
  const problems = r.setup.problems.length
    ? html`<p>Setup is incomplete: ${r.setup.problems.join('; ')}. It is retried in the background.</p>`
    : html``;
  return page(
    'Tandem connected',
    html`<h1>Tandem ${what}</h1><p>HubSpot portal ${r.installation.portalId} (${r.installation.hubDomain ?? ''}).</p>
<p>${r.setup.propertiesCreated.length} properties created, ${r.setup.pipelines} pipelines and ${r.setup.owners} owners read.</p>${key}${problems}${back ? html`<p><a href="${CONNECTIONS}?ok=connected">Back to Connections</a></p>` : html``}`,
  );
}

export function registerHubSpotOAuthRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/oauth/hubspot/install',
      tags: ['hubspot'],
      summary:
        "Starts the HubSpot install: redirects to HubSpot's consent screen with a state bound to a cookie",
      responses: {
        302: { description: 'To HubSpot authorize' },
        403: { description: 'A rep console session: connecting needs an admin' },
        503: {
          description: 'The HubSpot app is not configured',
          content: { 'application/json': { schema: errorSchema } },
        },
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      if (!isHubSpotConfigured(deps)) return notConfigured(c);
      // From the console: connect the signed-in installation, not a new one for the portal.
      const from = await consoleInstallation(c);
      if (from.rep) return c.html(refusedPage('Connecting HubSpot needs an admin sign-in.'), 403, NO_STORE);
      const { state, cookie } = await newInstallState(deps, { installationId: from.id });
      setCookie(c, COOKIE, cookie, {
        path: COOKIE_PATH,
        httpOnly: true,
        sameSite: 'Lax', // sent on HubSpot's top-level redirect back to us
        secure: deps.config.publicBaseUrl.startsWith('https://'),
        maxAge: STATE_TTL_S,
      });
      c.header('cache-control', 'no-store');
      return c.redirect(authorizeUrl(deps, state), 302);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/oauth/hubspot/callback',
      tags: ['hubspot'],
      summary: 'HubSpot sends the admin back here: checks the state, exchanges the code, sets the portal up',
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
        303: { description: 'A console-started install: back to the Connections page' },
        400: {
          description: 'Bad state, declined, or a rejected code',
          content: { 'application/json': { schema: errorSchema } },
        },
        409: {
          description:
            'A console install: the portal belongs to another installation, or this one to another portal',
          content: { 'application/json': { schema: errorSchema } },
        },
        502: { description: 'HubSpot failed', content: { 'application/json': { schema: errorSchema } } },
        503: { description: 'Not configured', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      if (!isHubSpotConfigured(deps)) return notConfigured(c);
      const query = c.req.valid('query');
      const cookie = getCookie(c, COOKIE);
      // One use, whatever happens next.
      deleteCookie(c, COOKIE, {
        path: COOKIE_PATH,
        secure: deps.config.publicBaseUrl.startsWith('https://'),
      });
      const check = await checkInstallState(deps, cookie, query.state);
      if (!check.ok) return fail(c, 400, check.code, stateMessages[check.code] ?? 'Bad install state');
      if (query.error) {
        const code = query.error === 'access_denied' ? 'access_denied' : 'oauth_error';
        return fail(c, 400, code, query.error_description ?? `HubSpot answered ${query.error}`);
      }
      if (!query.code) return fail(c, 400, 'bad_request', 'The callback has no code');
      const fromConsole = check.installationId !== null;
      const wantsHtml = (c.req.header('accept') ?? '').includes('text/html');
      const result = await completeInstall(deps, {
        code: query.code,
        redirectUri: callbackUrl(deps),
        installationId: check.installationId,
      });
      if (!result.ok) {
        if (result.code === 'hubspot_not_configured') return notConfigured(c);
        if (result.code === 'installation_conflict')
          return wantsHtml
            ? c.html(refusedPage(result.message), 409, NO_STORE)
            : fail(c, 409, result.code, result.message);
        return result.code === 'oauth_code_rejected'
          ? fail(c, 400, result.code, result.message)
          : fail(c, 502, result.code, result.message);
      }
      if (fromConsole) {
        // A key shown once must be seen: then the end page, with the way back.
        if (result.apiKey) return c.html(installedPage(result, true), 200, NO_STORE);
        c.header('cache-control', 'no-store');
        return c.redirect(`${CONNECTIONS}?ok=connected`, 303);
      }
      if (wantsHtml) return c.html(installedPage(result), 200, NO_STORE);
      const { ok: _ok, ...body } = result;
      return c.json(body, 200, NO_STORE);
    },
  );
}
