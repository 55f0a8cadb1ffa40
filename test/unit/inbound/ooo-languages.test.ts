import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import { OOO_LANGUAGES } from '../../../src/domain/inbound/cues/ooo';
import { NAME_CONFLICTS } from '../../../src/domain/inbound/date-words';
import type { InboundMessage } from '../../../src/domain/inbound/types';
import { OOO_CASES } from '../../fixtures/inbound/ooo-cases';

const NOW = new Date('2026-03-02T09:00:00Z'); // a Monday

function message(subject: string, text: string): InboundMessage {
  return {
    from: 'dana@customer.example',
    fromName: 'Dana',
    to: ['sam@tandem.example'],
    subject,
    references: ['<snd_0123456789abcdef0123456789abcdef@tandem.example>'],
    headers: {},
    text,
    attachmentTypes: [],
  };
}

describe('out-of-office without headers, by language', () => {
  it('covers at least 25 languages, each with a case', () => {
    const langs = new Set(OOO_LANGUAGES.map((l) => l.lang));
    expect(langs.size).toBeGreaterThanOrEqual(25);
    for (const lang of langs) expect(OOO_CASES.some((c) => c.lang.split('-')[0] === lang)).toBe(true);
  });

  it('gives no month or weekday name two meanings', () => {
    expect(NAME_CONFLICTS).toEqual([]);
  });

  describe.each(OOO_CASES)('$lang', (c) => {
    it('reads the automatic-reply subject and the return date', () => {
      const result = classifyInbound(message(c.autoSubject, c.body), NOW);
      expect(result, result.evidence.join('; ')).toMatchObject({
        kind: 'auto_reply',
        returnDate: c.returnDate,
      });
    });

    it('reads an absence subject with an absence body (no automatic-reply words)', () => {
      const result = classifyInbound(message(c.absenceSubject, c.body), NOW);
      expect(result, result.evidence.join('; ')).toMatchObject({
        kind: 'auto_reply',
        returnDate: c.returnDate,
      });
      expect(result.evidence.some((e) => e.startsWith('body ('))).toBe(true);
    });

    it('keeps a reply that mentions a holiday a human reply', () => {
      const result = classifyInbound(message(c.humanSubject, c.human), NOW);
      expect(result.kind, result.evidence.join('; ')).toBe('human_reply');
    });
  });

  it('keeps "I was on vacation last week" a human reply even without "Re:"', () => {
    for (const subject of ['Re: Quick question', 'Quick question']) {
      const text = 'I was on vacation last week, here is my answer: yes, Tuesday at 10 works.';
      expect(classifyInbound(message(subject, text), NOW).kind).toBe('human_reply');
    }
  });

  it('needs more than an absence sentence in the body alone', () => {
    const text = 'I am out of the office until 16 March, but I wanted to answer you myself: yes, go ahead.';
    const result = classifyInbound(message('Re: Quick question', text), NOW);
    expect(result).toMatchObject({ kind: 'human_reply', confidence: 'low', flags: ['possible_auto_reply'] });
  });
});
