import { and, asc, eq, ilike, isNotNull, isNull, sql } from 'drizzle-orm';
import { sequences, sequenceVersions } from '../../db/schema';
import { fromBase64UrlStrict } from '../../lib/crypto';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { findPortalInstallation } from './actions-auth';
import { type OptionsAnswer, optionsRequest } from './actions-schemas';

export const OPTIONS_PAGE_SIZE = 50;

export type OptionsError = { code: 'validation_failed'; message: string };

type Cursor = { name: string; id: string };

// Opaque to HubSpot, which hands it back as fetchOptions.after: the last (name, id) of a page.
function encodeCursor(c: Cursor): string {
  let binary = '';
  for (const b of new TextEncoder().encode(JSON.stringify([c.name, c.id]))) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function decodeCursor(after: string): Cursor | null {
  const bytes = fromBase64UrlStrict(after);
  if (!bytes) return null;
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return { name: v[0], id: v[1] };
  } catch {}
  return null;
}

const likeEscape = (q: string) => q.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * The options of the "sequence" input field: the portal's published, non-archived sequences, by
 * name, searchable (`q`, case-insensitive substring) and paged by a keyset cursor (`after`). A
 * portal that has not installed the app gets an empty list: HubSpot shows "no options".
 */
export async function listSequenceOptions(
  deps: AppDeps,
  body: unknown,
): Promise<Result<OptionsAnswer, OptionsError>> {
  const parsed = optionsRequest.safeParse(body);
  if (!parsed.success)
    return err({ code: 'validation_failed', message: parsed.error.issues[0]?.message ?? 'invalid' });
  const portalId = (parsed.data.origin?.portalId ?? parsed.data.portalId) as string;
  const q = parsed.data.fetchOptions?.q?.trim() ?? '';
  const after = parsed.data.fetchOptions?.after ?? '';
  const cursor = after ? decodeCursor(after) : null;
  if (after && !cursor)
    return err({ code: 'validation_failed', message: 'fetchOptions.after is not a cursor we issued' });
  const installation = await findPortalInstallation(deps.db, portalId);
  if (!installation) return ok({ options: [], searchable: true });

  const sortName = sql<string>`lower(${sequences.name})`;
  const rows = await deps.db
    .select({
      id: sequences.id,
      name: sequences.name,
      sortName,
      version: sequenceVersions.version,
      steps: sql<number>`coalesce(jsonb_array_length(${sequenceVersions.definition}->'steps'), 0)`,
    })
    .from(sequences)
    .innerJoin(sequenceVersions, eq(sequenceVersions.id, sequences.activeVersionId))
    .where(
      and(
        eq(sequences.installationId, installation.id),
        isNull(sequences.archivedAt),
        isNotNull(sequences.activeVersionId),
        q ? ilike(sequences.name, `%${likeEscape(q)}%`) : undefined,
        cursor ? sql`(${sortName}, ${sequences.id}) > (${cursor.name}, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(asc(sortName), asc(sequences.id))
    .limit(OPTIONS_PAGE_SIZE + 1);

  const page = rows.slice(0, OPTIONS_PAGE_SIZE);
  const last = page.at(-1);
  return ok({
    options: page.map((r) => ({
      label: r.name,
      value: r.id,
      description: `Version ${r.version}, ${r.steps} step${r.steps === 1 ? '' : 's'}`,
    })),
    ...(rows.length > OPTIONS_PAGE_SIZE && last
      ? { after: encodeCursor({ name: last.sortName, id: last.id }) }
      : {}),
    searchable: true,
  });
}
