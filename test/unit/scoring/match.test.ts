import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileEventMatch, compileGlob } from '../../../src/domain/scoring/match';

describe('compileGlob', () => {
  it('matches whole strings, case-insensitively, with * as the only wildcard', () => {
    const pricing = compileGlob('/pricing*');
    expect(pricing('/pricing')).toBe(true);
    expect(pricing('/Pricing/Team')).toBe(true);
    expect(pricing('/en/pricing')).toBe(false);
    expect(compileGlob('*.example.com/a?b=(1)')('https://www.example.com/a?b=(1)')).toBe(true);
    expect(compileGlob('a.c')('abc')).toBe(false);
    expect(compileGlob('*a*b*')('xxaxxbxx')).toBe(true);
    expect(compileGlob('*a*b')('xxbxxa')).toBe(false);
    expect(compileGlob('**')('')).toBe(true);
  });

  it('agrees with the equivalent RegExp on short strings (property)', () => {
    const word = (chars: string[], maxLength: number) =>
      fc.array(fc.constantFrom(...chars), { maxLength }).map((c) => c.join(''));
    fc.assert(
      fc.property(word(['a', 'B', '*', '.'], 8), word(['a', 'b', '.'], 10), (glob, text) => {
        const source = glob
          .split('*')
          .map((part) => part.replace(/[.]/g, '\\.'))
          .join('.*');
        expect(compileGlob(glob)(text)).toBe(new RegExp(`^${source}$`, 'i').test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays fast on patterns that make backtracking regexes hang', () => {
    const text = `${'a'.repeat(20_000)}c`;
    const started = performance.now();
    expect(compileGlob(`${'*a'.repeat(30)}*b`)(text)).toBe(false);
    // Generous bound: a backtracking RegExp of the same shape does not finish at all.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('compileEventMatch', () => {
  it('takes the page path from the URL when the event has none, and compares form ids exactly', () => {
    const visit = compileEventMatch({ pagePath: '/docs/*' });
    expect(visit({ url: 'https://example.com/docs/start?utm=1' })).toBe(true);
    expect(visit({ url: 'not a url' })).toBe(false);
    expect(visit(undefined)).toBe(false);
    expect(compileEventMatch({ formId: 'demo' })({ formId: 'Demo' })).toBe(false);
    expect(compileEventMatch(undefined)(undefined)).toBe(true);
  });
});
