import { describe, expect, it } from 'vitest';
import { parseInbound } from '../../../src/mail/parse-inbound';
import { rawDsn, rawReply } from './raw-mail';

// Parsing of the project's own .eml fixtures is in fixtures.test.ts; of the real-mail corpus, in corpus.test.ts.
describe('parseInbound', () => {
  it('lower-cases header names and unfolds values', async () => {
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
});
