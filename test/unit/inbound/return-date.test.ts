import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { extractReturnDate } from '../../../src/domain/inbound/return-date';

const NOW = new Date('2025-12-20T10:00:00Z'); // a Saturday

describe('extractReturnDate', () => {
  it.each([
    ['I am back on 12 January.', '2026-01-12'],
    ['I will be returning Monday 5th.', '2026-01-05'],
    ['Out of the office until 2026-01-12.', '2026-01-12'],
    ['Ich bin bis zum 12.01. nicht im Büro.', '2026-01-12'],
    ['Ab dem 12.01.2026 bin ich wieder im Büro.', '2026-01-12'],
    ['Je serai de retour le 12 janvier.', '2026-01-12'],
    ['Estaré fuera hasta el 12 de enero.', '2026-01-12'],
    ['Estou de férias até 12 de janeiro.', '2026-01-12'],
    ['Ik ben terug op 12 januari.', '2026-01-12'],
    ['Jestem na urlopie do 12 stycznia.', '2026-01-12'],
    ['1月12日まで不在にしております。', '2026-01-12'],
    ['2026年1月13日(火)より出社いたします。', '2026-01-13'],
    ['I am currently away returning to the office on May 5th.', '2026-05-05'],
    ['Back in the office on Monday, December 22nd.', '2025-12-22'],
    ['Back on Monday.', '2025-12-22'],
    ['Back on 1/12/2026.', '2026-01-12'],
    ['Bis 12/01/2026 nicht erreichbar.', '2026-01-12'],
  ])('%s -> %s', (text, expected) => {
    expect(extractReturnDate(text, NOW)).toBe(expected);
  });

  it('finds the next month that has the stated day and weekday', () => {
    // November has no 31st and 31 Dec 2025 is a Wednesday: "Saturday 31st" is 31 January 2026.
    expect(extractReturnDate('Back on Saturday 31st.', new Date('2025-11-20T00:00:00Z'))).toBe('2026-01-31');
    expect(extractReturnDate('Zurück am Mittwoch, 31.', NOW)).toBe('2025-12-31');
  });

  it('reads an ambiguous slash date as the nearer of its two readings', () => {
    expect(extractReturnDate('On annual leave until 02/01/2026.', NOW)).toBe('2026-01-02');
    expect(extractReturnDate('On leave until 1/2.', NOW)).toBe('2026-01-02');
    expect(extractReturnDate('Back on 1/30.', NOW)).toBe('2026-01-30');
  });

  it('reads a past date without a year as next year', () => {
    expect(extractReturnDate('Back on 3 December.', NOW)).toBe('2026-12-03');
  });

  it('prefers the day the sender is back over the last day away', () => {
    const text = 'On vacation until Sunday, January 11th, back in the office on Monday, January 12th.';
    expect(extractReturnDate(text, NOW)).toBe('2026-01-12');
  });

  it('keeps a stale out-of-office in the past when the stated weekday only fits this year', () => {
    const text = 'I am out of the office returning on Monday 15th September.';
    expect(extractReturnDate(text, new Date('2014-09-16T12:00:00Z'))).toBe('2014-09-15');
  });

  it.each([
    'Our meeting was on 12 January.',
    'I am back at 10.30 tomorrow.',
    'Call me on 555-1234.',
    'No dates here at all.',
  ])('finds nothing in %s', (text) => {
    expect(extractReturnDate(text, NOW)).toBeUndefined();
  });

  it('always lands within a year from today for a day and month without a year', () => {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September'];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: months.length - 1 }),
        (now, day, monthIndex) => {
          const found = extractReturnDate(`I will be back on ${day} ${months[monthIndex]}.`, now);
          const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
          const date = DateTime.fromISO(found ?? '', { zone: 'utc' });
          expect(date.isValid).toBe(true);
          expect(date.day).toBe(day);
          expect(date.month).toBe(monthIndex + 1);
          expect(date >= today).toBe(true);
          expect(date < today.plus({ years: 1 })).toBe(true);
        },
      ),
    );
  });
});
