/** Small raw-MIME builders so focused tests go through the real parser, like production mail. */

type Headers = Record<string, string>;

function headerBlock(headers: Headers): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
}

export function rawReply(opts: { subject: string; body: string; headers?: Headers; from?: string }): string {
  return `${headerBlock({
    From: opts.from ?? 'Dana Lee <dana@customer.example>',
    To: 'sam@tandem.example',
    Subject: opts.subject,
    Date: 'Mon, 15 Dec 2025 09:30:00 +0000',
    'Message-ID': '<reply-1@customer.example>',
    'In-Reply-To': '<snd_0123456789abcdef0123456789abcdef@tandem.example>',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...opts.headers,
  })}\r\n\r\n${opts.body.replace(/\n/g, '\r\n')}\r\n`;
}

const ORIGINAL = [
  'From: Sam <sam@tandem.example>',
  'To: dana@customer.example',
  'Subject: Quick question',
  'Message-ID: <snd_0123456789abcdef0123456789abcdef@tandem.example>',
  '',
  'Hi Dana,',
  'To unsubscribe from these emails, click here: https://tandem.example/u/abc',
].join('\r\n');

export function rawDsn(opts: {
  status: string;
  action?: string;
  diagnostic?: string;
  recipient?: string;
  headers?: Headers;
}): string {
  const recipient = opts.recipient ?? 'dana@customer.example';
  const boundary = 'dsn-boundary';
  return [
    headerBlock({
      From: 'Mail Delivery System <MAILER-DAEMON@mx.tandem.example>',
      To: 'bounces@tandem.example',
      Subject: 'Undelivered Mail Returned to Sender',
      Date: 'Mon, 15 Dec 2025 09:30:00 +0000',
      'Auto-Submitted': 'auto-replied',
      'MIME-Version': '1.0',
      'Content-Type': `multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      ...opts.headers,
    }),
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.tandem.example.',
    "I'm sorry to have to inform you that your message could not be delivered.",
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.tandem.example',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Action: ${opts.action ?? 'failed'}`,
    `Status: ${opts.status}`,
    ...(opts.diagnostic ? [`Diagnostic-Code: smtp; ${opts.diagnostic}`] : []),
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    '',
    ORIGINAL,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

export function rawArf(feedbackType: string): string {
  const boundary = 'arf-boundary';
  return [
    headerBlock({
      From: 'fbl@isp.example',
      To: 'abuse@tandem.example',
      Subject: 'Abuse report',
      'MIME-Version': '1.0',
      'Content-Type': `multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    }),
    '',
    `--${boundary}`,
    'Content-Type: text/plain',
    '',
    'This is an email abuse report.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${feedbackType}`,
    'User-Agent: ISP-FBL/1.0',
    'Version: 1',
    'Original-Rcpt-To: dana@customer.example',
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    ORIGINAL,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** An Exim-style bounce without MIME that returns our message, footer included, inline. */
export function rawEximBounce(diagnostic: string): string {
  return [
    headerBlock({
      From: 'Mail Delivery System <Mailer-Daemon@mx.customer.example>',
      To: 'bounces@tandem.example',
      Subject: 'Mail delivery failed: returning message to sender',
      'Auto-Submitted': 'auto-replied',
      'X-Failed-Recipients': 'dana@customer.example',
    }),
    '',
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    '  dana@customer.example',
    `    ${diagnostic}`,
    '',
    '------ This is a copy of the message, including all the headers. ------',
    '',
    ORIGINAL,
    '',
  ].join('\r\n');
}
