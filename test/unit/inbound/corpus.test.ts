import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import { parseInbound } from '../../../src/mail/parse-inbound';
import { readLabels } from '../../eval/inbound-labels';
import { corpusDir, corpusPath, corpusPresent, describeCorpus } from '../../helpers/corpus';

// The labelled real-mail corpus lives beside the repo (../shared/corpus/inbound) and is never copied into
// it; these tests run when it is there and skip (one line says so) when it is not. The same ground is
// covered by the project's own messages in fixtures.test.ts.
const labelled = corpusPresent ? readLabels(corpusDir) : [];
const corpus = (name: string) => readFileSync(corpusPath(name));

async function classifyFile(filePath: string) {
  const msg = await parseInbound(readFileSync(filePath));
  return classifyInbound(msg, msg.date ? new Date(msg.date) : new Date('2025-12-20T00:00:00Z'));
}

describeCorpus('labelled inbound corpus', () => {
  it('has files of every class', () => {
    expect(new Set(labelled.map((l) => l.expected)).size).toBe(6);
  });

  if (labelled.length > 0) {
    it.each(labelled.map((l) => [l.file, l] as const))('%s', async (_file, { path, expected }) => {
      const result = await classifyFile(path);
      expect(result.kind, result.evidence.join('; ')).toBe(expected);
      expect(result.evidence.length).toBeGreaterThan(0);
    });
  }
});

describeCorpus('details read from corpus mail', () => {
  const file = corpusPath;

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

describeCorpus('parseInbound on corpus mail', () => {
  it('keeps the delivery-status part out of the text and the original headers apart', async () => {
    const msg = await parseInbound(corpus('hard-bounce/sisimai-lhost-outlook-02.eml'));
    expect(msg.deliveryStatus).toContain('Status: 5.1.1');
    expect(msg.text).not.toContain('Reporting-MTA');
    expect(msg.originalHeaders).toMatch(/^Message-ID: <BLU436-SMTP/m);
    expect(msg.attachmentTypes).toEqual(['message/delivery-status', 'message/rfc822']);
  });

  it('keeps the feedback report and does not inline the reported message into the text', async () => {
    const msg = await parseInbound(corpus('complaint/phpbh-arf1.eml'));
    expect(msg.feedbackReport).toContain('Feedback-Type: abuse');
    expect(msg.text).not.toContain('Spam Spam');
    expect(msg.originalHeaders).toContain('Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net');
  });

  it('reads text/rfc822-headers parts as the original headers', async () => {
    const msg = await parseInbound(corpus('soft-bounce/sisimai-rfc3464-07.eml'));
    expect(msg.originalHeaders).toContain('Message-ID: <');
  });

  it('decodes the subject and lower-cases header names', async () => {
    const msg = await parseInbound(corpus('auto-reply/mdsbp-polish-autoreply.eml'));
    expect(msg.subject).toBe('[Automatyczna odpowiedź] test');
    expect(msg.headers.precedence).toEqual(['junk']);
  });

  it('falls back to the HTML part converted to text', async () => {
    const msg = await parseInbound(corpus('auto-reply/phpbh-vac6.eml'));
    expect(msg.text).toContain('back in the office on Monday, September 22nd');
  });
});
