import { once } from 'node:events';
import type pg from 'pg';

/** The parts of pg's (internal) Connection a COPY needs: its protocol messages and the socket. */
type CopyConnection = {
  query: (text: string) => void;
  sendCopyFromChunk: (chunk: Buffer) => void;
  endCopyFrom: () => void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
};

const CHUNK_BYTES = 1 << 16;

/**
 * `COPY ... FROM STDIN` with pg alone: pg has no COPY stream of its own (that is pg-copy-streams,
 * not installed here), but it runs any "submittable" and hands it the CopyInResponse, so this sends
 * the CopyData and CopyDone messages itself, waiting for the socket to drain between chunks.
 * `lines` are rows in COPY text format, each ending in a newline. Resolves to the rows copied.
 */
export function copyFrom(client: pg.ClientBase, statement: string, lines: Iterable<string>): Promise<number> {
  return new Promise((resolve, reject) => {
    let failure: Error | null = null;
    let copied = 0;
    const pump = async (connection: CopyConnection) => {
      let parts: string[] = [];
      let size = 0;
      for (const line of lines) {
        if (failure) return; // the server refused a row: it has ended the COPY already
        parts.push(line);
        size += line.length;
        if (size < CHUNK_BYTES) continue;
        connection.sendCopyFromChunk(Buffer.from(parts.join('')));
        parts = [];
        size = 0;
        if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
      }
      if (parts.length > 0) connection.sendCopyFromChunk(Buffer.from(parts.join('')));
      connection.endCopyFrom();
    };
    const submittable = {
      submit: (connection: CopyConnection) => connection.query(statement),
      handleCopyInResponse: (connection: CopyConnection) => {
        pump(connection).catch((e: Error) => {
          failure = e;
        });
      },
      handleCommandComplete: (msg: { text: string }) => {
        copied = Number(msg.text.split(' ')[1] ?? 0);
      },
      handleError: (e: Error) => {
        failure = e;
        reject(e);
      },
      handleReadyForQuery: () => (failure ? reject(failure) : resolve(copied)),
      handleRowDescription: () => {},
      handleDataRow: () => {},
      handleEmptyQuery: () => {},
      handlePortalSuspended: () => {},
      handleCopyData: () => {},
    };
    client.query(submittable as unknown as pg.QueryConfig);
  });
}
