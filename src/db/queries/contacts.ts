import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable } from '../client';
import { contacts } from '../schema';

export type ContactRow = typeof contacts.$inferSelect;

/** A contact of the installation that the CRM has not deleted. */
export async function getLiveContact(
  db: Queryable,
  params: { installationId: string; contactId: string },
): Promise<ContactRow | null> {
  const rows = await db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.installationId, params.installationId),
        eq(contacts.id, params.contactId),
        isNull(contacts.deletedAt),
      ),
    );
  return rows[0] ?? null;
}

/** The installation's live contacts in keyset pages, so each statement stays small at any size. */
export async function* liveContactPages(
  db: Queryable,
  installationId: string,
  pageSize: number,
): AsyncGenerator<ContactRow[]> {
  let after = '';
  for (;;) {
    const page = await db
      .select()
      .from(contacts)
      .where(
        and(eq(contacts.installationId, installationId), isNull(contacts.deletedAt), gt(contacts.id, after)),
      )
      .orderBy(contacts.id)
      .limit(pageSize);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]?.id ?? after;
  }
}
