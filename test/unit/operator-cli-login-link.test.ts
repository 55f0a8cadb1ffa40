import { describe, expect, it } from 'vitest';
import { isOperatorGroup, operatorUsage, parseOperatorArgs } from '../../src/services/operator-cli';

describe('login-link arguments', () => {
  it('is a one-word command: its options follow the name', () => {
    expect(isOperatorGroup('login-link')).toBe(true);
    expect(parseOperatorArgs('login-link', ['--installation', 'ins_1'])).toEqual({
      ok: true,
      value: { kind: 'run', command: 'login-link', values: { installation: 'ins_1' }, positionals: [] },
    });
  });

  it('requires --installation and refuses anything else, in one line', () => {
    expect(parseOperatorArgs('login-link', [])).toEqual({ ok: false, error: 'Missing --installation' });
    expect(parseOperatorArgs('login-link', ['--installation', 'ins_1', 'extra'])).toEqual({
      ok: false,
      error: 'Unexpected argument: extra',
    });
    const unknown = parseOperatorArgs('login-link', ['--org', 'x']);
    expect(unknown.ok).toBe(false);
    expect(unknown.ok ? '' : unknown.error).toContain('npm run cli -- login-link --help');
  });

  it('has help, also listed with the other commands', () => {
    const help = parseOperatorArgs('login-link', ['--help']);
    expect(help.ok && help.value.kind === 'help' ? help.value.text : '').toMatch(
      /^Usage: npm run cli -- login-link --installation ins_\.\.\./,
    );
    expect(operatorUsage).toContain('login-link --installation ins_...');
  });

  it('leaves the two-word groups as they were', () => {
    expect(parseOperatorArgs('key', ['list'])).toMatchObject({ ok: true, value: { command: 'key list' } });
    expect(parseOperatorArgs('key', [])).toEqual({ ok: false, error: 'Missing subcommand for key' });
  });
});
