import type { Hono } from 'hono';
import { associate } from './associations';
import { hubError, jsonBody } from './errors';
import { iso, objectsOf, putObject, type State, view } from './state';

const BATCH_MAX = 100;
type Input = {
  id?: string;
  properties?: Record<string, unknown>;
  associations?: unknown[];
  objectWriteTraceId?: string;
};

function batchResult(state: State, results: unknown[], startedAt: string) {
  return { status: 'COMPLETE', results, startedAt, completedAt: iso(state) };
}

export function objectRoutes(app: Hono, state: State) {
  const base = '/crm/v3/objects/:type';
  app.get(base, (c) => {
    const limit = Math.min(Number(c.req.query('limit') ?? 10), 100);
    const after = Number(c.req.query('after') ?? 0);
    const wanted = (c.req.query('properties') ?? '').split(',').filter(Boolean);
    const all = [...objectsOf(state, c.req.param('type')).values()].sort(
      (a, b) => Number(a.id) - Number(b.id),
    );
    const page = all.filter((o) => Number(o.id) > after).slice(0, limit);
    const last = page.at(-1);
    const more = last && all.some((o) => Number(o.id) > Number(last.id));
    const url = new URL(c.req.url);
    if (last) url.searchParams.set('after', last.id);
    return c.json({
      results: page.map((o) => view(o, wanted)),
      ...(more && last ? { paging: { next: { after: last.id, link: url.toString() } } } : {}),
    });
  });
  app.get(`${base}/:id`, (c) => {
    const obj = objectsOf(state, c.req.param('type')).get(c.req.param('id'));
    if (!obj) return hubError(c, 404, 'OBJECT_NOT_FOUND', 'Object not found.');
    return c.json(view(obj, (c.req.query('properties') ?? '').split(',').filter(Boolean)));
  });
  app.post(base, async (c) => {
    const body = (await jsonBody(c)) as Input;
    const obj = putObject(state, c.req.param('type'), body.properties ?? {});
    inlineAssociations(state, c.req.param('type'), obj.id, body.associations);
    return c.json(view(obj, Object.keys(body.properties ?? {})), 201);
  });
  app.patch(`${base}/:id`, async (c) => {
    const store = objectsOf(state, c.req.param('type'));
    if (!store.has(c.req.param('id'))) return hubError(c, 404, 'OBJECT_NOT_FOUND', 'Object not found.');
    const body = (await jsonBody(c)) as Input;
    const obj = putObject(state, c.req.param('type'), body.properties ?? {}, c.req.param('id'));
    return c.json(view(obj, Object.keys(body.properties ?? {})));
  });
  app.post(`${base}/batch/:op`, async (c) => {
    const type = c.req.param('type');
    const op = c.req.param('op');
    const startedAt = iso(state);
    const body = await jsonBody(c);
    const inputs = (body.inputs ?? []) as (Input & { idProperty?: string })[];
    if (inputs.length > BATCH_MAX) {
      return hubError(c, 400, 'VALIDATION_ERROR', `Batch size ${inputs.length} exceeds ${BATCH_MAX}.`);
    }
    const store = objectsOf(state, type);
    if (op === 'read') {
      const wanted = (body.properties ?? []) as string[];
      const found = inputs.flatMap((i) => {
        const obj = store.get(String(i.id));
        return obj ? [view(obj, wanted)] : [];
      });
      return c.json(batchResult(state, found, startedAt));
    }
    if (op === 'create') {
      const made = inputs.map((i) => {
        const obj = putObject(state, type, i.properties ?? {});
        inlineAssociations(state, type, obj.id, i.associations);
        // HubSpot does not promise result order; the trace id is how a caller matches its inputs.
        const trace = i.objectWriteTraceId === undefined ? {} : { objectWriteTraceId: i.objectWriteTraceId };
        return { ...view(obj, Object.keys(i.properties ?? {})), ...trace };
      });
      return c.json(batchResult(state, made, startedAt), 201);
    }
    if (op === 'update') {
      const missing = inputs.find((i) => !store.has(String(i.id)));
      if (missing) return hubError(c, 404, 'OBJECT_NOT_FOUND', `Object ${missing.id} not found.`);
      const done = inputs.map((i) => view(putObject(state, type, i.properties ?? {}, String(i.id)), []));
      return c.json(batchResult(state, done, startedAt));
    }
    if (op === 'upsert') {
      const done = inputs.map((i) => {
        const key = i.idProperty ?? 'hs_object_id';
        const hit = [...store.values()].find((o) => o.properties[key] === String(i.id));
        const obj = putObject(state, type, { ...i.properties, [key]: i.id }, hit?.id);
        return { ...view(obj, []), new: !hit };
      });
      return c.json(batchResult(state, done, startedAt));
    }
    return hubError(c, 404, 'NOT_FOUND', `Unknown batch operation ${op}.`);
  });
}

type Inline = {
  to?: { id?: string };
  types?: { associationCategory?: string; associationTypeId?: number }[];
};

function inlineAssociations(state: State, type: string, id: string, list: unknown[] | undefined) {
  for (const a of (list ?? []) as Inline[]) {
    for (const t of a.types ?? []) {
      associate(state, `${type}:${id}`, `?:${a.to?.id}`, t.associationTypeId ?? 0, t.associationCategory);
    }
  }
}
