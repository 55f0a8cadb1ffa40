import type { Hono } from 'hono';
import { jsonBody } from './errors';
import { iso, type State } from './state';

// Communication preferences v3 (status by email) and timeline v3 events.
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
  app.post('/integrators/timeline/v3/events', async (c) => {
    const body = await jsonBody(c);
    const event = {
      id: String(body.id ?? crypto.randomUUID()),
      ...body,
      timestamp: body.timestamp ?? iso(state),
    };
    state.timelineEvents.push(event);
    return c.json({ ...event, objectType: 'contacts', createdAt: iso(state) }, 201);
  });
}
