import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type SinkMessage = {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  receivedAt: Date;
};

export type SmtpSink = {
  port: number;
  url: string;
  messages: SinkMessage[];
  stop: () => Promise<void>;
};

/**
 * A local SMTP server that keeps what it receives: tests and the embedded default deliver here,
 * so the real SMTP path runs end to end. Keeps the newest `limit` messages.
 */
export async function startSmtpSink(options: { port?: number; limit?: number } = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const limit = options.limit ?? 100_000;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          // Raw header lines: mailparser structures some (List-*) in ways tests should not depend on.
          for (const { key, line } of parsed.headerLines)
            headers[key] = line.slice(line.indexOf(':') + 1).trim();
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            messageId: parsed.messageId ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers,
            receivedAt: new Date(),
          });
          if (messages.length > limit) messages.splice(0, messages.length - limit);
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    // A client that dies mid-session (a killed worker) resets its socket; that is not our failure.
    server.on('error', () => {});
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
