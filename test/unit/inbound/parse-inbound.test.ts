import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInbound } from '../../../src/mail/parse-inbound';
import { DEFAULT_CORPUS } from '../../eval/inbound-labels';
import { rawDsn, rawReply } from './raw-mail';

const corpus = (name: string) => readFileSync(`${DEFAULT_CORPUS}/${name}`);

describe('parseInbound', () => {
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

  it('decodes the subject, lower-cases header names and unfolds values', async () => {
    const msg = await parseInbound(corpus('auto-reply/mdsbp-polish-autoreply.eml'));
    expect(msg.subject).toBe('[Automatyczna odpowiedź] test');
    expect(msg.headers.precedence).toEqual(['junk']);
    const dsn = await parseInbound(rawDsn({ status: '5.1.1' }));
    expect(dsn.headers['content-type']?.[0]).toBe(
      'multipart/report; report-type=delivery-status; boundary="dsn-boundary"',
    );
  });

  it('returns plain serialisable data with addresses and threading ids', async () => {
    const msg = await parseInbound(
      rawReply({ subject: 'Re: Quick question', body: 'Sure', headers: { References: '<a@x> <b@x>' } }),
    );
    expect(JSON.parse(JSON.stringify(msg))).toEqual(msg);
    expect(msg).toMatchObject({
      from: 'dana@customer.example',
      fromName: 'Dana Lee',
      to: ['sam@tandem.example'],
      inReplyTo: '<snd_0123456789abcdef0123456789abcdef@tandem.example>',
      references: ['<a@x>', '<b@x>'],
      date: '2025-12-15T09:30:00.000Z',
      text: expect.stringMatching(/^Sure\s*$/),
    });
  });

  it('falls back to the HTML part converted to text', async () => {
    const msg = await parseInbound(corpus('auto-reply/phpbh-vac6.eml'));
    expect(msg.text).toContain('back in the office on Monday, September 22nd');
  });
});
