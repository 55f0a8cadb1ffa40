/** @jsxImportSource hono/jsx */
import { disconnectFromConsole, loadConnections } from '../../../services/console/connections';
import type { App } from '../../context';
import { AppError } from '../../errors';
import { consoleSession, requireConsoleAdmin } from '../../middleware/console-session';
import { ConnectionsPage, DisconnectPage } from '../../views/connections';

const flashes: Record<string, string> = {
  connected: 'Connected. The backfill has started: its progress shows below.',
  disconnected: 'Disconnected. Sync and CRM writes have stopped.',
};

/** /app/connections: each CRM's connection, token, sync, backfill progress and errors; disconnect. */
export function registerConnectionPages(app: App): void {
  app.get('/app/connections', async (c) => {
    const session = consoleSession(c);
    const view = await loadConnections(c.var.deps, c.var.installationId);
    if (!view) throw new AppError('not_found', 'This installation no longer exists');
    const ok = flashes[c.req.query('ok') ?? ''];
    return c.html(
      <ConnectionsPage session={session} view={view} {...(ok ? { flash: { kind: 'ok', text: ok } } : {})} />,
    );
  });

  // What the page's script polls: the backfill bar's numbers, for this session's installation only.
  app.get('/app/connections/progress', async (c) => {
    const view = await loadConnections(c.var.deps, c.var.installationId);
    if (!view) throw new AppError('not_found', 'This installation no longer exists');
    return c.json(view.progress, 200, { 'cache-control': 'no-store' });
  });

  app.get('/app/connections/disconnect', requireConsoleAdmin, async (c) => {
    const view = await loadConnections(c.var.deps, c.var.installationId);
    if (!view) throw new AppError('not_found', 'This installation no longer exists');
    if (view.connection.crm === 'none' || view.connection.status !== 'connected')
      throw new AppError('conflict', 'No CRM is connected');
    return c.html(<DisconnectPage session={consoleSession(c)} crm={view.connection.crm} />);
  });

  app.post('/app/connections/disconnect', requireConsoleAdmin, async (c) => {
    const form = await c.req.parseBody();
    if (form.confirm !== 'yes') return c.redirect('/app/connections/disconnect', 303);
    const session = consoleSession(c);
    const done = await disconnectFromConsole(c.var.deps, c.var.installationId, session.label);
    if (!done) throw new AppError('conflict', 'No CRM is connected');
    return c.redirect('/app/connections?ok=disconnected', 303);
  });
}
