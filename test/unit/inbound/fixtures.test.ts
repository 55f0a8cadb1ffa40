import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import { parseInbound } from '../../../src/mail/parse-inbound';
import { readLabels } from '../../eval/inbound-labels';

// Messages written for Tandem (test/fixtures/inbound): one or more per class, always in the repo.
const dir = path.resolve(import.meta.dirname, '../../fixtures/inbound');
const labelled = readLabels(dir);
const file = (name: string) => readFileSync(path.join(dir, name));

async function classifyFixture(name: string) {
  const msg = await parseInbound(file(name));
  return classifyInbound(msg, new Date(msg.date ?? '2026-01-06T09:00:00Z'));
}

describe('inbound fixtures written for Tandem', () => {
  it('cover every class', () => {
    expect(new Set(labelled.map((l) => l.expected)).size).toBe(6);
  });

  it.each(labelled.map((l) => [l.file, l] as const))('%s', async (name, { expected }) => {
    const result = await classifyFixture(name);
    expect(result.kind, result.evidence.join('; ')).toBe(expected);
    expect(result.evidence.length).toBeGreaterThan(0);
  });
});

describe('details read from the fixtures', () => {
  it('a human reply is high confidence and points at our message', async () => {
    expect(await classifyFixture('human-reply.eml')).toMatchObject({
      kind: 'human_reply',
      confidence: 'high',
      flags: [],
      originalMessageId: '<snd_5b1e0c7a2f9d4e68a0c3b7d1e4f29a85@tandem.example>',
    });
  });

  it('a reply quoting our unsubscribe footer stays human, flagged', async () => {
    const result = await classifyFixture('human-reply-quoted-footer.eml');
    expect(result).toMatchObject({ kind: 'human_reply', confidence: 'high' });
    expect(result.flags).toContain('quoted_unsubscribe_ignored');
  });

  it('an RFC 3834 out-of-office states its return date', async () => {
    const result = await classifyFixture('auto-reply-rfc3834.eml');
    expect(result).toMatchObject({ kind: 'auto_reply', confidence: 'high', returnDate: '2026-01-19' });
    expect(result.evidence).toContain('header auto-submitted=auto-replied (vacation)');
  });

  it('an out-of-office without RFC 3834 headers is read from its subject and HTML body', async () => {
    const result = await classifyFixture('auto-reply-no-headers.eml');
    expect(result).toMatchObject({ kind: 'auto_reply', confidence: 'high', returnDate: '2026-01-19' });
    expect(result.evidence.some((e) => e.startsWith('header auto-submitted'))).toBe(false);
  });

  it('a French out-of-office with an encoded subject', async () => {
    expect(await classifyFixture('auto-reply-encoded-subject.eml')).toMatchObject({
      kind: 'auto_reply',
      returnDate: '2026-01-12',
    });
  });

  it('a 5.1.1 DSN is a hard bounce naming the recipient and our Message-ID', async () => {
    const result = await classifyFixture('hard-bounce-dsn.eml');
    expect(result).toMatchObject({
      kind: 'hard_bounce',
      confidence: 'high',
      statusCode: '5.1.1',
      bouncedRecipient: 'former.employee@example.com',
      originalMessageId: '<snd_d3a9f0b2c4e64187b5a2e9c1f0d7b366@tandem.example>',
    });
    expect(result.flags).toEqual(expect.arrayContaining(['dsn', 'auto_submitted_header']));
  });

  it('takes the precise code from the diagnostic when the DSN status is only 5.0.0', async () => {
    expect(await classifyFixture('hard-bounce-class-status.eml')).toMatchObject({
      kind: 'hard_bounce',
      statusCode: '5.1.1',
      bouncedRecipient: 'nobody.here@example.org',
      originalMessageId: '<snd_2e7b5c9d1a0f4c83b6d4e2a9f1c8b050@tandem.example>',
    });
  });

  it('a delayed 4.2.2 mailbox-full DSN is soft', async () => {
    const result = await classifyFixture('soft-bounce-mailbox-full.eml');
    expect(result).toMatchObject({ kind: 'soft_bounce', statusCode: '4.2.2' });
    expect(result.flags).toEqual(expect.arrayContaining(['delayed', 'mailbox_full']));
  });

  it('an ARF abuse report is a complaint about the original recipient', async () => {
    expect(await classifyFixture('complaint-arf.eml')).toMatchObject({
      kind: 'complaint',
      confidence: 'high',
      flags: ['arf_report'],
      bouncedRecipient: 'annoyed.reader@example.net',
      originalMessageId: '<snd_9f2a6d1c3b8e47a0b5c2d9e4f1a7c388@tandem.example>',
    });
  });

  it('a reply asking to be removed is an unsubscribe', async () => {
    expect(await classifyFixture('unsubscribe-request.eml')).toMatchObject({
      kind: 'unsubscribe',
      confidence: 'high',
      originalMessageId: '<snd_0a4c8e2f6b1d49739e5a7c3b0d2f8e61@tandem.example>',
    });
  });
});

describe('parseInbound on the fixtures', () => {
  it('keeps the delivery-status part out of the text and the original headers apart', async () => {
    const msg = await parseInbound(file('hard-bounce-dsn.eml'));
    expect(msg.deliveryStatus).toContain('Status: 5.1.1');
    expect(msg.text).not.toContain('Reporting-MTA');
    expect(msg.text).not.toContain('To unsubscribe');
    expect(msg.originalHeaders).toMatch(/^Message-ID: <snd_d3a9f0b2/m);
    expect(msg.attachmentTypes).toEqual(['message/delivery-status', 'message/rfc822']);
  });

  it('keeps the feedback report and does not inline the reported message into the text', async () => {
    const msg = await parseInbound(file('complaint-arf.eml'));
    expect(msg.feedbackReport).toContain('Feedback-Type: abuse');
    expect(msg.text).not.toContain('Worth a 15 minute chat');
    expect(msg.originalHeaders).toContain(
      'Message-ID: <snd_9f2a6d1c3b8e47a0b5c2d9e4f1a7c388@tandem.example>',
    );
  });

  it('reads text/rfc822-headers parts as the original headers', async () => {
    const msg = await parseInbound(file('hard-bounce-class-status.eml'));
    expect(msg.originalHeaders).toContain('Message-ID: <snd_2e7b5c9d');
  });

  it('decodes the subject, lower-cases header names and unfolds values', async () => {
    const msg = await parseInbound(file('auto-reply-encoded-subject.eml'));
    expect(msg.subject).toBe('Réponse automatique : Cutting onboarding time for your support team');
    expect(msg.fromName).toBe('Léa Martin');
    expect(msg.headers.precedence).toEqual(['junk']);
    expect(msg.headers['x-auto-response-suppress']).toEqual(['All']);
  });

  it('falls back to the HTML part converted to text', async () => {
    const msg = await parseInbound(file('auto-reply-no-headers.eml'));
    expect(msg.text.replace(/\s+/g, ' ')).toContain('back in the office on Monday, January 19th');
    expect(msg.text).not.toContain('<p>');
  });
});
