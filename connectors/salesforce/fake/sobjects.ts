// Single-record REST: /sobjects/<Type>[/<id>] create, read, update, delete, and describe.
import type { Context, Hono } from 'hono';
import { sfError } from './errors';
import { SCHEMA, sobjectName } from './schema';
import { deleteRecord, type State, table } from './state';
import { viewRecord } from './view';
import { saveRecord } from './write';

const version = (c: Context) => (c.req.param('version') ?? 'v67.0').replace(/^v/, '');
const notFound = (c: Context) => sfError(c, 404, 'NOT_FOUND', 'The requested resource does not exist');

async function jsonBody(c: Context): Promise<Record<string, unknown> | null> {
  try {
    const body = await c.req.json();
    return body && typeof body === 'object' && !Array.isArray(body) ? body : null;
  } catch {
    return null;
  }
}

export function sobjectRoutes(app: Hono, state: State) {
  app.get('/services/data/:version/sobjects/:type/describe', (c) => {
    const sobject = sobjectName(c.req.param('type'));
    if (!sobject) return notFound(c);
    return c.json({
      name: sobject,
      label: sobject,
      keyPrefix: null,
      updateable: true,
      createable: true,
      fields: (SCHEMA[sobject] ?? []).map((f) => ({
        name: f.name,
        label: f.name.replace(/__c$/, '').replaceAll('_', ' '),
        type: f.type,
        custom: f.name.endsWith('__c'),
        updateable: f.updateable,
        createable: f.updateable,
        nillable: f.type !== 'boolean' && f.name !== 'Id',
        picklistValues: (f.picklist ?? []).map((value) => ({
          value,
          label: value,
          active: true,
          defaultValue: false,
        })),
      })),
    });
  });

  app.post('/services/data/:version/sobjects/:type', async (c) => {
    const sobject = sobjectName(c.req.param('type'));
    if (!sobject) return notFound(c);
    const body = await jsonBody(c);
    if (!body) return sfError(c, 400, 'JSON_PARSER_ERROR', 'The request body is not a JSON object');
    const result = saveRecord(state, sobject, body, null);
    if (!result.success)
      return c.json(
        result.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })),
        400,
      );
    return c.json(result, 201);
  });

  app.get('/services/data/:version/sobjects/:type/:id', (c) => {
    const sobject = sobjectName(c.req.param('type'));
    const row = sobject ? table(state, sobject).get(c.req.param('id')) : undefined;
    if (!sobject || !row || row.IsDeleted) return notFound(c);
    const asked = c.req.query('fields');
    const fields = asked ? asked.split(',') : (SCHEMA[sobject] ?? []).map((f) => f.name);
    return c.json(viewRecord(version(c), sobject, row, fields));
  });

  app.patch('/services/data/:version/sobjects/:type/:id', async (c) => {
    const sobject = sobjectName(c.req.param('type'));
    if (!sobject) return notFound(c);
    const body = await jsonBody(c);
    if (!body) return sfError(c, 400, 'JSON_PARSER_ERROR', 'The request body is not a JSON object');
    const id = c.req.param('id');
    if (!table(state, sobject).get(id)) return notFound(c);
    const result = saveRecord(state, sobject, body, id);
    if (!result.success)
      return c.json(
        result.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })),
        400,
      );
    return c.body(null, 204);
  });

  app.delete('/services/data/:version/sobjects/:type/:id', (c) => {
    const sobject = sobjectName(c.req.param('type'));
    const row = sobject ? table(state, sobject).get(c.req.param('id')) : undefined;
    if (!sobject || !row) return notFound(c);
    if (row.IsDeleted) return sfError(c, 404, 'ENTITY_IS_DELETED', 'entity is deleted');
    deleteRecord(state, sobject, row.Id);
    return c.body(null, 204);
  });
}
