import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import { parseInbound } from '../../../src/mail/parse-inbound';
import { DEFAULT_CORPUS, readLabels } from '../../eval/inbound-labels';

// The labelled corpus lives beside the repo (../shared/corpus/inbound); every file must get its label.
const labelled = readLabels(DEFAULT_CORPUS);

async function classifyFile(filePath: string) {
  const msg = await parseInbound(readFileSync(filePath));
  return classifyInbound(msg, msg.date ? new Date(msg.date) : new Date('2025-12-20T00:00:00Z'));
}

describe('labelled inbound corpus', () => {
  it('has files of every class', () => {
    expect(new Set(labelled.map((l) => l.expected)).size).toBe(6);
  });

  it.each(labelled.map((l) => [l.file, l] as const))('%s', async (_file, { path, expected }) => {
    const result = await classifyFile(path);
    expect(result.kind, result.evidence.join('; ')).toBe(expected);
    expect(result.evidence.length).toBeGreaterThan(0);
  });
});

describe('details read from corpus mail', () => {
  const file = (name: string) => `${DEFAULT_CORPUS}/${name}`;

  it('takes the precise code from the diagnostic when the DSN status is only 5.0.0 (Courier)', async () => {
    const result = await classifyFile(file('hard-bounce/sisimai-lhost-courier-01.eml'));
    expect(result).toMatchObject({ statusCode: '5.1.1', bouncedRecipient: 'kijitora@example.co.jp' });
  });

  it('keeps 5.2.2 mailbox full soft (Exchange 2007)', async () => {
    const result = await classifyFile(file('soft-bounce/sisimai-lhost-exchange2007-02.eml'));
    expect(result).toMatchObject({ kind: 'soft_bounce', statusCode: '5.2.2' });
    expect(result.flags).toContain('mailbox_full');
  });

  it('trusts the qmail code over its "permanent error" wording', async () => {
    const result = await classifyFile(file('soft-bounce/sisimai-lhost-qmail-07.eml'));
    expect(result).toMatchObject({ kind: 'soft_bounce', statusCode: '4.4.1' });
  });

  it('reads the original Message-ID of a bounce from the attached headers', async () => {
    const result = await classifyFile(file('hard-bounce/sisimai-lhost-amazonses-05.eml'));
    expect(result.originalMessageId).toBe(
      '<01010157b3c0c026-110cf920-4be1-4c36-87c0-1f48d0cc6639-000000@us-west-2.amazonses.com>',
    );
  });

  it('reads the original Message-ID of a bounce that inlines the returned message (qmail)', async () => {
    const result = await classifyFile(file('hard-bounce/sisimai-lhost-qmail-01.eml'));
    expect(result.originalMessageId).toBe('<000000000.9999999999999.JavaMail.postmaster@mailhub>');
  });

  it('states the return date of an out-of-office', async () => {
    const result = await classifyFile(file('auto-reply/phpbh-vac6.eml'));
    expect(result.returnDate).toBe('2014-09-22');
  });

  it('flags a quoted footer "unsubscribe" it ignored', async () => {
    const result = await classifyFile(file('human-reply/talon-outlook.eml'));
    expect(result).toMatchObject({ kind: 'human_reply', confidence: 'high' });
    expect(result.flags).toContain('quoted_unsubscribe_ignored');
  });
});
