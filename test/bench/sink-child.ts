import { startSmtpSink } from '../../src/mail/smtp-sink';

// Forked by sink-process.ts: a real SMTP server that reports how many mails it took, every 20 ms.
const sink = await startSmtpSink({ limit: 1_000_000 });
process.send?.({ url: sink.url });
let last = -1;
setInterval(() => {
  if (sink.messages.length !== last) {
    last = sink.messages.length;
    process.send?.({ received: last });
  }
}, 20);
process.on('SIGTERM', () => {
  void sink.stop().finally(() => process.exit(0));
});
