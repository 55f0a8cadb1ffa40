import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Salesforce REST errors are a JSON array of {message, errorCode[, fields]}. */
export function sfError(
  c: Context,
  status: ContentfulStatusCode,
  errorCode: string,
  message: string,
  fields?: string[],
) {
  return c.json([{ message, errorCode, ...(fields ? { fields } : {}) }], status);
}

export type SaveError = { statusCode: string; message: string; fields: string[] };
export type SaveResult = { id?: string; success: boolean; errors: SaveError[] };
