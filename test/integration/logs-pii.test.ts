import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { createApp } from '../../src/http/create-app';
import { createLogger, describeError } from '../../src/lib/logger';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';

const ctx = useTestContext();

const EMAIL = 'secret.person@example.com';
const NAME = 'Zebedee';

function capturingApp(overrides: Partial<typeof ctx.deps> = {}) {
  const lines: string[] = [];
  const logger = createLogger('debug', (line) => lines.push(line));
  return { app: createApp({ ...ctx.deps, logger, ...overrides }), lines };
}

describe('personal data in logs', () => {
  it('logs a failing query by class and pg code, without SQL, parameters, detail or the address', async () => {
    const { key } = await newInstallation(ctx);
    const { app, lines } = capturingApp();
    await ctx.handle.pool.query(`
      create or replace function fail_contact() returns trigger language plpgsql as $$
      begin raise exception 'forced failure' using errcode = 'P0001', detail = 'row ' || new.email; end $$;
      create trigger fail_contact before insert on contacts for each row execute function fail_contact();`);
    try {
      const res = await app.request('/v1/contacts', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: EMAIL, firstName: NAME }),
      });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain(EMAIL);
      const errors = lines.filter((l) => l.includes('unhandled error'));
      expect(errors).toHaveLength(1);
      const entry = JSON.parse(errors[0] as string) as Record<string, unknown>;
      expect(entry).toMatchObject({ level: 'error', pgCode: 'P0001', route: '/v1/contacts' });
      expect(entry.requestId).toBe(JSON.parse(text).error.requestId);
      const all = lines.join('\n');
      for (const secret of [EMAIL, NAME, 'insert into', 'params', 'row ', 'forced failure']) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await ctx.handle.pool.query('drop trigger fail_contact on contacts; drop function fail_contact();');
    }
  });

  it('logs a closed pool as an error class, and /ready tells the public only that it is not ready', async () => {
    const { key } = await newInstallation(ctx);
    const closed = createDb(ctx.url, { max: 1 });
    await closed.close();
    const { app, lines } = capturingApp({ db: closed.db });
    const res = await app.request('/v1/contacts', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL }),
    });
    expect(res.status).toBe(500);
    const all = lines.join('\n');
    expect(all).toContain('unhandled error');
    expect(all).not.toContain(EMAIL);
    expect(all).not.toContain(key);

    const ready = await app.request('/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable' });
  });

  it('shows /ready checks only to an API key holder', async () => {
    const { key } = await newInstallation(ctx);
    const pub = await ctx.app.request('/ready');
    expect(pub.status).toBe(200);
    expect(await pub.json()).toEqual({ status: 'ok' });
    const operator = await ctx.app.request('/ready', { headers: { authorization: `Bearer ${key}` } });
    expect(await operator.json()).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
    const wrong = await ctx.app.request('/ready', { headers: { authorization: 'Bearer tk_wrong' } });
    expect(await wrong.json()).toEqual({ status: 'ok' });
  });

  it('keeps error fields and stray addresses out of any log line', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const pgError = Object.assign(new Error(`duplicate key value (email)=(${EMAIL})`), {
      code: '23505',
      severity: 'ERROR',
      constraint: 'contacts_email_key',
      detail: `Key (email)=(${EMAIL}) already exists.`,
    });
    const wrapped = Object.assign(new Error(`Failed query: insert into contacts\nparams: ${EMAIL}`), {
      query: 'insert into contacts',
      params: [EMAIL],
      cause: pgError,
    });
    expect(describeError(wrapped)).toMatchObject({ pgCode: '23505', constraint: 'contacts_email_key' });
    logger.error('job failed', { error: wrapped, note: `mail to ${EMAIL}` });
    expect(lines.join('')).not.toContain(EMAIL);
    expect(lines.join('')).toContain('23505');
  });
});
