/** @jsxImportSource hono/jsx */
import { loadSuppressions } from '../../../services/console/suppressions';
import { liftSuppression } from '../../../services/suppressions';
import type { App } from '../../context';
import { AppError } from '../../errors';
import { consoleSession, requireConsoleAdmin } from '../../middleware/console-session';
import { SuppressionsPage } from '../../views/suppressions';

export function registerSuppressionPages(app: App): void {
  app.get('/app/suppressions', async (c) => {
    const session = consoleSession(c);
    const view = await loadSuppressions(c.var.deps, session.installationId);
    const lifted = c.req.query('lifted');
    const flash = lifted ? { kind: 'ok' as const, text: `Suppression lifted: ${lifted}` } : undefined;
    return c.html(<SuppressionsPage session={session} view={view} flash={flash} />);
  });

  app.post('/app/suppressions/:contactId/lift', requireConsoleAdmin, async (c) => {
    const session = consoleSession(c);
    const contactId = c.req.param('contactId');
    const form = await c.req.parseBody();
    const reason = typeof form.reason === 'string' ? form.reason.slice(0, 500) : '';
    const r = await liftSuppression(
      c.var.deps,
      { installationId: session.installationId },
      { contactId, reason, actor: session.label },
    );
    if (r.ok) return c.redirect(`/app/suppressions?lifted=${encodeURIComponent(r.value.email)}`, 303);
    if (r.error.code === 'contact_not_found') throw new AppError('not_found', 'No such contact');
    const view = await loadSuppressions(c.var.deps, session.installationId);
    const message =
      r.error.code === 'reason_required'
        ? 'Say why the suppression is lifted'
        : 'This contact is not suppressed';
    return c.html(<SuppressionsPage session={session} view={view} error={{ contactId, message }} />, 422);
  });
}
