import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';

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
