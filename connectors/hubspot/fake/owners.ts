import type { Hono } from 'hono';
import { iso, type State } from './state';

// Spec PublicOwner, CollectionResponsePublicOwnerForwardPaging.
export function ownerRoutes(app: Hono, state: State) {
  // The SDK calls /crm/v3/owners/ (trailing slash); Hono's routing is strict about it.
  app.on('GET', ['/crm/v3/owners', '/crm/v3/owners/'], (c) => {
    const email = c.req.query('email');
    const limit = Math.min(Number(c.req.query('limit') ?? 100) || 100, 500);
    const after = Number(c.req.query('after') ?? 0) || 0;
    const now = iso(state);
    const all = state.owners.filter((o) => !email || o.email === email);
    const results = all
      .slice(after, after + limit)
      .map((o) => ({ ...o, type: 'PERSON', createdAt: now, updatedAt: now, archived: false, teams: [] }));
    const next = after + results.length;
    return c.json({ results, ...(next < all.length ? { paging: { next: { after: String(next) } } } : {}) });
  });
}
