import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import { parseInbound } from '../../../src/mail/parse-inbound';

// Header-less out-of-office mail in other languages and charsets, through the MIME parser.
const dir = path.resolve(import.meta.dirname, '../../fixtures/inbound');

async function classifyFixture(name: string) {
  const msg = await parseInbound(readFileSync(path.join(dir, name)));
  return classifyInbound(msg, new Date(msg.date ?? '2026-03-03T09:00:00Z'));
}

describe('out-of-office fixtures without automatic-reply headers', () => {
  it.each([
    ['ooo-ru-encoded-subject.eml', '2026-03-16'],
    ['ooo-zh-gb2312-subject.eml', '2026-03-16'],
    ['ooo-tr-iso-8859-9.eml', '2026-03-16'],
    ['ooo-ar-html.eml', '2026-03-16'],
  ])('%s is an auto-reply back on %s', async (name, returnDate) => {
    const result = await classifyFixture(name);
    expect(result, result.evidence.join('; ')).toMatchObject({ kind: 'auto_reply', returnDate });
  });

  it("a Polish reply that mentions last week's holiday stays a human reply", async () => {
    const result = await classifyFixture('ooo-human-pl-holiday.eml');
    expect(result, result.evidence.join('; ')).toMatchObject({ kind: 'human_reply' });
    expect(result).not.toHaveProperty('returnDate');
  });
});
