import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import type { InboundFlag, InboundKind } from '../../../src/domain/inbound/types';
import { parseInbound } from '../../../src/mail/parse-inbound';
import { rawDsn } from './raw-mail';

/**
 * Bounces in the style of each major mail system, written for Tandem (wording modelled on the formats
 * Sisimai catalogues, addresses ours). Each goes through the real parser as plain, non-MIME mail.
 */
type Case = {
  system: string;
  from: string;
  subject: string;
  body: string;
  kind: InboundKind;
  flag?: InboundFlag;
};

const POSTFIX_HEAD =
  "This is the mail system at host mx.tandem.example.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n";
const EXIM_HEAD =
  'This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n';

const CASES: Case[] = [
  {
    system: 'Postfix, unknown user at RCPT',
    from: 'MAILER-DAEMON@mx.tandem.example (Mail Delivery System)',
    subject: 'Undelivered Mail Returned to Sender',
    body: `${POSTFIX_HEAD}<dana@customer.example>: host mx.customer.example[192.0.2.5] said: 550 5.1.1\n    <dana@customer.example>: Recipient address rejected: User unknown in local\n    recipient table (in reply to RCPT TO command)`,
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
  {
    system: 'Postfix, unknown domain',
    from: 'MAILER-DAEMON@mx.tandem.example (Mail Delivery System)',
    subject: 'Undelivered Mail Returned to Sender',
    body: `${POSTFIX_HEAD}<dana@customer.example>: Host or domain name not found. Name service error for\n    name=customer.example type=A: Host not found`,
    kind: 'hard_bounce',
    flag: 'host_unknown',
  },
  {
    system: 'Postfix, client blocked by a DNSBL',
    from: 'MAILER-DAEMON@mx.tandem.example (Mail Delivery System)',
    subject: 'Undelivered Mail Returned to Sender',
    body: `${POSTFIX_HEAD}<dana@customer.example>: host mx.customer.example[192.0.2.5] said: 554 5.7.1\n    Service unavailable; Client host [198.51.100.7] blocked using\n    zen.spamhaus.org (in reply to RCPT TO command)`,
    kind: 'soft_bounce',
    flag: 'blocked',
  },
  {
    system: 'Zimbra (Postfix), mailbox full',
    from: 'MAILER-DAEMON@zimbra.tandem.example (Mail Delivery System)',
    subject: 'Undelivered Mail Returned to Sender',
    body: `${POSTFIX_HEAD}<dana@customer.example>: host mail.customer.example[192.0.2.9] said: 552 5.2.2\n    <dana@customer.example>: Recipient address rejected: Mailbox full (in reply\n    to RCPT TO command)`,
    kind: 'soft_bounce',
    flag: 'mailbox_full',
  },
  {
    system: 'Exim, mailbox full',
    from: 'Mail Delivery System <Mailer-Daemon@mx.tandem.example>',
    subject: 'Mail delivery failed: returning message to sender',
    body: `${EXIM_HEAD}  dana@customer.example\n    mailbox is full: retry timeout exceeded`,
    kind: 'soft_bounce',
    flag: 'mailbox_full',
  },
  {
    system: 'Exim, greylisted and still queued',
    from: 'Mail Delivery System <Mailer-Daemon@mx.tandem.example>',
    subject: 'Warning: message 1tAbCd-000Xyz-7Q delayed 24 hours',
    body: 'This message was created automatically by mail delivery software.\nA message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on mx.tandem.example.\n\n  dana@customer.example\n    host mx.customer.example [192.0.2.5]: 451 4.7.1 Greylisted, please try again later\n\nNo action is required on your part. Delivery attempts will continue.',
    kind: 'soft_bounce',
  },
  {
    system: 'mail.ru (Exim), unknown user',
    from: 'Mail Delivery System <mailer-daemon@corp.mail.ru>',
    subject: 'Mail failure.',
    body: `${EXIM_HEAD}  dana@customer.example\n    SMTP error from remote mail server after RCPT TO:<dana@customer.example>:\n    host mx.customer.example [192.0.2.5]: 550 user not found`,
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
  {
    system: 'GMX, unknown user',
    from: '"Mail Delivery System" <mailer-daemon@gmx.net>',
    subject: 'Mail delivery failed: returning message to sender',
    body: `${EXIM_HEAD}"dana@customer.example":\n\nSMTP error from remote server after RCPT command:\nhost: mx.customer.example\n550 5.1.1 <dana@customer.example>: Recipient address rejected: User unknown`,
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
  {
    system: 'Sendmail, unknown user',
    from: 'Mail Delivery Subsystem <MAILER-DAEMON@mx.tandem.example>',
    subject: 'Returned mail: see transcript for details',
    body: '   ----- The following addresses had permanent fatal errors -----\n<dana@customer.example>\n    (reason: 550 5.1.1 <dana@customer.example>... User unknown)\n\n   ----- Transcript of session follows -----\n... while talking to mx.customer.example.:\n>>> RCPT To:<dana@customer.example>\n<<< 550 5.1.1 <dana@customer.example>... User unknown',
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
  {
    system: 'qmail, no mailbox',
    from: 'MAILER-DAEMON@mx.tandem.example',
    subject: 'failure notice',
    body: "Hi. This is the qmail-send program at mx.tandem.example.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<dana@customer.example>:\nSorry, no mailbox here by that name. (#5.1.1)",
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
  {
    system: 'qmail, remote host refuses the recipient for its quota',
    from: 'MAILER-DAEMON@mx.tandem.example',
    subject: 'failure notice',
    body: "Hi. This is the qmail-send program at mx.tandem.example.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<dana@customer.example>:\n192.0.2.5 does not like recipient.\nRemote host said: 552 Error: disk quota exceeded\nGiving up on 192.0.2.5.",
    kind: 'soft_bounce',
    flag: 'mailbox_full',
  },
  {
    system: 'Office 365, recipient not found',
    from: 'Microsoft Outlook <postmaster@tandem.onmicrosoft.com>',
    subject: 'Undeliverable: Quick question',
    body: "Your message to dana@customer.example couldn't be delivered.\ndana wasn't found at customer.example.\n\nDiagnostic information for administrators:\nGenerating server: AM0PR01MB1234.eurprd01.prod.outlook.com\ndana@customer.example\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
  {
    system: 'Outlook.com, sender IP on a block list',
    from: 'postmaster@outlook.com',
    subject: 'Undeliverable: Quick question',
    body: "Delivery has failed to these recipients or groups:\n\ndana@customer.example\n\nDiagnostic information for administrators:\nRemote Server returned '550 5.7.1 Unfortunately, messages from [198.51.100.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140).'",
    kind: 'soft_bounce',
    flag: 'blocked',
  },
  {
    system: 'Gmail, account does not exist',
    from: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
    subject: 'Delivery Status Notification (Failure)',
    body: "Delivery to the following recipient failed permanently:\n\n     dana@customer.example\n\nTechnical details of permanent failure:\nThe email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.\n550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp",
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
  {
    system: 'Gmail, account disabled (suspended, not gone)',
    from: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
    subject: 'Delivery Status Notification (Failure)',
    body: 'Delivery to the following recipient failed permanently:\n\n     dana@customer.example\n\nThe response from the remote server was:\n550 5.2.1 The email account that you tried to reach is disabled. - gsmtp',
    kind: 'soft_bounce',
  },
  {
    system: 'Yahoo, no such account',
    from: 'MAILER-DAEMON@yahoo.com',
    subject: 'Failure Notice',
    body: "Sorry, we were unable to deliver your message to the following address.\n\n<dana@yahoo.example>:\n554: delivery error: dd This user doesn't have a yahoo.com account (dana@yahoo.example) [0] - mta1001.mail.ne1.yahoo.com",
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
  {
    system: 'Courier, no such user',
    from: 'Courier mail server at mx.tandem.example <@>',
    subject: 'NOTICE: mail delivery status.',
    body: 'This is a delivery status notification from mx.tandem.example,\nrunning the Courier mail server.\n\n                           UNDELIVERABLE MAIL\n\nYour message to the following recipients cannot be delivered:\n\n<dana@customer.example>:\n    mx.customer.example [192.0.2.5]:\n>>> RCPT TO:<dana@customer.example>\n<<< 550 5.1.1 <dana@customer.example>... No such user',
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
  {
    system: 'Zoho, mailbox full',
    from: 'mailer-daemon@mail.zoho.com',
    subject: 'Undelivered Mail Returned to Sender',
    body: 'This message was created automatically by mail delivery software.\nA message that you sent could not be delivered to one or more of its recipients.\n\ndana@customer.example, ERROR CODE :552 - 5.2.2 mailbox quota exceeded',
    kind: 'soft_bounce',
    flag: 'mailbox_full',
  },
  {
    system: 'Domino, Japanese unknown user',
    from: 'Postmaster@notes.customer.example',
    subject: 'DELIVERY FAILURE: Quick question',
    body: 'Your message\n\n  Subject: Quick question\n\nwas not delivered to:\n\n  dana@customer.example\n\nbecause:\n\n  User dana (dana@customer.example) はディレクトリのリストにありません',
    kind: 'hard_bounce',
    flag: 'user_unknown',
  },
];

function raw({ from, subject, body }: Case): string {
  const head = [
    `From: ${from}`,
    'To: bounces@tandem.example',
    `Subject: ${subject}`,
    'Date: Mon, 15 Dec 2025 09:30:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

describe('bounces in the style of each mail system', () => {
  it.each(CASES.map((c) => [c.system, c] as const))('%s', async (_name, c) => {
    const result = classifyInbound(await parseInbound(raw(c)), new Date('2025-12-15T10:00:00Z'));
    expect(result.kind, result.evidence.join('; ')).toBe(c.kind);
    if (c.flag) expect(result.flags).toContain(c.flag);
  });
});

describe('delivery reports that are not failures', () => {
  it('a "deliverable" 2.1.5 report (NOTIFY=SUCCESS probe) is a receipt, not a bounce', async () => {
    const raw = rawDsn({ status: '2.1.5', action: 'deliverable', diagnostic: '250 2.1.5 Ok' });
    const result = classifyInbound(await parseInbound(raw), new Date('2025-12-15T10:00:00Z'));
    expect(result.kind).toBe('auto_reply');
    expect(result.flags).toContain('delivery_report_success');
  });
});
