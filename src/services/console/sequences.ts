import { and, count, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, enrollments } from '../../db/schema';
import { listSequences } from '../sequences/sequences';

export type SequenceSummary = {
  id: string;
  name: string;
  archived: boolean;
  activeVersionId: string | null;
  counts: Record<string, number>;
};

/** The list page: every sequence of the installation with its enrollments counted by state. */
export async function listSequenceSummaries(
  db: Queryable,
  installationId: string,
): Promise<SequenceSummary[]> {
  const rows = await listSequences(db, installationId);
  const counted = await db
    .select({ sequenceId: enrollments.sequenceId, status: enrollments.status, n: count() })
    .from(enrollments)
    .where(eq(enrollments.installationId, installationId))
    .groupBy(enrollments.sequenceId, enrollments.status);
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    archived: s.archivedAt !== null,
    activeVersionId: s.activeVersionId,
    counts: Object.fromEntries(counted.filter((c) => c.sequenceId === s.id).map((c) => [c.status, c.n])),
  }));
}

/** The preview picks a contact by email; scoped so another installation's contact is never found. */
export async function findContactIdByEmail(
  db: Queryable,
  installationId: string,
  email: string,
): Promise<string | null> {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.installationId, installationId), eq(contacts.email, sql`lower(${email})`)))
    .limit(1);
  return row?.id ?? null;
}
