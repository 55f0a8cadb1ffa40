import type { Hono } from 'hono';
import { jsonBody } from './errors';
import type { State } from './state';

// HubSpot-defined association type ids -> target object type, for inline associations on create.
const TARGET: Record<number, string> = {
  204: 'contacts',
  3: 'contacts',
  4: 'deals',
  216: 'tasks',
  1: 'companies',
};
const DEFAULT_TYPE: Record<string, number> = {
  'tasks>contacts': 204,
  'deals>contacts': 3,
  'contacts>deals': 4,
};

const plural = (t: string) => (t.endsWith('s') ? t : `${t}s`);

export function associate(
  state: State,
  from: string,
  to: string,
  typeId: number,
  category = 'HUBSPOT_DEFINED',
) {
  const target = to.startsWith('?:') ? `${TARGET[typeId] ?? 'contacts'}:${to.slice(2)}` : to;
  const exists = state.associations.some((a) => a.from === from && a.to === target && a.typeId === typeId);
  if (!exists) state.associations.push({ from, to: target, typeId, category });
}

function targets(state: State, fromType: string, id: string, toType: string) {
  const prefix = `${plural(toType)}:`;
  const found = state.associations.filter(
    (a) => a.from === `${plural(fromType)}:${id}` && a.to.startsWith(prefix),
  );
  const byTarget = new Map<string, { category: string; typeId: number; label: null }[]>();
  for (const a of found) {
    const id2 = a.to.slice(prefix.length);
    byTarget.set(id2, [
      ...(byTarget.get(id2) ?? []),
      { category: a.category, typeId: a.typeId, label: null },
    ]);
  }
  return [...byTarget].map(([toObjectId, associationTypes]) => ({
    toObjectId,
    associationTypes,
  }));
}

export function associationRoutes(app: Hono, state: State) {
  const pair = '/crm/v4/objects/:from/:id/associations';
  app.get(`${pair}/:to`, (c) =>
    c.json({ results: targets(state, c.req.param('from'), c.req.param('id'), c.req.param('to')) }),
  );
  app.put(`${pair}/default/:to/:toId`, (c) => {
    const { from, id, to, toId } = c.req.param();
    const typeId = DEFAULT_TYPE[`${plural(from)}>${plural(to)}`] ?? 1;
    associate(state, `${plural(from)}:${id}`, `${plural(to)}:${toId}`, typeId);
    return c.json({
      status: 'COMPLETE',
      results: [],
      startedAt: new Date(state.clock.now()).toISOString(),
      completedAt: new Date(state.clock.now()).toISOString(),
    });
  });
  app.put(`${pair}/:to/:toId`, async (c) => {
    const { from, id, to, toId } = c.req.param();
    const specs = (await c.req.json().catch(() => [])) as {
      associationCategory?: string;
      associationTypeId?: number;
    }[];
    for (const s of specs)
      associate(
        state,
        `${plural(from)}:${id}`,
        `${plural(to)}:${toId}`,
        s.associationTypeId ?? 0,
        s.associationCategory,
      );
    // Spec LabelsBetweenObjectPair.
    return c.json(
      {
        fromObjectTypeId: from,
        fromObjectId: id,
        toObjectTypeId: to,
        toObjectId: toId,
        labels: [],
      },
      201,
    );
  });
  app.post('/crm/v4/associations/:from/:to/batch/read', async (c) => {
    const { from, to } = c.req.param();
    const inputs = ((await jsonBody(c)).inputs ?? []) as { id: string }[];
    const now = new Date(state.clock.now()).toISOString();
    const results = inputs.map((i) => ({
      from: { id: String(i.id) },
      to: targets(state, from, String(i.id), to),
    }));
    return c.json({ status: 'COMPLETE', results, startedAt: now, completedAt: now });
  });
}
