import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { AppError, errorResponse } from '../errors';
import { parseStrictJson } from './strict-json';

/** JSON API bodies. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** A whole RFC 822 message (with attachments) on the inbound mail webhook. */
export const INBOUND_MAIL_LIMIT = 10 * 1024 * 1024;
/** RFC 8058 one-click unsubscribe: `List-Unsubscribe=One-Click` and little else. */
export const FORM_BODY_LIMIT = 16 * 1024;

/** The hard body limit of a request path. */
export function bodyLimitFor(path: string): number {
  if (path === '/v1/inbound/email') return INBOUND_MAIL_LIMIT;
  if (path.startsWith('/u/')) return FORM_BODY_LIMIT;
  return JSON_BODY_LIMIT;
}

function tooLarge(limit: number): AppError {
  const size = limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${limit / 1024} KB`;
  return new AppError('payload_too_large', `The request body is limited to ${size}`);
}

/**
 * A pull stream over `source` that reads nothing until someone reads it, and errors the moment
 * `limit` bytes are passed (or at once when Content-Length already says so). It never cancels the
 * source: cancelling would close the socket before the 413 is written; the server drains the rest.
 */
export function limitedStream(
  source: ReadableStream<Uint8Array>,
  limit: number,
  declaredLength: number,
  onExceeded: () => AppError,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let size = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!reader) {
        if (declaredLength > limit) {
          controller.error(onExceeded());
          return;
        }
        reader = source.getReader();
      }
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      size += value.byteLength;
      if (size > limit) {
        reader.releaseLock();
        controller.error(onExceeded());
        return;
      }
      controller.enqueue(value);
    },
  });
}

/** Reads the (limited) body as bytes; a limit error comes out as the 413 it is. */
export async function readBody(c: Context<AppEnv>): Promise<Uint8Array> {
  try {
    return new Uint8Array(await c.req.arrayBuffer());
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('bad_request', 'The request body could not be read');
  }
}

/**
 * Every body goes through here: a hard per-path limit while streaming (413 the moment it is
 * passed), read only when a handler or validator asks, so routes authenticate from headers first;
 * JSON bodies are parsed strictly (no NUL, no lone surrogates, bounded depth). When a validator or
 * handler turns such a failure into its own error, the answer is still the precise 413 or 400.
 */
export const bodyGuard = createMiddleware<AppEnv>(async (c, next) => {
  const raw = c.req.raw;
  if (raw.method === 'GET' || raw.method === 'HEAD' || !raw.body) return next();
  const limit = bodyLimitFor(c.req.path);
  let failure: AppError | null = null;
  const fail = (error: AppError) => {
    failure ??= error;
    return error;
  };
  const declared = Number(raw.headers.get('content-length') ?? Number.NaN);
  const body = limitedStream(raw.body, limit, declared, () => fail(tooLarge(limit)));
  c.req.raw = new Request(raw, { body, duplex: 'half' } as RequestInit);
  const req = c.req;
  Object.defineProperty(req, 'json', {
    configurable: true,
    value: async () => {
      const parsed = parseStrictJson(await req.text());
      if (!parsed.ok) throw fail(new AppError('bad_request', parsed.error));
      return parsed.value;
    },
  });
  await next();
  const failed = failure as AppError | null;
  if (failed && c.res.status >= 400) c.res = errorResponse(failed, c.get('requestId') ?? 'unknown');
});
