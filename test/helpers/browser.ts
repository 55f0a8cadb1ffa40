// The console in a real browser: the app served on a loopback port, Chromium driven by Playwright,
// an axe-core scan and screenshots (desktop and phone) of every page a test visits.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createLoginLink } from '../../src/services/console/sessions';
import { type TestContext, useTestContext } from './context';

/** CHROMIUM_PATH, else Debian's chromium or another Chrome on PATH's usual places; null skips. */
export const CHROMIUM: string | null =
  [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
    .filter((p): p is string => Boolean(p))
    .find((p) => existsSync(p)) ?? null;

if (!CHROMIUM) {
  console.warn(
    'browser tests SKIPPED: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH to a Chrome binary)',
  );
}

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../e2e/screenshots');

// Without the background-networking flags Chromium keeps calling Google's hosts, which a closed
// network refuses; a new profile per launch keeps runs apart.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type ConsoleHarness = {
  ctx: TestContext;
  /** `http://127.0.0.1:<port>`: the app's PUBLIC_BASE_URL too. */
  readonly base: string;
  /** A fresh browser context (own cookies) at 1280 x 900. */
  newPage(): Promise<Page>;
  /** Signs the page in to an installation through a one-time login link. */
  signIn(page: Page, installationId: string): Promise<void>;
  /** axe-core scan (no serious or critical violation) and screenshots at 1280 px and 390 px. */
  check(page: Page, name: string): Promise<void>;
};

/** The test context plus a server and a Chromium; use inside `describe.skipIf(!CHROMIUM)`. */
export function useConsole(
  options: { start?: Date; env?: Record<string, string> | (() => Record<string, string>) } = {},
): ConsoleHarness {
  let port = 0;
  let browser: Browser | null = null;
  let server: ReturnType<typeof serve> | null = null;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    port = await freePort();
  });
  const ctx = useTestContext({
    ...(options.start ? { start: options.start } : {}),
    env: () => ({
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      ...(typeof options.env === 'function' ? options.env() : options.env),
    }),
  });
  beforeAll(async () => {
    if (!CHROMIUM) return;
    await new Promise<void>((resolve) => {
      server = serve({ fetch: ctx.app.fetch, port, hostname: '127.0.0.1' }, () => resolve());
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  const axeSource = readFileSync(
    path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'),
    'utf8',
  );
  return {
    ctx,
    get base() {
      return `http://127.0.0.1:${port}`;
    },
    async newPage() {
      if (!browser) throw new Error('no browser: guard the suite with describe.skipIf(!CHROMIUM)');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async signIn(page, installationId) {
      const { token } = await createLoginLink(ctx.handle.db, { installationId, now: ctx.clock.now() });
      await page.goto(`${this.base}/app/login/link?token=${token}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${this.base}/app`);
    },
    async check(page, name) {
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page above
        const axe = (window as any).axe;
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return (
          result.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[]
        )
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
      });
      expect(violations, `axe on ${name} (${page.url()})`).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
      const size = page.viewportSize();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.phone.png`), fullPage: true });
      if (size) await page.setViewportSize(size);
    },
  };
}
