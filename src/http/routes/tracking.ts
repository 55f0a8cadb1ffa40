import { createRoute, z } from '@hono/zod-openapi';
import { html } from 'hono/html';
import { getTrackingSettings, updateTrackingSettings } from '../../services/engagement/settings';
import { trackClick, trackOpen } from '../../services/engagement/track';
import { resolveUnsubscribe, unsubscribeByToken } from '../../services/engagement/unsubscribe';
import type { App } from '../context';
import { AppError } from '../errors';
import { requireApiKey } from '../middleware/auth';
import { errorResponses, jsonBody, ok } from '../schemas';

// The smallest transparent GIF (1x1).
const PIXEL = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (ch) =>
  ch.charCodeAt(0),
);
const NO_STORE = { 'cache-control': 'no-store, private', 'referrer-policy': 'no-referrer' };

const pathToken = z
  .string()
  .min(1)
  .max(4096)
  .openapi({ param: { name: 'token', in: 'path' } });
const tokenParams = z.object({ token: pathToken });
const fileParams = z.object({
  file: z
    .string()
    .min(1)
    .max(4096)
    .openapi({ param: { name: 'file', in: 'path' }, example: '<token>.gif' }),
});

const siteName = z
  .string()
  .max(253)
  .transform((v) => v.trim().toLowerCase().replace(/\.$/, ''))
  .pipe(
    z
      .string()
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        'must be a host name such as www.example.com',
      ),
  );

const trackingSettings = z
  .object({
    clickTracking: z.boolean(),
    openTracking: z.boolean(),
    trackedSites: z
      .array(siteName)
      .max(50)
      .openapi({
        description:
          'Host names of your sites that run /t.js. A human click to one of them (or a subdomain) gets ' +
          '`tdm=<token>` added so page views are tied to the contact; other links are redirected unchanged.',
        example: ['www.example.com'],
      }),
  })
  .openapi('TrackingSettings');

const page = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:16px system-ui;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font:inherit;padding:.6rem 1.2rem;cursor:pointer}</style>
</head><body>${body}</body></html>`;

function unsubscribeError(code: 'invalid_token' | 'unknown_send'): AppError {
  return code === 'invalid_token'
    ? new AppError('not_found', 'Unknown or invalid unsubscribe link')
    : new AppError('not_found', 'This unsubscribe link points at no mail we sent');
}

/** Public, signed routes: click redirects, the open pixel, unsubscribe (page + RFC 8058 one-click). */
export function registerTrackingRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/t/c/{token}',
      tags: ['tracking'],
      summary: 'Tracked link: records the click, redirects to the URL that was in the mail',
      request: { params: tokenParams },
      responses: { 302: { description: 'Redirect to the original URL' }, 404: errorResponses[404] },
    }),
    async (c) => {
      const result = await trackClick(c.var.deps, {
        token: c.req.valid('param').token,
        method: c.req.method,
        userAgent: c.req.header('user-agent') ?? null,
      });
      if (!result.ok) throw new AppError('not_found', 'Unknown or invalid link');
      // The honeypot link has no destination: people never see it.
      if (result.value.url === null) return c.body(null, 204, NO_STORE);
      return c.redirect(result.value.url, 302);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/t/o/{file}',
      tags: ['tracking'],
      summary: 'Open pixel (`<token>.gif`), when the installation turned open tracking on',
      request: { params: fileParams },
      responses: { 200: { description: '1x1 GIF' }, 404: errorResponses[404] },
    }),
    async (c) => {
      const file = c.req.valid('param').file;
      if (!file.endsWith('.gif')) throw new AppError('not_found', 'Unknown pixel');
      const result = await trackOpen(c.var.deps, {
        token: file.slice(0, -'.gif'.length),
        method: c.req.method,
        userAgent: c.req.header('user-agent') ?? null,
      });
      if (!result.ok) throw new AppError('not_found', 'Unknown pixel');
      return c.body(PIXEL, 200, { 'content-type': 'image/gif', ...NO_STORE });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/u/{token}',
      tags: ['unsubscribe'],
      summary: 'Unsubscribe confirmation page (the button POSTs; a GET alone changes nothing)',
      request: { params: tokenParams },
      responses: { 200: { description: 'HTML page' }, 404: errorResponses[404] },
    }),
    async (c) => {
      const token = c.req.valid('param').token;
      const target = await resolveUnsubscribe(c.var.deps, c.var.deps.db, token);
      if (!target.ok) throw unsubscribeError(target.error.code);
      const t = target.value;
      // Link scanners follow GETs, so only the POST opts out.
      const body = t.alreadySuppressed
        ? html`<h1>You are unsubscribed</h1><p>${t.email} gets no more mail from these sequences.</p>`
        : html`<h1>Unsubscribe</h1><p>Stop all sequence mail to <strong>${t.email}</strong>?</p>
<form method="post" action="/u/${encodeURIComponent(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button></form>`;
      return c.html(page('Unsubscribe', body), 200, NO_STORE);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/u/{token}',
      tags: ['unsubscribe'],
      summary: 'One-click unsubscribe (RFC 8058): body `List-Unsubscribe=One-Click`, form-encoded',
      request: { params: tokenParams },
      responses: {
        200: { description: 'Unsubscribed (also when already unsubscribed)' },
        413: errorResponses[400],
        415: errorResponses[400],
        ...errorResponses,
      },
    }),
    async (c) => {
      const token = c.req.valid('param').token;
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
        throw new AppError('unsupported_media_type', 'Send List-Unsubscribe=One-Click as a form body');
      }
      // The signed token first: an invalid link never gets its body read (the body is also
      // limited to FORM_BODY_LIMIT by the global guard).
      const target = await resolveUnsubscribe(c.var.deps, c.var.deps.db, token);
      if (!target.ok) throw unsubscribeError(target.error.code);
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        throw new AppError('bad_request', 'Malformed form body');
      }
      if (form.get('List-Unsubscribe') !== 'One-Click') {
        throw new AppError('bad_request', 'The body must be List-Unsubscribe=One-Click (RFC 8058)');
      }
      const result = await unsubscribeByToken(c.var.deps, token, 'one_click');
      if (!result.ok) throw unsubscribeError(result.error.code);
      const body = html`<h1>You are unsubscribed</h1><p>${result.value.email} gets no more mail from these sequences.</p>`;
      return c.html(page('Unsubscribed', body), 200, NO_STORE);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tracking/settings',
      tags: ['tracking'],
      summary: 'Click and open tracking of the installation',
      middleware: [requireApiKey] as const,
      security: [{ apiKey: [] }],
      responses: { 200: ok(trackingSettings), ...errorResponses },
    }),
    async (c) => c.json(await getTrackingSettings(c.var.deps.db, c.var.installationId), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/tracking/settings',
      tags: ['tracking'],
      summary: 'Click tracking, the open pixel (for mail sent from now on) and the sites that run /t.js',
      middleware: [requireApiKey] as const,
      security: [{ apiKey: [] }],
      request: jsonBody(trackingSettings.partial().strict()),
      responses: { 200: ok(trackingSettings), ...errorResponses },
    }),
    async (c) => {
      const patch = c.req.valid('json');
      const clean = {
        ...(patch.clickTracking === undefined ? {} : { clickTracking: patch.clickTracking }),
        ...(patch.openTracking === undefined ? {} : { openTracking: patch.openTracking }),
        ...(patch.trackedSites === undefined ? {} : { trackedSites: [...new Set(patch.trackedSites)] }),
      };
      return c.json(await updateTrackingSettings(c.var.deps, c.var.installationId, clean), 200);
    },
  );
}
