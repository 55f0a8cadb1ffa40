import net, { isIP } from 'node:net';
import { WebSocketServer } from 'ws';

export type WsTcpBridge = {
  /** `ws://127.0.0.1:<port>`: what a Worker's NEON_WS_PROXY points at. */
  url: string;
  /** Connections opened so far (a test can see the driver really went through here). */
  connections: () => number;
  stop: () => Promise<void>;
};

/** Only loopback targets: the bridge is a test stand-in, never an open relay. */
function loopbackTarget(address: string | null): { host: string; port: number } | null {
  const m = address?.match(/^(.+):(\d{1,5})$/);
  if (!m?.[1] || !m[2]) return null;
  const host = m[1].replace(/^\[(.*)\]$/, '$1');
  const port = Number(m[2]);
  const loopback = host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  return loopback && port > 0 && port < 65536 ? { host, port } : null;
}

/**
 * Stands in for Neon's WebSocket proxy: each WebSocket (`?address=host:port`) becomes one TCP
 * connection, raw Postgres protocol bytes both ways in binary frames; either side closing closes both.
 */
export async function startWsTcpBridge(): Promise<WsTcpBridge> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  let opened = 0;
  server.on('connection', (ws, request) => {
    const target = loopbackTarget(new URL(request.url ?? '/', 'ws://bridge').searchParams.get('address'));
    if (!target) {
      ws.close(1008, 'address must be a loopback host:port');
      return;
    }
    opened++;
    const tcp = net.connect(target.port, target.host);
    // Bytes that arrive before the TCP side is up wait in the socket's own write buffer.
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      tcp.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    });
    tcp.on('data', (chunk) => ws.send(chunk, { binary: true }));
    ws.on('close', () => tcp.end());
    ws.on('error', () => tcp.destroy());
    tcp.on('close', () => ws.close());
    tcp.on('error', () => ws.terminate());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    connections: () => opened,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
