/** @jsxImportSource hono/jsx */
import { INBOUND_KINDS } from '../../../domain/inbound/types';
import { loadInboundDetail, loadInboundList } from '../../../services/console/inbound';
import { correctInbound } from '../../../services/engagement/inbound-correct';
import type { InboundStatus } from '../../../services/engagement/inbound-list';
import type { App } from '../../context';
import { AppError } from '../../errors';
import { consoleSession, requireConsoleAdmin } from '../../middleware/console-session';
import { InboundDetailPage, InboundListPage } from '../../views/inbound';
import { readFlash, withFlash } from './flash';

const statuses: readonly string[] = ['processed', 'unmatched', 'failed'];

export function registerInboundPages(app: App): void {
  app.get('/app/inbound', async (c) => {
    const session = consoleSession(c);
    const q = c.req.query('status');
    const status = q && statuses.includes(q) ? (q as InboundStatus) : undefined;
    const rows = await loadInboundList(c.var.deps, session.installationId, status);
    return c.html(<InboundListPage session={session} rows={rows} status={status} />);
  });

  app.get('/app/inbound/:id', async (c) => {
    const session = consoleSession(c);
    const detail = await loadInboundDetail(c.var.deps, session.installationId, c.req.param('id'));
    if (!detail) throw new AppError('not_found', 'No such inbound message');
    const flash = await readFlash(c);
    return c.html(
      <InboundDetailPage session={session} detail={detail} kinds={INBOUND_KINDS} flash={flash} />,
    );
  });

  // Admin only, as POST /v1/inbound/{id}/correction: a correction can exit or resume an enrollment.
  app.post('/app/inbound/:id/correct', requireConsoleAdmin, async (c) => {
    const session = consoleSession(c);
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    const kind = typeof form.kind === 'string' ? form.kind : '';
    const note = typeof form.note === 'string' ? form.note.slice(0, 500) : '';
    const r = await correctInbound(c.var.deps, {
      installationId: session.installationId,
      inboundId: id,
      kind,
      actor: session.label,
      note,
    });
    if (!r.ok && r.error.code === 'not_found') throw new AppError('not_found', 'No such inbound message');
    if (!r.ok) {
      const detail = await loadInboundDetail(c.var.deps, session.installationId, id);
      if (!detail) throw new AppError('not_found', 'No such inbound message');
      const error =
        r.error.code === 'same_kind'
          ? 'This is already the class: choose another'
          : 'Choose one of the classes';
      return c.html(
        <InboundDetailPage session={session} detail={detail} kinds={INBOUND_KINDS} error={error} />,
        422,
      );
    }
    const text = `Class corrected: ${r.value.effect}`;
    return c.redirect(await withFlash(c, `/app/inbound/${id}`, { kind: 'ok', text }), 303);
  });
}
