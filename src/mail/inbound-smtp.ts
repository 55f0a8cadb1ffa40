import { SMTPServer } from 'smtp-server';

/** What the listener hands over: the message bytes and the SMTP envelope. */
export type InboundEnvelope = { mailFrom: string; rcptTo: string[] };

/**
 * `accepted`: stored (processed, unmatched or a duplicate). `rejected`: we cannot take it (550, the
 * sender gets a bounce, so it is not lost). `retry`: our failure (451, the sender tries again).
 */
export type InboundVerdict = { outcome: 'accepted' | 'rejected' | 'retry'; message: string };

export type InboundSmtp = { port: number; url: string; stop: () => Promise<void> };

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * A local SMTP listener for inbound mail (replies, bounces) in the embedded default: the same
 * processing as the webhook runs on each message. Plain SMTP on loopback by default; put it behind
 * your MX (or use the webhook) in production.
 */
export async function startInboundSmtp(options: {
  port: number;
  host?: string;
  onMessage: (raw: Buffer, envelope: InboundEnvelope) => Promise<InboundVerdict>;
}): Promise<InboundSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: MAX_BYTES,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('552 message too large'), { responseCode: 552 }));
          return;
        }
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        options
          .onMessage(Buffer.concat(chunks), envelope)
          .then((verdict) => {
            if (verdict.outcome === 'accepted') return callback(null, verdict.message);
            const responseCode = verdict.outcome === 'rejected' ? 550 : 451;
            return callback(Object.assign(new Error(verdict.message), { responseCode }));
          })
          .catch((e: unknown) =>
            callback(Object.assign(new Error(`temporary failure: ${String(e)}`), { responseCode: 451 })),
          );
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.on('error', () => {}); // a client resetting its socket is not our failure
    server.listen(options.port, host, () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : options.port);
    });
  });
  return {
    port,
    url: `smtp://${host}:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
