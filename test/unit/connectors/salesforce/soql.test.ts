import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newState } from '../../../../connectors/salesforce/fake/org';
import { runSoql } from '../../../../connectors/salesforce/fake/soql-eval';
import { parseSoql } from '../../../../connectors/salesforce/fake/soql-parse';
import { putRecord } from '../../../../connectors/salesforce/fake/state';
import {
  buildSelect,
  keysetAfter,
  soqlDateTime,
  soqlIn,
  soqlLike,
  soqlName,
  soqlString,
} from '../../../../connectors/salesforce/soql';

// Values an attacker or an unlucky import would send: every character SOQL treats specially, plus
// fragments that would end the literal and add a condition if they were not escaped.
const nasty = fc.constantFrom(
  "'",
  '"',
  '\\',
  '%',
  '_',
  '\n',
  '\r',
  '\t',
  '\b',
  '\f',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u2028',
  '\ud800',
  "\\'",
  "' OR Id != '",
  "') OR (LastName LIKE '%",
  '\\u0027',
);
const value = fc.string({
  unit: fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 3 })),
  maxLength: 12,
});

describe('soqlString', () => {
  it('escapes as the SOQL docs list', () => {
    expect(soqlString("O'Brien")).toBe("'O\\'Brien'");
    expect(soqlString('a\\b"c\nd\re\tf\bg\fh')).toBe("'a\\\\b\\\"c\\nd\\re\\tf\\bg\\fh'");
    expect(soqlString('\u0001\u2028')).toBe("'\\u0001\\u2028'");
    expect(soqlString('a\ud800b\u{1f600}')).toBe("'a\\ud800b\u{1f600}'");
    expect(() => encodeURIComponent(soqlString('\udfff'))).not.toThrow();
    expect(soqlString('50%_off')).toBe("'50%_off'");
  });

  it('keeps any value one string literal: the query keeps its shape and means the value itself', () => {
    fc.assert(
      fc.property(value, (v) => {
        const q = parseSoql(`SELECT Id FROM Lead WHERE LastName = ${soqlString(v)} AND FirstName = 'x'`);
        expect(q.where).toEqual({
          kind: 'and',
          parts: [
            {
              kind: 'cmp',
              field: 'LastName',
              op: '=',
              value: expect.objectContaining({ kind: 'string', value: v }),
            },
            { kind: 'cmp', field: 'FirstName', op: '=', value: expect.objectContaining({ value: 'x' }) },
          ],
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('finds exactly the record holding the value, never a decoy', () => {
    fc.assert(
      fc.property(value, (v) => {
        const state = newState({ clientId: 'c', clock: { now: () => Date.UTC(2026, 11, 3) } });
        const target = putRecord(state, 'Lead', { LastName: v, FirstName: 'x' });
        const decoys = [`${v}x`, `x${v}`, 'plain', ''].filter((d) => d.toLowerCase() !== v.toLowerCase());
        for (const decoy of decoys) putRecord(state, 'Lead', { LastName: decoy });
        const found = runSoql(state, `SELECT Id FROM Lead WHERE LastName = ${soqlString(v)}`, false);
        expect(found.rows.map((r) => r.Id)).toEqual([target.Id]);
        const inList = runSoql(
          state,
          `SELECT Id FROM Lead WHERE LastName IN ${soqlIn([v, 'nobody'])}`,
          false,
        );
        expect(inList.rows.map((r) => r.Id)).toEqual([target.Id]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('soqlLike', () => {
  const likeOf = (literal: string) => {
    const q = parseSoql(`SELECT Id FROM Lead WHERE LastName LIKE ${literal}`);
    if (q.where?.kind !== 'like' || q.where.value.kind !== 'string') throw new Error('not a LIKE');
    return q.where.value.like;
  };

  it("makes the value's own % and _ match only themselves", () => {
    fc.assert(
      fc.property(value, (v) => {
        const exact = likeOf(soqlLike(v));
        expect(exact.test(v)).toBe(true);
        const widened = v.replace(/%/g, 'QQ').replace(/_/g, 'Q');
        if (widened !== v) expect(exact.test(widened)).toBe(false);
        expect(exact.test(`${v}x`)).toBe(false);
        expect(likeOf(soqlLike(v, 'prefix')).test(`${v}tail`)).toBe(true);
        expect(likeOf(soqlLike(v, 'contains')).test(`head${v}tail`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the rest of the builder', () => {
  it('writes dateTime literals in UTC whole seconds', () => {
    expect(soqlDateTime(new Date('2026-12-03T10:00:00.987+01:00'))).toBe('2026-12-03T09:00:00Z');
    expect(() => soqlDateTime(new Date('nope'))).toThrow();
  });

  it('builds a keyset page that parses and orders by modstamp then Id', () => {
    const where = keysetAfter({ modstamp: '2026-12-03T10:00:00.000+0000', id: "00Q000000000001AAA'" });
    const soql = buildSelect({
      fields: ['Id', 'SystemModstamp', 'Tandem_Score__c'],
      from: 'Lead',
      where: [where, 'IsConverted = false'],
      orderBy: ['SystemModstamp', 'Id'],
      limit: 2000,
    });
    expect(soql).toBe(
      "SELECT Id, SystemModstamp, Tandem_Score__c FROM Lead WHERE (SystemModstamp > 2026-12-03T10:00:00Z OR (SystemModstamp = 2026-12-03T10:00:00Z AND Id > '00Q000000000001AAA\\'')) AND (IsConverted = false) ORDER BY SystemModstamp, Id LIMIT 2000",
    );
    expect(parseSoql(soql).where?.kind).toBe('and');
    expect(keysetAfter(null)).toBeNull();
  });

  it('refuses names that are not names, an empty IN and a bad limit', () => {
    expect(() => soqlName('Id, (SELECT Id FROM Contacts)')).toThrow();
    expect(() => soqlName('Name--')).toThrow();
    expect(soqlName('Account.Owner.Name')).toBe('Account.Owner.Name');
    expect(() => soqlIn([])).toThrow();
    expect(() => buildSelect({ fields: ['Id'], from: 'Lead', limit: 0 })).toThrow();
    expect(() => buildSelect({ fields: [], from: 'Lead' })).toThrow();
  });
});
