import { describe, expect, it } from 'vitest';
import { ERASED, mentions, piiPattern, scrub } from '../../../src/services/crm/erase-scrub';
import { mergeThresholdStates } from '../../../src/services/crm/merge-score';

describe('erase scrub', () => {
  const pattern = piiPattern({ emails: ['ann.lee+x@example.com'], names: ['Ann', 'Lee', 'A'] });

  it('erases addresses anywhere and names as whole words, in any case', () => {
    expect(scrub('Mail ANN.LEE+X@example.com, dear ann lee: annual report for Joann', pattern)).toBe(
      `Mail ${ERASED}, dear ${ERASED} ${ERASED}: annual report for Joann`,
    );
    // The one-letter name is left out: it would erase every "a".
    expect(scrub('a plan', pattern)).toBe('a plan');
  });

  it('scrubs strings at any depth of a JSON value, keys too, and keeps literals valid', () => {
    const truthy = piiPattern({ emails: [], names: ['True', 'Null'] });
    const value = { Ann: ['x', { note: 'Ann called' }], ok: true, n: null, count: 3 };
    expect(scrub(value, pattern)).toEqual({
      [ERASED]: ['x', { note: `${ERASED} called` }],
      ok: true,
      n: null,
      count: 3,
    });
    expect(scrub({ ok: true, n: null, name: 'true' }, truthy)).toEqual({ ok: true, n: null, name: ERASED });
    expect(mentions({ ok: true }, truthy)).toBe(false);
    expect(mentions({ a: 'Lee' }, pattern)).toBe(true);
  });

  it('with nothing to look for, changes nothing', () => {
    expect(piiPattern({ emails: [''], names: [' '] })).toBeNull();
    expect(scrub({ a: 'Ann' }, null)).toEqual({ a: 'Ann' });
  });
});

describe('merged threshold states', () => {
  it('above when either was above, with the larger crossing count', () => {
    expect(
      mergeThresholdStates([
        { mql: { state: 'below', crossings: 2 }, sql: { state: 'above', crossings: 1 } },
        { mql: { state: 'above', crossings: 1 } },
        'not a state',
      ]),
    ).toEqual({ mql: { state: 'above', crossings: 2 }, sql: { state: 'above', crossings: 1 } });
  });
});
