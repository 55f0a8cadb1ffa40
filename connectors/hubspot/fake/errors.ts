import type { Context } from 'hono';

// HubSpot's error body (spec schema "Error": status, message, correlationId, category).
export function hubError(c: Context, status: number, category: string, message: string, extra = {}) {
  return c.json(
    { status: 'error', message, correlationId: crypto.randomUUID(), category, ...extra },
    status as 400,
  );
}

export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  try {
    return (await c.req.json()) as Record<string, unknown>;
  } catch {
    return {};
  }
}
