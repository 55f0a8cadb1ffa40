import { describe, expect, it } from 'vitest';
import { judgeBounce } from '../../../src/domain/inbound/bounce-status';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import { parseInbound } from '../../../src/mail/parse-inbound';
import { rawDsn } from './raw-mail';

/**
 * Which SMTP command was refused decides "unknown user" (hard) against "filtered" (soft), as in
 * Sisimai; a mail system's own report or its own codes decide before the command. Wording written for
 * Tandem in the style of each system.
 */
const NOW = new Date('2025-12-20T10:00:00Z');

async function classifyRaw(raw: string) {
  return classifyInbound(await parseInbound(Buffer.from(raw)), NOW);
}

describe('the refused command', () => {
  const words = '550 <dana@customer.example>... User unknown';

  it('an unknown user refused at RCPT is hard', () => {
    const context = 'host mx.customer.example said: (in reply to RCPT TO command)';
    expect(judgeBounce({ status: '5.0.0', diagnostic: words, context })).toMatchObject({
      kind: 'hard_bounce',
      reason: 'userunknown',
    });
    expect(judgeBounce({ diagnostic: `${words}\n[RCPT_TO]`, replyCode: '550' }).kind).toBe('hard_bounce');
  });

  it('the same words answered to DATA, or with no command named, are a filter: soft', () => {
    const afterData = judgeBounce({ status: '5.0.0', diagnostic: words, context: '>>> DATA\n<<< 550' });
    expect(afterData).toMatchObject({ kind: 'soft_bounce', reason: 'filtered' });
    expect(judgeBounce({ status: '5.2.1', diagnostic: words })).toMatchObject({
      kind: 'soft_bounce',
      reason: 'filtered',
    });
  });

  it('an X.1.1 status or Office 365 X.1.351 names the address itself: hard without a command', () => {
    expect(judgeBounce({ status: '5.1.1', diagnostic: '550 5.1.1 Mailbox does not exist' }).kind).toBe(
      'hard_bounce',
    );
    const o365 = '550 5.1.351 Remote server returned unknown recipient or mailbox unavailable';
    expect(judgeBounce({ status: '5.1.351', diagnostic: o365 }).kind).toBe('hard_bounce');
  });

  it('through the parser: a DSN naming an unknown user without the command is soft', async () => {
    const soft = await classifyRaw(rawDsn({ status: '5.0.0', diagnostic: '550 No such user here' }));
    expect(soft.kind).toBe('soft_bounce');
    const hard = await classifyRaw(
      rawDsn({ status: '5.0.0', diagnostic: '550 No such user here (in reply to RCPT TO command)' }),
    );
    expect(hard.kind).toBe('hard_bounce');
  });
});

describe('a mail system decides before the command', () => {
  it("Yahoo's own answer after DATA is an unknown user", () => {
    const diagnostic =
      "554 delivery error: dd This user doesn't have a yahoo.com account (dana@yahoo.example) [0]";
    const context = 'in reply to end of DATA command';
    expect(judgeBounce({ status: '5.0.0', diagnostic, context }).kind).toBe('hard_bounce');
  });

  it("Orange's LPN007_416 is an unknown user", () => {
    const diagnostic = '550 5.5.0 Adresse destinataire invalide. Invalid recipient. LPN007_416';
    expect(judgeBounce({ status: '5.5.0', diagnostic }).kind).toBe('hard_bounce');
  });

  it("McAfee's phrase decides in McAfee's own report only", () => {
    const diagnostic = '550 dana@customer.example... No such user';
    const ownReport = '--- The following addresses had delivery problems ---\n\ndana@customer.example';
    expect(judgeBounce({ diagnostic, context: ownReport, replyCode: '550' }).kind).toBe('hard_bounce');
    const elsewhere = 'SurfControl E-mail Filter could not deliver';
    expect(judgeBounce({ diagnostic, context: elsewhere, replyCode: '550' }).kind).toBe('soft_bounce');
  });
  it("Sendmail's local mailer refusing the user is an unknown user, whatever the reply after it", () => {
    const transcript =
      '----- Transcript of session follows -----\nmail.local: unknown user: dana\n554 <dana@customer.example>... Service unavailable';
    expect(judgeBounce({ status: '5.5.0', diagnostic: transcript }).kind).toBe('hard_bounce');
  });
});

describe('phrases that outrank or replace an address reason', () => {
  it('a 5.1.1 that blames the sender or the sending rate is soft', () => {
    const sender = '550 5.1.0 <bounce@mail.tandem.example> sender rejected';
    expect(judgeBounce({ status: '5.1.0', diagnostic: sender }).kind).toBe('soft_bounce');
    const rate = '550 5.1.1 <dana@customer.example> - 203.0.113.9 has sent to too many recipients this hour';
    expect(judgeBounce({ status: '5.1.1', diagnostic: rate })).toMatchObject({
      kind: 'soft_bounce',
      flags: ['rate_limited'],
    });
  });

  it('a name-server failure that will be retried is a network error, not an unknown host', () => {
    const tryAgain =
      '<dana@customer.example>: Name service error for domain customer.example: Host not found, try again';
    expect(judgeBounce({ diagnostic: tryAgain })).toMatchObject({
      kind: 'soft_bounce',
      reason: 'networkerror',
    });
    const malformed =
      'Name service error for name=customer.example type=MX: Malformed or unexpected name server reply';
    expect(judgeBounce({ status: '5.4.4', diagnostic: malformed }).kind).toBe('soft_bounce');
  });

  it('qmail: our HELO name refused is a block, not an unknown domain', () => {
    const diagnostic =
      'Connected to 192.0.2.12 but my name was rejected.\nRemote host said: 501 5.0.0 Invalid domain name';
    expect(judgeBounce({ status: '5.0.0', diagnostic })).toMatchObject({
      kind: 'soft_bounce',
      reason: 'blocked',
    });
  });

  it('a permanent failure without any reason is soft: nothing says the address is bad', () => {
    expect(judgeBounce({ status: '5.0.0', diagnostic: '550 Rejected' })).toMatchObject({
      kind: 'soft_bounce',
      confidence: 'low',
      flags: ['permanent_unknown_reason'],
    });
    expect(judgeBounce({ replyCode: '554', diagnostic: '554 Transaction failed' }).kind).toBe('soft_bounce');
  });
});
