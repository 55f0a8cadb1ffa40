import { createRoute, z } from '@hono/zod-openapi';
import { authenticateInboundHeaders, verifyInboundBody } from '../../services/engagement/inbound-auth';
import { extractRawMessage } from '../../services/engagement/inbound-body';
import { getInbound, listInbound } from '../../services/engagement/inbound-list';
import { type InboundRow, receiveInbound } from '../../services/engagement/inbound-receive';
import { rotateInboundToken } from '../../services/engagement/settings';
import { installationAddress } from '../../services/engagement/tokens';
import type { App } from '../context';
import { AppError } from '../errors';
import { requireApiKey } from '../middleware/auth';
import { readBody } from '../middleware/body-limit';
import { errorResponses, idParam, iso, ok } from '../schemas';
import { registerInboundCorrectionRoutes } from './inbound-corrections';

const received = z
  .object({
    id: z.string(),
    status: z.enum(['processed', 'unmatched', 'failed']),
    kind: z.string(),
    confidence: z.string(),
    action: z.string().nullable(),
    matchedBy: z.string().nullable(),
    duplicate: z.boolean(),
  })
  .openapi('InboundReceived');

const inboundSchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    from: z.string(),
    subject: z.string(),
    kind: z.string(),
    confidence: z.string(),
    evidence: z.array(z.string()),
    flags: z.array(z.string()),
    status: z.enum(['processed', 'unmatched', 'failed']),
    action: z.string().nullable(),
    matchedBy: z.string().nullable(),
    matchedSendId: z.string().nullable(),
    contactId: z.string().nullable(),
    enrollmentId: z.string().nullable(),
    receivedAt: z.string(),
  })
  .openapi('InboundMessage');

function inboundBody(r: InboundRow) {
  return {
    id: r.id,
    messageId: r.messageId,
    from: r.fromAddress,
    subject: r.subject,
    kind: r.kind,
    confidence: r.confidence,
    evidence: r.evidence,
    flags: r.flags,
    status: r.status,
    action: r.action,
    matchedBy: r.matchedBy,
    matchedSendId: r.matchedSendId,
    contactId: r.contactId,
    enrollmentId: r.enrollmentId,
    receivedAt: iso(r.receivedAt) ?? '',
  };
}

const rawContent = {
  'message/rfc822': { schema: z.string().openapi({ description: 'The raw RFC 822 message' }) },
  'text/plain': { schema: z.string().openapi({ description: 'The raw RFC 822 message' }) },
};

const listQuery = z.object({
  status: z.enum(['processed', 'unmatched', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Inbound mail: the webhook (own credentials, before the API-key guard) and its API-key views. */
export function registerInboundRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/inbound/email',
      tags: ['inbound'],
      summary: 'Receive an inbound mail (reply, out-of-office, bounce, complaint)',
      description:
        'Authenticated with the installation inbound token (`Authorization: Bearer tin_...`, or HTTP Basic ' +
        'with the token as password), or `X-Tandem-Installation` + `X-Tandem-Signature: t=<unix>,v1=<hex ' +
        'HMAC-SHA256 of "<t>.<body>">`. Body: the raw message (`message/rfc822`, `text/plain`), JSON ' +
        '(`raw`, `mime`, `email`, `rawBase64`, Postmark `RawEmail`, SES via SNS) or a form (SendGrid ' +
        '`email`, Mailgun `body-mime`). A repeated Message-ID is processed once (200, `duplicate`).',
      request: { body: { content: rawContent, required: true } },
      responses: {
        201: ok(received, 'Stored and processed'),
        200: ok(received, 'Already received (same Message-ID)'),
        413: errorResponses[400],
        415: errorResponses[400],
        503: errorResponses[400],
        ...errorResponses,
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      // Credentials from the headers before a single body byte is read; the body then streams
      // through the global limit (INBOUND_MAIL_LIMIT) and answers 413 the moment it is passed.
      const credential = await authenticateInboundHeaders(deps, {
        authorization: c.req.header('authorization'),
        signature: c.req.header('x-tandem-signature'),
        installation: c.req.header('x-tandem-installation'),
      });
      if (!credential.ok) throw new AppError('unauthorized', credential.error.message);
      const body = await readBody(c);
      // Verify first, parse after: nothing in an unauthenticated body is looked at.
      const auth = await verifyInboundBody(credential.value, body);
      if (!auth.ok) throw new AppError('unauthorized', auth.error.message);
      const raw = await extractRawMessage(c.req.header('content-type') ?? '', body);
      if (!raw.ok) throw new AppError(raw.error.code, raw.error.message);
      const result = await receiveInbound(deps, { installationId: auth.value, raw: raw.value });
      if (!result.ok) {
        if (result.error.code === 'failed') {
          throw new AppError('unavailable', result.error.message, { id: result.error.row.id });
        }
        throw new AppError('bad_request', result.error.message);
      }
      const { row, duplicate } = result.value;
      const payload = {
        id: row.id,
        status: row.status,
        kind: row.kind,
        confidence: row.confidence,
        action: row.action,
        matchedBy: row.matchedBy,
        duplicate,
      };
      return duplicate ? c.json(payload, 200) : c.json(payload, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/inbound',
      tags: ['inbound'],
      summary: 'Inbound mail, newest first; `status=unmatched` lists what reached no contact',
      middleware: [requireApiKey] as const,
      security: [{ apiKey: [] }],
      request: { query: listQuery },
      responses: { 200: ok(z.object({ data: z.array(inboundSchema) })), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await listInbound(c.var.deps.db, {
        installationId: c.var.installationId,
        status: q.status,
        limit: q.limit,
      });
      return c.json({ data: rows.map(inboundBody) }, 200);
    },
  );

  registerInboundCorrectionRoutes(app);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/inbound/{id}',
      tags: ['inbound'],
      summary: 'One inbound mail with its classification evidence and the raw message',
      middleware: [requireApiKey] as const,
      security: [{ apiKey: [] }],
      request: { params: idParam('inb_...') },
      responses: { 200: ok(inboundSchema.extend({ raw: z.string() })), ...errorResponses },
    }),
    async (c) => {
      const row = await getInbound(c.var.deps.db, {
        installationId: c.var.installationId,
        id: c.req.valid('param').id,
      });
      if (!row) throw new AppError('not_found', 'Inbound message not found');
      return c.json({ ...inboundBody(row), raw: row.raw }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/inbound/token',
      tags: ['inbound'],
      summary: 'Create or rotate the inbound webhook token (shown once; the previous one stops working)',
      middleware: [requireApiKey] as const,
      security: [{ apiKey: [] }],
      responses: {
        201: ok(
          z
            .object({ token: z.string(), endpoint: z.string(), smtpAddress: z.string() })
            .openapi('InboundToken'),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const token = await rotateInboundToken(deps, c.var.installationId);
      const domain = deps.config.INBOUND_REPLY_DOMAIN ?? new URL(deps.config.publicBaseUrl).hostname;
      const smtpAddress = await installationAddress(
        deps.config.ENCRYPTION_KEY ?? '',
        c.var.installationId,
        domain,
      );
      return c.json({ token, endpoint: `${deps.config.publicBaseUrl}/v1/inbound/email`, smtpAddress }, 201);
    },
  );
}
