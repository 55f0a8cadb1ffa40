import nodemailer from 'nodemailer';
import { createSemaphore } from '../lib/semaphore';

export type OutgoingMail = {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Our own Message-ID, `<id@domain>`, so replies and bounces can be matched to the send. */
  messageId: string;
  replyTo?: string;
  headers: Record<string, string>;
};

/** `sent`: the server accepted. `rejected`: it answered no (5xx). `retry`: it did not take the mail,
 * try again later. `unknown`: the connection died after the data went out; never resend blindly. */
export type SendOutcome =
  | { status: 'sent'; response: string }
  | { status: 'rejected'; error: string }
  | { status: 'retry'; error: string }
  | { status: 'unknown'; error: string };

export type Mailer = {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  /**
   * Runs `fn` holding one of the transport's connections. Email steps write their `pending` send
   * row inside it, so a row never waits on a busy pool: if the process dies, only mails that were
   * really on the wire can be `unknown`.
   */
  withSlot<T>(fn: () => Promise<T>): Promise<T>;
  close(): void;
};

type SmtpError = Error & { responseCode?: number; command?: string; code?: string };

// Failures before the message data went out prove the mail was not sent.
const beforeData = new Set([
  'CONN',
  'EHLO',
  'HELO',
  'AUTH',
  'AUTH PLAIN',
  'AUTH LOGIN',
  'MAIL FROM',
  'RCPT TO',
]);

export function classifySmtpError(error: SmtpError): SendOutcome {
  const message = `${error.code ?? ''} ${error.command ?? ''} ${error.message}`.trim();
  if (typeof error.responseCode === 'number') {
    return error.responseCode >= 500
      ? { status: 'rejected', error: message }
      : { status: 'retry', error: message };
  }
  if (error.code === 'ECONNECTION' || error.code === 'ETIMEDOUT' || error.code === 'EDNS') {
    return { status: 'retry', error: message };
  }
  if (error.command && beforeData.has(error.command)) return { status: 'retry', error: message };
  return { status: 'unknown', error: message };
}

export function createSmtpMailer(url: string, connections = 5): Mailer {
  // Pooled connections: one SMTP handshake serves many messages.
  const pooled = new URL(url);
  pooled.searchParams.set('pool', 'true');
  pooled.searchParams.set('maxConnections', String(connections));
  const transport = nodemailer.createTransport(pooled.toString());
  return {
    withSlot: createSemaphore(connections),
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          messageId: mail.messageId,
          headers: mail.headers,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        });
        return { status: 'sent', response: String(info.response ?? '') };
      } catch (error) {
        return classifySmtpError(error as SmtpError);
      }
    },
    close: () => transport.close(),
  };
}
