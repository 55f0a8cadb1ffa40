/**
 * Pure planning of incremental pulls through CRM search: which request to send next and how to get
 * past search's 10,000-result cap. Search pages at most 200 records and refuses `after` >= 10,000, so a
 * window that holds more is narrowed: the next query starts at the last modification time seen
 * (results sorted ascending) instead of paging on.
 */
export const SEARCH_CAP = 10_000;
export const SEARCH_LIMIT = 200;

/** The modification-time property search filters and sorts on, per object. */
export const MODIFIED_PROPERTY = { contacts: 'lastmodifieddate', deals: 'hs_lastmodifieddate' } as const;
export type SearchObject = keyof typeof MODIFIED_PROPERTY;

/**
 * Where an incremental pull stands: the window's start (epoch ms, inclusive) and the offset in it.
 * `afterId` is set only when more than a cap's worth of records share the instant `from`: the window
 * is then split by id at that instant.
 */
export type SearchCursor = { from: number; after: number; afterId?: string };

type Filter = { propertyName: string; operator: 'GT' | 'GTE' | 'EQ'; value: string };

export function searchRequest(
  object: SearchObject,
  cursor: SearchCursor,
  properties: string[],
  limit = SEARCH_LIMIT,
) {
  const modified = MODIFIED_PROPERTY[object];
  const at = (operator: Filter['operator']): Filter => ({
    propertyName: modified,
    operator,
    value: String(cursor.from),
  });
  const filterGroups: { filters: Filter[] }[] = cursor.afterId
    ? [
        { filters: [at('GT')] },
        { filters: [at('EQ'), { propertyName: 'hs_object_id', operator: 'GT', value: cursor.afterId }] },
      ]
    : [{ filters: [at('GTE')] }];
  return {
    filterGroups,
    sorts: [{ propertyName: modified, direction: 'ASCENDING' as const }],
    properties,
    limit,
    ...(cursor.after > 0 ? { after: String(cursor.after) } : {}),
  };
}

export type SearchPageFacts = {
  count: number;
  total: number;
  nextAfter: string | null;
  /** Modification time (epoch ms) and id of the page's last record, when it has one. */
  lastModified: number | null;
  lastId: string | null;
};

/** The cursor of the next request, or null when the window is exhausted. */
export function nextSearchCursor(
  cursor: SearchCursor,
  page: SearchPageFacts,
  cap = SEARCH_CAP,
): SearchCursor | null {
  const next = page.nextAfter === null ? null : Number(page.nextAfter);
  if (next !== null && Number.isFinite(next) && next < cap) return { ...cursor, after: next };
  const consumed = cursor.after + page.count;
  if (consumed >= page.total || page.count === 0 || page.lastModified === null) return null;
  // Capped with more to come: start again from the last instant seen (its records come again; upserts
  // are idempotent). If time did not move, more than a cap's worth share it: split that instant by id.
  if (page.lastModified > cursor.from) return { from: page.lastModified, after: 0 };
  return { from: page.lastModified, after: 0, ...(page.lastId ? { afterId: page.lastId } : {}) };
}

/** Cursors travel through the database as text. */
export function encodeSearchCursor(cursor: SearchCursor): string {
  return JSON.stringify(cursor);
}

export function decodeSearchCursor(text: string | null): SearchCursor | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<SearchCursor>;
    if (typeof v.from !== 'number' || typeof v.after !== 'number') return null;
    return { from: v.from, after: v.after, ...(typeof v.afterId === 'string' ? { afterId: v.afterId } : {}) };
  } catch {
    return null;
  }
}

/** Epoch ms of a HubSpot datetime value (ISO or epoch ms text), or null. */
export function modifiedAt(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
