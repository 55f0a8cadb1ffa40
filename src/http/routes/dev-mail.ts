import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Classification, InboundMessage } from '../../domain/inbound/types';
import type { SinkMessage } from '../../mail/smtp-sink';
import type { AppDeps } from '../../services/deps';
import { resolveInstallation } from '../../services/engagement/inbound-match';
import { findInstallationByKey } from '../../services/installations';
import type { App, AppEnv } from '../context';
import { AppError } from '../errors';

/** Whether the TCP peer is this machine (Node adapter); unknown peers (other runtimes) are not. */
export function isLoopbackPeer(c: Context<AppEnv>): boolean {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress ?? '';
  return /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/.test(address);
}

/** The installation whose mail was sent by one of its sends (our Message-ID names the send). */
async function installationOf(deps: AppDeps, message: SinkMessage): Promise<string | null> {
  return resolveInstallation(deps.db, deps.config.ENCRYPTION_KEY ?? '', {
    msg: { references: [] } as unknown as InboundMessage,
    classification: { originalMessageId: message.messageId } as Classification,
    recipients: [],
  });
}

/** The caller's mail only: the key (`Authorization: Bearer tk_...` or `?key=`) picks the installation. */
async function mailboxFor(c: Context<AppEnv>): Promise<SinkMessage[]> {
  const deps = c.var.deps;
  const key = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? c.req.query('key');
  if (!key) throw new AppError('unauthorized', 'Send an API key: Authorization: Bearer <key> or ?key=<key>');
  const installationId = await findInstallationByKey(deps.db, key);
  if (!installationId) throw new AppError('unauthorized', 'Invalid or revoked API key');
  const recent = [...(deps.devMailbox ?? [])].reverse().slice(0, 200);
  const mine: SinkMessage[] = [];
  for (const message of recent) {
    if ((await installationOf(deps, message)) === installationId) mine.push(message);
  }
  return mine;
}

/**
 * Developer pages: what the local SMTP sink received. Only with `DEV_PAGES` (or `--demo`) and a
 * local sink, only to loopback peers, only the caller's installation. Otherwise `/dev/*` is a 404.
 */
export function registerDevMailRoutes(app: App): void {
  app.use('/dev/*', async (c, next) => {
    const deps = c.var.deps;
    if (!deps.config.DEV_PAGES || !deps.devMailbox) {
      throw new AppError('not_found', `No route for ${c.req.method} ${c.req.path}`);
    }
    if (!isLoopbackPeer(c)) throw new AppError('forbidden', 'Developer pages answer loopback clients only');
    await next();
  });
  app.get('/dev/mail', async (c) => {
    const rows = await mailboxFor(c);
    return c.html(
      html`<!doctype html>
      <html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Tandem - local mailbox</title>
      <style>body{font:14px system-ui;margin:2rem}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;margin:0}</style></head>
      <body><h1>Local mailbox</h1><p>${rows.length} message(s) of this installation received by the local SMTP sink. Newest first.</p>
      <table><tr><th>received</th><th>to</th><th>subject</th><th>text</th></tr>
      ${rows.map((m) => html`<tr><td>${m.receivedAt.toISOString()}</td><td>${m.to.join(', ')}</td><td>${m.subject}</td><td><pre>${m.text}</pre></td></tr>`)}
      </table></body></html>`,
      200,
      { 'cache-control': 'no-store, private', 'referrer-policy': 'no-referrer' },
    );
  });
  app.get('/dev/mail.json', async (c) =>
    c.json({ messages: await mailboxFor(c) }, 200, { 'cache-control': 'no-store, private' }),
  );
}
