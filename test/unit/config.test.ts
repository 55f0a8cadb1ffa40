import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { spawnEntry } from '../helpers/processes';

describe('loadConfig', () => {
  it('accepts an empty environment with defaults', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.config.PORT).toBe(3000);
      expect(result.config.publicBaseUrl).toBe('http://localhost:3000');
      expect(result.config.DATABASE_URL).toBeUndefined();
    }
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['ENCRYPTION_KEY', 'too-short'],
    ['PUBLIC_BASE_URL', 'not a url'],
    ['SMTP_URL', 'http://mail'],
    ['LOG_LEVEL', 'loud'],
  ])('names %s when it is invalid (%s)', (name, value) => {
    const result = loadConfig({ [name]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain(name);
      expect(result.error.split('\n')).toHaveLength(1);
    }
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).ok).toBe(true);
  });
});

describe('production configuration', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const complete = { NODE_ENV: 'production', ENCRYPTION_KEY: key, PUBLIC_BASE_URL: 'https://t.example.com' };

  it('accepts a complete production environment', () => {
    const result = loadConfig(complete);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.publicBaseUrl).toBe('https://t.example.com');
  });

  it.each(['PUBLIC_BASE_URL', 'ENCRYPTION_KEY'])('requires %s in production, in one line', (name) => {
    const result = loadConfig({ ...complete, [name]: undefined });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain(name);
      expect(result.error).toContain('production');
      expect(result.error.split('\n')).toHaveLength(1);
    }
    // Development keeps its conveniences (localhost links, a generated key).
    expect(loadConfig({ ...complete, NODE_ENV: 'development', [name]: undefined }).ok).toBe(true);
  });

  it('the node entry stops with one line naming PUBLIC_BASE_URL', { timeout: 30_000 }, async () => {
    const app = spawnEntry('src/entry/node.ts', [], {
      NODE_ENV: 'production',
      ENCRYPTION_KEY: key,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(await app.exited).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PUBLIC_BASE_URL');
  });

  it('the Worker entry refuses to serve without ENCRYPTION_KEY, whatever NODE_ENV says', {
    timeout: 30_000,
  }, async () => {
    const { default: worker } = await import('../../src/entry/worker');
    const ctx = { waitUntil: () => {} };
    for (const NODE_ENV of ['production', 'development']) {
      const res = await worker.fetch(
        new Request('https://t.example.com/health'),
        {
          NODE_ENV,
          DATABASE_URL: 'postgres://u:p@db.example.com/x',
          PUBLIC_BASE_URL: 'https://t.example.com',
        },
        ctx,
      );
      expect(res.status, NODE_ENV).toBe(500);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toContain('ENCRYPTION_KEY');
    }
  });
});
