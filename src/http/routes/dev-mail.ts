import { html } from 'hono/html';
import type { App } from '../context';

/** Developer page: what the local SMTP sink received (only when the embedded default runs one). */
export function registerDevMailRoutes(app: App): void {
  app.get('/dev/mail', (c) => {
    const box = c.var.deps.devMailbox;
    if (!box)
      return c.json(
        {
          error: {
            code: 'not_found',
            message: 'No local SMTP sink (SMTP_URL is set)',
            requestId: c.var.requestId,
          },
        },
        404,
      );
    const rows = [...box].reverse().slice(0, 200);
    return c.html(html`<!doctype html>
      <html><head><meta charset="utf-8"><title>Tandem - local mailbox</title>
      <style>body{font:14px system-ui;margin:2rem}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;margin:0}</style></head>
      <body><h1>Local mailbox</h1><p>${box.length} message(s) received by the local SMTP sink. Newest first.</p>
      <table><tr><th>received</th><th>to</th><th>subject</th><th>text</th></tr>
      ${rows.map((m) => html`<tr><td>${m.receivedAt.toISOString()}</td><td>${m.to.join(', ')}</td><td>${m.subject}</td><td><pre>${m.text}</pre></td></tr>`)}
      </table></body></html>`);
  });
  app.get('/dev/mail.json', (c) => c.json({ messages: c.var.deps.devMailbox ?? [] }));
}
