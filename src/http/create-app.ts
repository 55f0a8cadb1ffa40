import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import { isDatabaseUnavailable } from '../db/unavailable';
import { newId } from '../lib/ids';
import { describeError } from '../lib/logger';
import type { AppDeps } from '../services/deps';
import type { AppEnv } from './context';
import { AppError, type ErrorBody } from './errors';
import { bodyGuard } from './middleware/body-limit';
import { inputGuard } from './middleware/input-guard';
import { registerRoutes } from './routes';
import { ErrorPage } from './views/signin';

/** Console pages answer errors with a page; the API (and fetch calls from pages) with JSON. */
const wantsPage = (path: string, accept: string | undefined) =>
  (path === '/app' || path.startsWith('/app/')) && (accept ?? '').includes('text/html');

/** Builds the HTTP app; entries (Node, Workers) only differ in the deps they pass. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        throw new AppError('validation_failed', `${where}${issue?.message ?? 'invalid request'}`, {
          issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
    },
  });

  app.use(requestId({ generator: () => newId('req') }));
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // Before any route: path and query text checked once, bodies limited and parsed strictly.
  app.use(inputGuard);
  app.use(bodyGuard);

  app.onError((error, c) => {
    const reqId = c.get('requestId') ?? 'unknown';
    let body: ErrorBody;
    let status: number;
    if (error instanceof AppError) {
      status = error.status;
      body = { error: { code: error.code, message: error.message, requestId: reqId } };
      if (error.details !== undefined) body.error.details = error.details;
    } else if (error instanceof HTTPException) {
      status = error.status;
      const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'bad_request';
      body = { error: { code, message: error.message || 'Bad request', requestId: reqId } };
    } else if (error instanceof SyntaxError) {
      status = 400;
      body = { error: { code: 'bad_request', message: 'Malformed JSON body', requestId: reqId } };
    } else if (isDatabaseUnavailable(error)) {
      // A database restart or a dropped connection: transient, the client may retry.
      deps.logger.warn('database unavailable', {
        requestId: reqId,
        route: routePath(c),
        ...describeError(error),
      });
      status = 503;
      body = {
        error: { code: 'unavailable', message: 'Database unavailable; retry shortly', requestId: reqId },
      };
    } else {
      // Ids and codes only: a database error's SQL parameters and detail hold people's data.
      deps.logger.error('unhandled error', {
        requestId: reqId,
        method: c.req.method,
        route: routePath(c),
        ...describeError(error),
      });
      status = 500;
      body = { error: { code: 'internal', message: 'Internal error', requestId: reqId } };
    }
    if (wantsPage(c.req.path, c.req.header('accept'))) {
      return c.html(ErrorPage({ status, message: body.error.message }), status as 500);
    }
    return c.json(body, status as 500);
  });

  app.notFound((c) =>
    wantsPage(c.req.path, c.req.header('accept'))
      ? c.html(ErrorPage({ status: 404, message: 'There is no such page.' }), 404)
      : c.json(
          {
            error: {
              code: 'not_found',
              message: `No route for ${c.req.method} ${c.req.path}`,
              requestId: c.get('requestId'),
            },
          },
          404,
        ),
  );

  registerRoutes(app);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Tandem API', version: '1.0.0' },
    servers: [{ url: deps.config.publicBaseUrl }],
  });
  return app;
}
