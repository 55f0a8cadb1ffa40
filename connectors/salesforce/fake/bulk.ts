// Bulk API 2.0 query jobs: create, poll (JobComplete at once, or after `bulkPolls` InProgress answers), CSV results.
import type { Context, Hono } from 'hono';
import { sfError } from './errors';
import { makeId } from './ids';
import { runSoql } from './soql-eval';
import { SoqlError } from './soql-lex';
import { type BulkJob, type State, sfDateTime } from './state';

const csvCell = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replaceAll('"', '""')}"`);
const locatorOf = (offset: number) => Buffer.from(String(offset)).toString('base64url');

function info(c: Context, state: State, job: BulkJob) {
  return {
    id: job.id,
    operation: job.operation,
    object: runSoqlObject(job),
    createdById: state.userId,
    createdDate: job.createdDate,
    systemModstamp: job.createdDate,
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number((c.req.param('version') ?? 'v67.0').replace(/^v/, '')),
    lineEnding: 'LF',
    columnDelimiter: 'COMMA',
    ...(job.state === 'JobComplete'
      ? { numberRecordsProcessed: job.rows.length, retries: 0, totalProcessingTime: 42 }
      : {}),
  };
}

const runSoqlObject = (job: BulkJob) => /\bFROM\s+(\w+)/i.exec(job.query)?.[1] ?? '';

export function bulkRoutes(app: Hono, state: State) {
  const base = '/services/data/:version/jobs/query';
  const job = (c: Context) => state.bulkJobs.get(c.req.param('id') ?? '');
  const missing = (c: Context) => sfError(c, 404, 'NOT_FOUND', 'The requested resource does not exist');

  app.post(base, async (c) => {
    const body = (await c.req.json().catch(() => null)) as { operation?: string; query?: string } | null;
    if (!body?.query || (body.operation !== 'query' && body.operation !== 'queryAll')) {
      return sfError(c, 400, 'INVALIDJOB', 'operation must be query or queryAll and query is required');
    }
    try {
      const result = runSoql(state, body.query, body.operation === 'queryAll');
      if (result.count)
        return sfError(c, 400, 'INVALIDJOB', 'COUNT() is not supported in Bulk API 2.0 queries');
      state.nextId += 1;
      const created: BulkJob = {
        id: makeId('750', state.nextId),
        operation: body.operation,
        query: body.query,
        state: state.bulkPolls > 0 ? 'UploadComplete' : 'JobComplete',
        polls: 0,
        rows: result.rows.map((r) => ({ ...r })),
        fields: result.fields,
        createdDate: sfDateTime(state.clock.now()),
      };
      state.bulkJobs.set(created.id, created);
      return c.json(info(c, state, created));
    } catch (error) {
      if (error instanceof SoqlError) return sfError(c, 400, error.errorCode, error.message);
      throw error;
    }
  });

  app.get(`${base}/:id`, (c) => {
    const found = job(c);
    if (!found) return missing(c);
    if (found.state === 'UploadComplete' || found.state === 'InProgress') {
      found.polls += 1;
      found.state = found.polls > state.bulkPolls ? 'JobComplete' : 'InProgress';
    }
    return c.json(info(c, state, found));
  });

  app.get(`${base}/:id/results`, (c) => {
    const found = job(c);
    if (!found) return missing(c);
    if (found.state !== 'JobComplete') return sfError(c, 400, 'API_ERROR', `Job ${found.id} is not complete`);
    const raw = c.req.query('locator');
    const offset = raw ? Number(Buffer.from(raw, 'base64url').toString()) : 0;
    const max = Number(c.req.query('maxRecords') ?? found.rows.length) || found.rows.length;
    const rows = found.rows.slice(offset, offset + max);
    const next = offset + rows.length;
    const lines = [
      found.fields.map(csvCell).join(','),
      ...rows.map((r) => found.fields.map((f) => csvCell(r[f])).join(',')),
    ];
    c.header('Sforce-Locator', next < found.rows.length ? locatorOf(next) : 'null');
    c.header('Sforce-NumberOfRecords', String(rows.length));
    c.header('Content-Type', 'text/csv');
    return c.body(`${lines.join('\n')}\n`, 200);
  });

  app.patch(`${base}/:id`, async (c) => {
    const found = job(c);
    if (!found) return missing(c);
    const body = (await c.req.json().catch(() => null)) as { state?: string } | null;
    if (body?.state !== 'Aborted') return sfError(c, 400, 'INVALIDJOB', 'only state Aborted can be set');
    if (found.state === 'JobComplete')
      return sfError(c, 400, 'INVALIDJOB', 'a completed job cannot be aborted');
    found.state = 'Aborted';
    return c.json(info(c, state, found));
  });

  app.delete(`${base}/:id`, (c) => {
    if (!state.bulkJobs.delete(c.req.param('id') ?? '')) return missing(c);
    return c.body(null, 204);
  });
}
