import net from 'node:net';

/** What the raw server does once it has the whole message (after CRLF.CRLF), or at RCPT. */
export type RawSmtpBehaviour = {
  /** `drop`: destroy the socket without replying. `silent`: never reply. Otherwise the reply line. */
  afterData?: 'drop' | 'silent' | string;
  /** A reply line for RCPT TO (default 250), or `drop` to destroy the socket there. */
  atRcpt?: 'drop' | string;
};

export type RawSmtp = {
  url: string;
  /** Recipients of every message received in full (the final `.` arrived). */
  received: string[];
  sockets: Set<net.Socket>;
  stop: () => Promise<void>;
};

/** A bare SMTP server on node:net speaking just enough SMTP to fail in exact places. */
export async function startRawSmtp(behaviour: RawSmtpBehaviour): Promise<RawSmtp> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    let inData = false;
    let rcpt = '';
    socket.write('220 raw.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('binary');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(rcpt);
          const after = behaviour.afterData ?? '250 2.0.0 queued';
          if (after === 'drop') return void socket.destroy();
          if (after === 'silent') return;
          socket.write(`${after}\r\n`);
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 raw.test\r\n');
        else if (verb === 'MAIL') socket.write('250 2.1.0 ok\r\n');
        else if (verb === 'RCPT') {
          rcpt = /<([^>]*)>/.exec(line)?.[1] ?? '';
          if (behaviour.atRcpt === 'drop') return void socket.destroy();
          socket.write(`${behaviour.atRcpt ?? '250 2.1.5 ok'}\r\n`);
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'RSET' || verb === 'NOOP') socket.write('250 ok\r\n');
        else if (verb === 'QUIT') {
          socket.write('221 bye\r\n');
          socket.end();
        } else socket.write('502 5.5.2 not implemented\r\n');
      }
    });
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    sockets,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
