import { z } from 'zod';

/** Ids end up in idempotency keys (`contact:threshold:up:1`), so no `:` and nothing to escape. */
export const stableId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
  error: "must be 1-64 lowercase letters, digits, '_' or '-' (it is a stable key)",
});

export const nonEmptyText = z.string().trim().min(1, { error: 'must not be empty' }).max(200);
