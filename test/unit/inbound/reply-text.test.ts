import { describe, expect, it } from 'vitest';
import { extractReplyText } from '../../../src/domain/inbound/reply-text';

describe('extractReplyText', () => {
  it.each([
    [
      'Gmail quote',
      'Thanks!\n\nOn Mon, Jan 5, 2026 at 10:00 AM Sam <sam@tandem.example> wrote:\n> Hi\n> To unsubscribe click here',
      'Thanks!',
    ],
    [
      'quote header wrapped on two lines',
      'Thanks!\n\nOn Mon, Jan 5, 2026 at 10:00 AM Sam Smith <sam@tandem.example>\nwrote:\n\n> Hi',
      'Thanks!',
    ],
    ['bottom-posted reply', 'On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi\nHello', 'Hello'],
    [
      'Outlook header block',
      'Sounds good\n\nFrom: Sam <sam@tandem.example>\nSent: Monday, January 5, 2026 10:00\nTo: Dana\nSubject: Hi\n\nUnsubscribe',
      'Sounds good',
    ],
    [
      'Outlook separator line',
      'Ok\n\n________________________________\nFrom: Sam <sam@tandem.example>\nSent: Monday\n\nUnsubscribe',
      'Ok',
    ],
    ['Original Message marker', 'Hello\n\n-----Original Message-----\nFrom: bob\n\nHi', 'Hello'],
    [
      'German Outlook',
      'Gerne.\n\nVon: Sam <sam@tandem.example>\nGesendet: Montag, 5. Januar 2026\nAn: Dana',
      'Gerne.',
    ],
    [
      'German quote header',
      'Gerne.\n\nAm 05.01.2026 um 10:00 schrieb Sam <sam@tandem.example>:\n> Hallo',
      'Gerne.',
    ],
    [
      'French quote header',
      'Oui.\n\nLe lun. 5 janv. 2026 à 10:00, Sam <sam@tandem.example> a écrit :\n> Bonjour',
      'Oui.',
    ],
    [
      'Japanese Gmail header',
      'はい。\n\n2026年1月5日(月) 10:00 Sam <sam@tandem.example>:\n> こんにちは',
      'はい。',
    ],
    ['signature delimiter', 'Yes please\n-- \nJane Doe\nACME Corp', 'Yes please'],
    ['mobile tagline', 'Yes please\n\nSent from my iPhone', 'Yes please'],
    ['CRLF and nothing to strip', 'Line one\r\nLine two', 'Line one\nLine two'],
  ])('%s', (_name, body, expected) => {
    expect(extractReplyText(body)).toBe(expected);
  });
});
