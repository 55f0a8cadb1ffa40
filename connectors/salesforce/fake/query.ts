// GET /query, /queryAll and /query/<locator> (queryMore), paged by Sforce-Query-Options batchSize.
import type { Context, Hono } from 'hono';
import { sfError } from './errors';
import { makeId } from './ids';
import { runSoql } from './soql-eval';
import { SoqlError } from './soql-lex';
import type { State } from './state';
import { viewRecord } from './view';

const version = (c: Context) => (c.req.param('version') ?? 'v67.0').replace(/^v/, '');

function batchSize(c: Context): number {
  const match = /batchSize=(\d+)/i.exec(c.req.header('sforce-query-options') ?? '');
  const asked = match?.[1] ? Number(match[1]) : 2000;
  return Math.min(2000, Math.max(200, asked));
}

function page(c: Context, state: State, cursorId: string, offset: number, size: number) {
  const cursor = state.cursors.get(cursorId);
  if (!cursor) return sfError(c, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  const rows = state.records.get(cursor.sobject) ?? new Map();
  const ids = cursor.ids.slice(offset, offset + size);
  const next = offset + size;
  const done = next >= cursor.ids.length;
  if (done) state.cursors.delete(cursorId);
  return c.json({
    totalSize: cursor.ids.length,
    done,
    ...(done ? {} : { nextRecordsUrl: `/services/data/v${version(c)}/query/${cursorId}-${next}` }),
    records: ids.map((id) => viewRecord(version(c), cursor.sobject, rows.get(id), cursor.fields)),
  });
}

export function queryRoutes(app: Hono, state: State) {
  const run = (all: boolean) => (c: Context) => {
    const soql = c.req.query('q');
    if (!soql) return sfError(c, 400, 'MALFORMED_QUERY', 'A query string is required');
    try {
      const result = runSoql(state, soql, all);
      if (result.count) return c.json({ totalSize: result.rows.length, done: true, records: [] });
      state.nextId += 1;
      const cursorId = makeId('01g', state.nextId);
      state.cursors.set(cursorId, {
        ids: result.rows.map((r) => r.Id),
        sobject: result.sobject,
        fields: result.fields,
      });
      return page(c, state, cursorId, 0, batchSize(c));
    } catch (error) {
      if (error instanceof SoqlError) return sfError(c, 400, error.errorCode, error.message);
      throw error;
    }
  };
  app.get('/services/data/:version/query', run(false));
  app.get('/services/data/:version/query/', run(false));
  app.get('/services/data/:version/queryAll', run(true));
  app.get('/services/data/:version/queryAll/', run(true));
  const more = (c: Context) => {
    const locator = c.req.param('locator') ?? '';
    const [cursorId = '', offset = '0'] = locator.split('-');
    return page(c, state, cursorId, Number(offset), batchSize(c));
  };
  app.get('/services/data/:version/query/:locator', more);
  app.get('/services/data/:version/queryAll/:locator', more);
}
