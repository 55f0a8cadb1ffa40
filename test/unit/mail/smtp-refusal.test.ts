import { describe, expect, it } from 'vitest';
import { classifyRefusal } from '../../../src/mail/smtp-refusal';

describe('classifyRefusal', () => {
  it.each([
    [550, '550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown in local recipient table'],
    [550, '550-5.1.1 The email account that you tried to reach does not exist.'],
    [550, '550 5.1.0 Address rejected'],
    [550, '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'],
    [550, '550 5.1.2 Bad destination domain'],
    [553, '553 sorry, no such user here'],
    [550, '550 5.5.0 Requested action not taken: mailbox unavailable'],
  ])('%i %s is a bad recipient', (code, text) => {
    expect(classifyRefusal(code, text).kind).toBe('bad_recipient');
  });

  it.each([
    [550, '550 5.7.1 Message rejected due to local policy'],
    [554, '554 5.7.1 <ann@example.com>: Relay access denied'],
    [550, '550 Requested action not taken: mailbox unavailable (blocked using Spamhaus)'],
    [530, '530 5.7.0 Authentication required'],
    [550, '550 5.1.1 client host blocked using a block list'],
  ])('%i %s is about us', (code, text) => {
    expect(classifyRefusal(code, text).kind).toBe('policy');
  });

  it.each([
    [552, '552 5.2.2 Mailbox full'],
    [552, '552 5.3.4 Message size exceeds fixed limit'],
    [554, '554 Transaction failed'],
  ])('%i %s is another refusal', (code, text) => {
    expect(classifyRefusal(code, text).kind).toBe('other');
  });

  it('keeps the enhanced status code', () => {
    expect(classifyRefusal(550, '550 5.1.1 User unknown')).toEqual({
      kind: 'bad_recipient',
      responseCode: 550,
      enhancedCode: '5.1.1',
    });
  });
});
