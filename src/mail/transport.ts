import type { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import { createSemaphore } from '../lib/semaphore';
import { classifyRefusal, type Refusal } from './smtp-refusal';

export type { Refusal } from './smtp-refusal';

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

/** `sent`: the server accepted. `rejected`: it answered no (5xx), with what the refusal is about.
 * `retry`: it provably did not take the mail, try again later. `unknown`: the message data may have
 * reached the server and no explicit reply says what became of it; never resend. */
export type SendOutcome =
  | { status: 'sent'; response: string }
  | { status: 'rejected'; error: string; refusal: Refusal }
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
  /** The same for a batch: `n` connections at once (at most `slots`). */
  withSlots<T>(n: number, fn: () => Promise<T>): Promise<T>;
  /** How many connections the transport keeps, so how many mails can be on the wire at once. */
  slots: number;
  close(): void;
};

export type SmtpMailerOptions = {
  connections?: number;
  /** nodemailer's socketTimeout: inactivity after which a connection counts as dead. */
  socketTimeoutMs?: number;
  greetingTimeoutMs?: number;
  connectionTimeoutMs?: number;
};

type SmtpError = Error & { responseCode?: number; command?: string; code?: string; response?: string };

// Local refusals by nodemailer itself, before anything reached the server: resending cannot help.
const localRefusals = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

/**
 * nodemailer reports every dropped connection or timeout as `command: 'CONN'`, whatever the SMTP
 * stage, so the command cannot tell whether the message went out. What can: the message stream is
 * only piped to the socket after the server answered DATA with 354. `messageWritten` is false only
 * when no stream of this mail was ever read; anything else counts as written.
 */
export function classifySmtpError(error: SmtpError, stage: { messageWritten: boolean }): SendOutcome {
  const message = `${error.code ?? ''} ${error.command ?? ''} ${error.message}`.trim();
  const code = error.responseCode;
  // An explicit reply decides, whatever the stage: 5xx refused, 4xx not taken (try later).
  if (typeof code === 'number' && code >= 500) {
    return { status: 'rejected', error: message, refusal: classifyRefusal(code, error.response ?? message) };
  }
  if (typeof code === 'number' && code >= 400) return { status: 'retry', error: message };
  if (stage.messageWritten) return { status: 'unknown', error: message };
  if (error.code && localRefusals.has(error.code)) {
    return {
      status: 'rejected',
      error: message,
      refusal: { kind: 'other', responseCode: 0, enhancedCode: null },
    };
  }
  // Refused connection, DNS, TLS, a drop or timeout before the message data: provably not sent.
  return { status: 'retry', error: message };
}

type Probe = { streams: Readable[] };

/** Has any message stream of this mail started to flow towards the socket? */
function written(probe: Probe | undefined): boolean {
  if (!probe) return true; // the plugin never saw this mail: cannot prove anything
  return probe.streams.some((s) => s.readableDidRead || s.readableFlowing !== null);
}

export function createSmtpMailer(url: string, connectionsOrOptions: number | SmtpMailerOptions = 5): Mailer {
  const options =
    typeof connectionsOrOptions === 'number' ? { connections: connectionsOrOptions } : connectionsOrOptions;
  const connections = options.connections ?? 5;
  // Pooled connections: one SMTP handshake serves many messages.
  const pooled = new URL(url);
  pooled.searchParams.set('pool', 'true');
  pooled.searchParams.set('maxConnections', String(connections));
  if (options.socketTimeoutMs) pooled.searchParams.set('socketTimeout', String(options.socketTimeoutMs));
  if (options.greetingTimeoutMs)
    pooled.searchParams.set('greetingTimeout', String(options.greetingTimeoutMs));
  if (options.connectionTimeoutMs) {
    pooled.searchParams.set('connectionTimeout', String(options.connectionTimeoutMs));
  }
  const transport = nodemailer.createTransport(pooled.toString());
  // Every stream nodemailer makes of a message passes here (a public plugin step), so a failure can
  // be told apart: before the data was read (provably not sent) or after (unknown).
  const probes = new Map<string, Probe>();
  transport.use('stream', (mail, done) => {
    const probe = probes.get(String(mail.data.messageId ?? ''));
    if (probe) {
      mail.message.processFunc((input: Readable) => {
        probe.streams.push(input);
        return input;
      });
    }
    done();
  });
  const slots = createSemaphore(connections);
  return {
    withSlot: slots,
    withSlots: slots.many,
    slots: connections,
    async send(mail) {
      const probe: Probe = { streams: [] };
      probes.set(mail.messageId, probe);
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
        return classifySmtpError(error as SmtpError, { messageWritten: written(probe) });
      } finally {
        probes.delete(mail.messageId);
      }
    },
    close: () => transport.close(),
  };
}
