import { z } from '@hono/zod-openapi';
import { recordPageView } from '../../services/engagement/page-views';
import type { App } from '../context';

/** Page views are tiny; anything bigger is not ours. */
const PV_LIMIT = 4096;
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '86400',
};

const pageView = z.object({
  token: z.string().min(1).max(2048),
  url: z.url().max(2048),
  referrer: z.string().max(2048).nullish(),
});

/**
 * First-party snippet: keeps the `tdm` click token in the site's own localStorage (no cookies,
 * no third party) and beacons each page view to `/t/pv`. No eval, no dependencies.
 */
const script = (base: string) => `(function(){try{var k="tdm",q=new URLSearchParams(location.search).get(k);
if(q)localStorage.setItem(k,q);var t=localStorage.getItem(k);if(!t)return;
var b=JSON.stringify({token:t,url:location.href,referrer:document.referrer||null}),u=${JSON.stringify(`${base}/t/pv`)};
if(!(navigator.sendBeacon&&navigator.sendBeacon(u,b)))fetch(u,{method:"POST",body:b,keepalive:true,mode:"cors"});}catch(e){}})();
`;

export function registerTrackingScriptRoutes(app: App): void {
  app.get('/t.js', (c) => {
    const base = new URL(c.req.url).origin;
    return c.body(script(base), 200, {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    });
  });
  app.options('/t/pv', (c) => c.body(null, 204, CORS));
  // Always 204: a forged token, bad body or oversize request learns nothing and never sees a 500.
  app.post('/t/pv', async (c) => {
    try {
      const text = await c.req.text();
      if (text.length > PV_LIMIT) return c.body(null, 204, CORS);
      const parsed = pageView.safeParse(JSON.parse(text));
      if (parsed.success) {
        await recordPageView(c.var.deps, {
          token: parsed.data.token,
          url: parsed.data.url,
          referrer: parsed.data.referrer ?? null,
          userAgent: c.req.header('user-agent') ?? null,
        });
      }
    } catch (e) {
      c.var.deps.logger.warn('page view dropped', { err: String(e) });
    }
    return c.body(null, 204, CORS);
  });
}
