// sObject Collections: POST/PATCH/DELETE /composite/sobjects (<= 200 records, allOrNone), POST .../<Type> retrieve.
import type { Context, Hono } from 'hono';
import { type SaveResult, sfError } from './errors';
import { fieldOf, sobjectName } from './schema';
import { deleteRecord, findRecord, type SfRecord, type State, table } from './state';
import { viewRecord } from './view';
import { saveRecord } from './write';

const MAX = 200;
const tooMany = (c: Context) =>
  sfError(
    c,
    400,
    'EXCEEDED_ID_LIMIT',
    'record limit reached. cannot submit more than 200 records into this call',
  );
const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [] as string[],
};

/** Runs `each` per item; with allOrNone a single failure restores the org and marks the rest rolled back. */
function batch<T>(state: State, allOrNone: boolean, items: T[], each: (item: T) => SaveResult): SaveResult[] {
  const tables = new Map(
    [...state.records].map(([k, rows]) => [k, new Map([...rows].map(([id, r]) => [id, { ...r }]))]),
  );
  const snapshot = { tables, deleted: [...state.deleted], nextId: state.nextId };
  const results = items.map(each);
  if (!allOrNone || results.every((r) => r.success)) return results;
  state.records = snapshot.tables;
  state.deleted = snapshot.deleted;
  state.nextId = snapshot.nextId;
  return results.map((r) =>
    r.success ? { ...(r.id ? { id: r.id } : {}), success: false, errors: [ROLLED_BACK] } : r,
  );
}

type Body = { allOrNone?: boolean; records?: Record<string, unknown>[] };

async function body(c: Context): Promise<Body | null> {
  try {
    const parsed = (await c.req.json()) as Body;
    return Array.isArray(parsed?.records) ? parsed : null;
  } catch {
    return null;
  }
}

function typeOf(record: Record<string, unknown>): string | null {
  const attrs = record.attributes as { type?: unknown } | undefined;
  return typeof attrs?.type === 'string' ? sobjectName(attrs.type) : null;
}

export function collectionRoutes(app: Hono, state: State) {
  const write = (update: boolean) => async (c: Context) => {
    const parsed = await body(c);
    if (!parsed) return sfError(c, 400, 'JSON_PARSER_ERROR', 'records must be an array');
    const records = parsed.records ?? [];
    if (records.length > MAX) return tooMany(c);
    const results = batch(state, parsed.allOrNone === true, records, (record) => {
      const idKey = Object.keys(record).find((k) => k.toLowerCase() === 'id');
      const id = idKey ? String(record[idKey]) : null;
      const sobject = typeOf(record);
      if (!sobject) {
        return {
          success: false,
          errors: [{ statusCode: 'INVALID_TYPE', message: 'No SObject Type defined in record', fields: [] }],
        };
      }
      if (update && !id) {
        return {
          success: false,
          errors: [
            { statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] },
          ],
        };
      }
      return saveRecord(state, sobject, record, update ? id : null);
    });
    return c.json(results);
  };
  app.post('/services/data/:version/composite/sobjects', write(false));
  app.patch('/services/data/:version/composite/sobjects', write(true));

  app.delete('/services/data/:version/composite/sobjects', (c) => {
    const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > MAX) return tooMany(c);
    const results = batch(state, c.req.query('allOrNone') === 'true', ids, (id) => {
      const found = findRecord(state, id);
      if (!found)
        return {
          id,
          success: false,
          errors: [
            { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] },
          ],
        };
      if (!deleteRecord(state, found.sobject, id)) {
        return {
          id,
          success: false,
          errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
        };
      }
      return { id, success: true, errors: [] };
    });
    return c.json(results);
  });

  app.post('/services/data/:version/composite/sobjects/:type', async (c) => {
    const sobject = sobjectName(c.req.param('type'));
    if (!sobject) return sfError(c, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const asked = (await c.req.json().catch(() => null)) as { ids?: string[]; fields?: string[] } | null;
    if (!asked?.ids || asked.ids.length > 2000) return tooMany(c);
    const fields = (asked.fields ?? ['Id']).map((f) => fieldOf(sobject, f)?.name ?? f);
    const version = c.req.param('version').replace(/^v/, '');
    return c.json(
      asked.ids.map((id) => {
        const row: SfRecord | undefined = table(state, sobject).get(id);
        return row && !row.IsDeleted ? viewRecord(version, sobject, row, fields) : null;
      }),
    );
  });
}
