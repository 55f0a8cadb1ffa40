/** @jsxImportSource hono/jsx */
import { loadOverview } from '../../../services/console/overview';
import { endSession, redeemLoginLink } from '../../../services/console/sessions';
import type { App } from '../../context';
import { AppError } from '../../errors';
import {
  clearSessionCookie,
  consoleSession,
  requireSession,
  setSessionCookie,
} from '../../middleware/console-session';
import { OverviewPage } from '../../views/overview';
import { LoginLinkPage, SignInPage } from '../../views/signin';
import { registerConnectionPages } from './connections';
import { registerCrmSignIn } from './crm-signin';
import { registerEnrollmentPages } from './enrollments';
import { registerInboundPages } from './inbound';
import { safeNext } from './next';

import { registerScoringPages } from './scoring';
import { registerSequencePages } from './sequences';
import { registerSettingsPages } from './settings';
import { registerSuppressionPages } from './suppressions';

/** The console: server-rendered pages under /app, signed in by a session cookie. */
export function registerConsoleRoutes(app: App): void {
  app.get('/app/login', (c) => {
    const { config } = c.var.deps;
    return c.html(
      <SignInPage
        hubspot={Boolean(config.HUBSPOT_CLIENT_ID)}
        salesforce={Boolean(config.SALESFORCE_CLIENT_ID)}
        next={safeNext(c.req.query('next'))}
      />,
    );
  });
  app.get('/app/login/link', (c) => {
    const token = c.req.query('token') ?? '';
    return c.html(<LoginLinkPage token={token} next={safeNext(c.req.query('next'))} />);
  });
  // The link's own secret is what protects this form: there is no session yet to hold a CSRF token.
  app.post('/app/login/link', async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : '';
    const { db, clock } = c.var.deps;
    const redeemed = token ? await redeemLoginLink(db, token, clock.now()) : null;
    if (!redeemed) {
      return c.html(
        <SignInPage
          hubspot={false}
          salesforce={false}
          next="/app"
          error="This login link is unknown, used or expired. Ask for a new one: npm run cli -- login-link"
        />,
        401,
      );
    }
    setSessionCookie(c, redeemed.token);
    return c.redirect(safeNext(form.next), 303);
  });
  registerCrmSignIn(app);

  app.use('/app', requireSession);
  app.use('/app/*', requireSession);
  app.post('/app/logout', async (c) => {
    await endSession(c.var.deps.db, consoleSession(c).id, c.var.deps.clock.now());
    clearSessionCookie(c);
    return c.redirect('/app/login', 303);
  });
  app.get('/app', async (c) => {
    const session = consoleSession(c);
    const overview = await loadOverview(c.var.deps.db, session.installationId);
    if (!overview) throw new AppError('not_found', 'This installation no longer exists');
    return c.html(<OverviewPage session={session} overview={overview} />);
  });
  registerConnectionPages(app);
  registerSequencePages(app);
  registerEnrollmentPages(app);
  registerInboundPages(app);
  registerSuppressionPages(app);
  registerScoringPages(app);
  registerSettingsPages(app);
}
