import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { inboundMessages } from '../../db/schema';

export type InboundStatus = (typeof inboundMessages.$inferSelect)['status'];

/** Newest first; `unmatched` is the report of mail that reached no contact or send. */
export async function listInbound(
  db: Queryable,
  params: { installationId: string; status?: InboundStatus | undefined; limit: number },
) {
  const where: SQL[] = [eq(inboundMessages.installationId, params.installationId)];
  if (params.status) where.push(eq(inboundMessages.status, params.status));
  return db
    .select()
    .from(inboundMessages)
    .where(and(...where))
    .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
    .limit(params.limit);
}

export async function getInbound(db: Queryable, params: { installationId: string; id: string }) {
  const [row] = await db
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.installationId, params.installationId), eq(inboundMessages.id, params.id)));
  return row ?? null;
}
