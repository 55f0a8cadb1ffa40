import type { Context, Hono } from 'hono';
import { hubError, jsonBody } from './errors';
import { iso, type State } from './state';

// Emails unsubscribed from all email (v4 unsubscribe-all), per fake portal.
const optedOut = new WeakMap<State, Set<string>>();

/** The emails the portal has opted out of all email. */
export function optedOutOfAll(state: State): Set<string> {
  let set = optedOut.get(state);
  if (!set) {
    set = new Set();
    optedOut.set(state, set);
  }
  return set;
}

function batchDone(state: State, results: unknown[]) {
  return { status: 'COMPLETE', results, startedAt: iso(state), completedAt: iso(state) };
}

// Communication preferences v3 (status by email) and v4 (unsubscribe from all, batched), and
// timeline v3 events (one or a batch; an event id is written once, a repeat is 409).
export function engagementRoutes(app: Hono, state: State) {
  const statuses = (email: string) => {
    const now = iso(state);
    const subs = state.subscriptions.get(email) ?? new Map();
    return {
      recipient: email,
      subscriptionStatuses: [...subs].map(([id, status]) => ({
        id,
        name: `Subscription ${id}`,
        description: '',
        status,
        sourceOfStatus: 'SUBSCRIPTION_STATUS',
        legalBasis: null,
        legalBasisExplanation: null,
        timestamp: now,
      })),
    };
  };
  app.get('/communication-preferences/v3/status/email/:email', (c) => c.json(statuses(c.req.param('email'))));
  for (const action of ['subscribe', 'unsubscribe'] as const) {
    app.post(`/communication-preferences/v3/${action}`, async (c) => {
      const body = await jsonBody(c);
      const email = String(body.emailAddress);
      const subs = state.subscriptions.get(email) ?? new Map<string, string>();
      subs.set(String(body.subscriptionId), action === 'subscribe' ? 'SUBSCRIBED' : 'NOT_SUBSCRIBED');
      state.subscriptions.set(email, subs);
      return c.json(statuses(email).subscriptionStatuses.find((s) => s.id === String(body.subscriptionId)));
    });
  }
  const emailsOf = async (c: Context) => {
    if (c.req.query('channel') !== 'EMAIL') return null;
    const inputs = (await jsonBody(c)).inputs;
    return Array.isArray(inputs) ? inputs.map(String) : null;
  };
  app.post('/communication-preferences/v4/statuses/batch/unsubscribe-all', async (c) => {
    const emails = await emailsOf(c);
    if (!emails) return hubError(c, 400, 'VALIDATION_ERROR', 'channel=EMAIL and inputs are required.');
    const results = emails.map((email) => {
      optedOutOfAll(state).add(email);
      const subs = state.subscriptions.get(email) ?? new Map<string, string>();
      for (const id of subs.keys()) subs.set(id, 'NOT_SUBSCRIBED');
      state.subscriptions.set(email, subs);
      return { subscriberIdString: email, statuses: [] };
    });
    return c.json(batchDone(state, results));
  });
  app.post('/communication-preferences/v4/statuses/batch/unsubscribe-all/read', async (c) => {
    const emails = await emailsOf(c);
    if (!emails) return hubError(c, 400, 'VALIDATION_ERROR', 'channel=EMAIL and inputs are required.');
    const results = emails.map((email) => ({
      subscriberIdString: email,
      wideStatuses: optedOutOfAll(state).has(email)
        ? [{ channel: 'EMAIL', wideStatusType: 'PORTAL_WIDE', status: 'UNSUBSCRIBED', timestamp: iso(state) }]
        : [],
    }));
    return c.json(batchDone(state, results));
  });
  const record = (body: Record<string, unknown>) => {
    const event = {
      ...body,
      id: String(body.id ?? crypto.randomUUID()),
      timestamp: body.timestamp ?? iso(state),
    };
    state.timelineEvents.push(event);
    return { ...event, objectType: 'contacts', createdAt: iso(state) };
  };
  const known = (id: unknown) => id !== undefined && state.timelineEvents.some((e) => e.id === String(id));
  app.post('/integrators/timeline/v3/events', async (c) => {
    const body = await jsonBody(c);
    if (known(body.id)) return hubError(c, 409, 'CONFLICT', `Event ${String(body.id)} already exists.`);
    return c.json(record(body), 201);
  });
  app.post('/integrators/timeline/v3/events/batch/create', async (c) => {
    const inputs = ((await jsonBody(c)).inputs ?? []) as Record<string, unknown>[];
    const repeat = inputs.find((i) => known(i.id));
    if (repeat) return hubError(c, 409, 'CONFLICT', `Event ${String(repeat.id)} already exists.`);
    return c.json(batchDone(state, inputs.map(record)), 201);
  });
}
