import type { Hono } from 'hono';
import { hubError, jsonBody } from './errors';
import { type CrmObject, objectsOf, type State, view } from './state';

const MAX_LIMIT = 200;
const RESULT_CAP = 10_000; // HubSpot returns at most 10,000 results per query.
const caps = new WeakMap<State, number>();

/** Lowers the per-query result cap for a portal, so tests of the cap stay small. */
export function setSearchCap(state: State, cap: number) {
  caps.set(state, cap);
}

type Filter = { propertyName: string; operator: string; value?: string; values?: string[] };
type Sort = { propertyName: string; direction?: 'ASCENDING' | 'DESCENDING' };

// Dates compare as epoch ms (HubSpot accepts ms or ISO); other values numerically when both are numbers.
function comparable(v: string | null | undefined): number | string {
  if (v == null) return '';
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : t;
}

function matches(obj: CrmObject, f: Filter): boolean {
  const have = obj.properties[f.propertyName];
  const a = comparable(have);
  const b = comparable(f.value);
  switch (f.operator) {
    case 'EQ':
      return have === f.value || a === b;
    case 'NEQ':
      return !(have === f.value || a === b);
    case 'GT':
      return have != null && a > b;
    case 'GTE':
      return have != null && a >= b;
    case 'LT':
      return have != null && a < b;
    case 'LTE':
      return have != null && a <= b;
    case 'HAS_PROPERTY':
      return have != null && have !== '';
    case 'NOT_HAS_PROPERTY':
      return have == null || have === '';
    case 'IN':
      return (f.values ?? []).includes(have ?? '');
    default:
      return false;
  }
}

export function searchRoutes(app: Hono, state: State) {
  app.post('/crm/v3/objects/:type/search', async (c) => {
    const body = await jsonBody(c);
    const limit = Number(body.limit ?? 10);
    if (limit > MAX_LIMIT) return hubError(c, 400, 'VALIDATION_ERROR', `limit must be <= ${MAX_LIMIT}`);
    const after = Number(body.after ?? 0);
    const cap = caps.get(state) ?? RESULT_CAP;
    if (after >= cap)
      return hubError(
        c,
        400,
        'VALIDATION_ERROR',
        `Search results are limited to ${cap.toLocaleString('en-US')}.`,
      );
    const groups = (body.filterGroups ?? []) as { filters: Filter[] }[];
    const sorts = (body.sorts ?? []) as Sort[];
    const hits = [...objectsOf(state, c.req.param('type')).values()].filter(
      (o) => groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(o, f))),
    );
    hits.sort((x, y) => {
      for (const s of sorts) {
        const a = comparable(x.properties[s.propertyName]);
        const b = comparable(y.properties[s.propertyName]);
        if (a !== b) return (a < b ? -1 : 1) * (s.direction === 'DESCENDING' ? -1 : 1);
      }
      return Number(x.id) - Number(y.id);
    });
    const page = hits.slice(after, Math.min(after + limit, cap));
    const next = after + page.length;
    const more = next < hits.length && next < cap;
    return c.json({
      total: hits.length,
      results: page.map((o) => view(o, (body.properties ?? []) as string[])),
      ...(more ? { paging: { next: { after: String(next) } } } : {}),
    });
  });
}
