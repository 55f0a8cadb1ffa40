import { describe, expect, it } from 'vitest';
import { judgeBounce } from '../../../src/domain/inbound/bounce-status';

describe('judgeBounce', () => {
  it.each([
    ['5.1.1', '', 'hard_bounce', 'high'],
    ['5.1.10', '', 'hard_bounce', 'high'],
    // Sisimai: X.2.1 is a filter or a disabled mailbox, X.1.8 the sender's domain: neither a bad address.
    ['5.2.1', '', 'soft_bounce', 'low'],
    ['5.4.4', '', 'hard_bounce', 'high'],
    ['5.2.2', '', 'soft_bounce', 'high'],
    ['5.2.3', '', 'soft_bounce', 'low'],
    ['5.3.4', '', 'soft_bounce', 'low'],
    ['5.4.7', '', 'soft_bounce', 'low'],
    ['5.7.1', '', 'soft_bounce', 'low'],
    ['5.1.8', '', 'soft_bounce', 'low'],
    // A permanent failure without a reason, or unknown-user words with no refused command named, says
    // nothing sure about the address: soft (Sisimai: "filtered" unless refused at RCPT).
    ['5.0.0', '', 'soft_bounce', 'low'],
    ['5.0.0', '550 Requested action not taken: mailbox unavailable', 'soft_bounce', 'high'],
    [
      '5.0.0',
      '550 Requested action not taken: mailbox unavailable (in reply to RCPT TO command)',
      'hard_bounce',
      'high',
    ],
    ['5.5.0', '552 Mailbox quota exceeded for this user', 'soft_bounce', 'high'],
    ['4.2.2', '', 'soft_bounce', 'high'],
    ['4.1.1', 'user unknown (try again later)', 'soft_bounce', 'high'],
  ])('status %s "%s" -> %s (%s)', (status, diagnostic, kind, confidence) => {
    expect(judgeBounce({ status, diagnostic })).toMatchObject({ kind, confidence });
  });

  it('a delayed action is soft whatever the code', () => {
    expect(judgeBounce({ status: '5.0.0', action: 'delayed', diagnostic: '' }).kind).toBe('soft_bounce');
  });

  it('falls back on the basic SMTP reply code', () => {
    expect(judgeBounce({ replyCode: '550', diagnostic: 'Requested action not taken' })).toMatchObject({
      kind: 'soft_bounce',
      confidence: 'low',
    });
    expect(judgeBounce({ replyCode: '421', diagnostic: 'Service not available' }).kind).toBe('soft_bounce');
  });

  it('reads the reason when there is no code at all', () => {
    expect(judgeBounce({ diagnostic: 'host example.org not found' }).kind).toBe('hard_bounce');
    expect(judgeBounce({ diagnostic: 'Connection refused' }).kind).toBe('soft_bounce');
    expect(judgeBounce({ diagnostic: 'This is a permanent error.' })).toMatchObject({
      kind: 'soft_bounce',
      confidence: 'low',
    });
    expect(judgeBounce({ diagnostic: 'Something went wrong' })).toMatchObject({
      kind: 'soft_bounce',
      confidence: 'low',
      flags: ['unparsed_bounce'],
    });
  });
});
