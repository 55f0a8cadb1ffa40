import type { Hono } from 'hono';
import { iso, type State } from './state';

// Spec PublicOwner, CollectionResponsePublicOwnerForwardPaging.
export function ownerRoutes(app: Hono, state: State) {
  app.get('/crm/v3/owners', (c) => {
    const email = c.req.query('email');
    const now = iso(state);
    const results = state.owners
      .filter((o) => !email || o.email === email)
      .map((o) => ({ ...o, type: 'PERSON', createdAt: now, updatedAt: now, archived: false, teams: [] }));
    return c.json({ results });
  });
}
