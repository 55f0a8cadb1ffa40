import { createRoute, z } from '@hono/zod-openapi';
import { INBOUND_KINDS } from '../../domain/inbound/types';
import {
  correctInbound,
  type InboundCorrection,
  listCorrections,
} from '../../services/engagement/inbound-correct';
import type { App } from '../context';
import { AppError } from '../errors';
import { requireApiKey } from '../middleware/auth';
import { errorResponses, idParam, jsonBody, ok } from '../schemas';
import { adminActor, adminErrorResponses, requireAdminKey } from './admin-guard';

const correction = z
  .object({
    id: z.string(),
    inboundId: z.string(),
    previousKind: z.string(),
    kind: z.string(),
    actor: z.string(),
    note: z.string().nullable(),
    effect: z.string(),
    createdAt: z.string(),
  })
  .openapi('InboundCorrection');

function correctionBody(r: InboundCorrection) {
  return {
    id: r.id,
    inboundId: r.inboundId,
    previousKind: r.previousKind,
    kind: r.kind,
    actor: r.actor,
    note: r.note,
    effect: r.effect,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Corrections of an inbound mail's class (labelled examples). Registered before `/v1/inbound/{id}`
 * so `corrections` is not read as an id.
 */
export function registerInboundCorrectionRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/inbound/corrections',
      tags: ['inbound'],
      summary:
        'Every class correction, newest first: the labelled examples (the raw mail is on /v1/inbound/{id})',
      middleware: [requireApiKey] as const,
      security: [{ apiKey: [] }],
      responses: { 200: ok(z.object({ data: z.array(correction) })), ...errorResponses },
    }),
    async (c) => {
      const rows = await listCorrections(c.var.deps.db, { installationId: c.var.installationId });
      return c.json({ data: rows.map(correctionBody) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/inbound/{id}/correction',
      tags: ['inbound'],
      summary: "Correct an inbound mail's class: the action is re-applied or undone, and the pair kept",
      description:
        'Admin key. `human_reply` exits the enrollment as replied; a reply corrected to `auto_reply` resumes ' +
        'the enrollment when the exit it caused is still its latest state, then pauses it until the ' +
        'return date. `effect` says what was done.',
      middleware: [requireApiKey, requireAdminKey] as const,
      security: [{ apiKey: [] }],
      request: {
        params: idParam('inb_...'),
        ...jsonBody(z.object({ kind: z.enum(INBOUND_KINDS), note: z.string().trim().max(500).optional() })),
      },
      responses: { 201: ok(correction, 'Corrected'), ...adminErrorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const r = await correctInbound(c.var.deps, {
        installationId: c.var.installationId,
        inboundId: c.req.valid('param').id,
        kind: body.kind,
        actor: adminActor(c),
        note: body.note ?? null,
      });
      if (!r.ok) {
        if (r.error.code === 'not_found') throw new AppError('not_found', 'Inbound message not found');
        throw new AppError('unprocessable', 'The message already has this class');
      }
      return c.json(correctionBody(r.value), 201);
    },
  );
}
