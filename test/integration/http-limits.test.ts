import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInboundBody } from '../../src/services/engagement/inbound-auth';
import { useTestContext } from '../helpers/context';
import { inboundToken, rawMail } from '../helpers/engagement';
import { newInstallation } from '../helpers/fixtures';

const ctx = useTestContext();
let server: ServerType;
let port = 0;

beforeAll(async () => {
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

type Streamed = { status: number; body: string; sentBytes: number; ms: number; peakRssDelta: number };

/**
 * POSTs `total` bytes chunked (no Content-Length) from one reused buffer, and stops writing as soon
 * as the answer arrives. Samples this process' RSS meanwhile (server and client share it).
 */
function streamOnce(path: string, headers: Record<string, string>, total: number): Promise<Streamed> {
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers, agent: false });
    const finish = (status: number, body: string) => {
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      resolve({ status, body, sentBytes: sent, ms: Date.now() - started, peakRssDelta: peak - baseline });
      req.destroy();
    };
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => finish(res.statusCode ?? 0, body));
      res.on('error', () => finish(res.statusCode ?? 0, body));
    });
    req.on('error', (e) => {
      if (!answered) {
        clearInterval(sampler);
        reject(e);
      }
    });
    // One chunk per turn of the event loop, so an early answer is read before the next write.
    const pump = () => {
      if (answered) return;
      if (sent >= total) {
        req.end();
        return;
      }
      sent += CHUNK.length;
      if (req.write(CHUNK)) setImmediate(pump);
      else req.once('drain', () => setImmediate(pump));
    };
    pump();
  });
}

/**
 * The server may close the socket right after its early answer; a write racing that close can fail
 * (EPIPE) before the answer is parsed. That is the server refusing at once too; try again to read it.
 */
async function streamPost(path: string, headers: Record<string, string>, total: number): Promise<Streamed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await streamOnce(path, headers, total);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw error;
    }
  }
}

async function installationWithToken() {
  const setup = await newInstallation(ctx);
  return { ...setup, token: await inboundToken(setup.api) };
}

function logResult(name: string, r: Streamed) {
  process.stdout.write(
    `LIMIT ${name}: status=${r.status} sent=${(r.sentBytes / MB).toFixed(1)}MB ms=${r.ms} ` +
      `rssDelta=${(r.peakRssDelta / MB).toFixed(1)}MB\n`,
  );
}

describe('request body limits, authentication before reading', () => {
  it('answers an unauthenticated 100 MB chunked inbound body with 401 at once, RSS flat', async () => {
    const r = await streamPost('/v1/inbound/email', { 'content-type': 'message/rfc822' }, 100 * MB);
    logResult('inbound unauthenticated', r);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.code).toBe('unauthorized');
    expect(r.sentBytes).toBeLessThan(100 * MB);
    expect(r.peakRssDelta).toBeLessThan(50 * MB);
    expect(r.ms).toBeLessThan(5000);
  });

  it('answers a wrong signature for an unknown installation with 401 before reading the body', async () => {
    const t = Math.floor(ctx.clock.now().getTime() / 1000);
    const r = await streamPost(
      '/v1/inbound/email',
      {
        'content-type': 'message/rfc822',
        'x-tandem-installation': 'ins_00000000000000000000000000000000',
        'x-tandem-signature': `t=${t},v1=${'0'.repeat(64)}`,
      },
      100 * MB,
    );
    logResult('inbound bad signature', r);
    expect(r.status).toBe(401);
    expect(r.sentBytes).toBeLessThan(100 * MB);
    expect(r.peakRssDelta).toBeLessThan(50 * MB);
  });

  it('answers an authenticated 100 MB chunked inbound body with 413 once the mail limit is passed', async () => {
    const { token } = await installationWithToken();
    const r = await streamPost(
      '/v1/inbound/email',
      { 'content-type': 'message/rfc822', authorization: `Bearer ${token}` },
      100 * MB,
    );
    logResult('inbound authenticated', r);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'payload_too_large' });
    expect(r.sentBytes).toBeLessThan(100 * MB);
    expect(r.peakRssDelta).toBeLessThan(50 * MB);
  });

  it('answers a declared Content-Length above the mail limit with 413 without reading', async () => {
    const { token } = await installationWithToken();
    const res = await ctx.app.request('/v1/inbound/email', {
      method: 'POST',
      headers: {
        'content-type': 'message/rfc822',
        authorization: `Bearer ${token}`,
        'content-length': String(11 * MB),
      },
      body: 'x',
    });
    expect(res.status).toBe(413);
  });

  it('still accepts a normal mail by token, Basic and HMAC', async () => {
    const { token, installationId } = await installationWithToken();
    const mail = (id: string) => rawMail({ messageId: `<${id}@mail.example.com>`, body: 'Thanks!' });
    const post = (body: string, headers: Record<string, string>) =>
      ctx.app.request('/v1/inbound/email', {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822', ...headers },
        body,
      });
    expect((await post(mail('a1'), { authorization: `Bearer ${token}` })).status).toBe(201);
    const basic = `Basic ${Buffer.from(`tandem:${token}`).toString('base64')}`;
    expect((await post(mail('a2'), { authorization: basic })).status).toBe(201);
    const body = mail('a3');
    const t = Math.floor(ctx.clock.now().getTime() / 1000);
    const v1 = await signInboundBody(token, t, new TextEncoder().encode(body));
    const signed = { 'x-tandem-installation': installationId, 'x-tandem-signature': `t=${t},v1=${v1}` };
    expect((await post(body, signed)).status).toBe(201);
    const forged = { ...signed, 'x-tandem-signature': `t=${t},v1=${'f'.repeat(64)}` };
    expect((await post(mail('a4'), forged)).status).toBe(401);
  });

  it('answers a 2 MB chunked JSON body with 413, and a declared 5 MB one at once', async () => {
    const { key } = await newInstallation(ctx);
    const r = await streamPost(
      '/v1/contacts',
      { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      2 * MB,
    );
    logResult('json 2MB chunked', r);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('payload_too_large');
    const declared = await ctx.app.request('/v1/contacts', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
        'content-length': String(5 * MB),
      },
      body: '{}',
    });
    expect(declared.status).toBe(413);
  });

  it('does not read a JSON body before the API key is checked', async () => {
    const r = await streamPost('/v1/contacts', { 'content-type': 'application/json' }, 100 * MB);
    logResult('json unauthenticated', r);
    expect(r.status).toBe(401);
    expect(r.sentBytes).toBeLessThan(100 * MB);
  });

  it('checks the unsubscribe token before reading a 200 MB multipart body', async () => {
    const r = await streamPost(
      '/u/not-a-token',
      { 'content-type': 'multipart/form-data; boundary=xyz' },
      200 * MB,
    );
    logResult('one-click bad token', r);
    expect(r.status).toBe(404);
    expect(r.sentBytes).toBeLessThan(200 * MB);
    expect(r.peakRssDelta).toBeLessThan(50 * MB);
  });
});
