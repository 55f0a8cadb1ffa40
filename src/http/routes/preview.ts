import { createRoute, z } from '@hono/zod-openapi';
import { type PreviewError, previewForSequence } from '../../services/cadence/preview';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, idParam, jsonBody, ok } from '../schemas';

const start = z.iso
  .datetime({ offset: true })
  .optional()
  .openapi({ description: 'Enrollment time to simulate (default: now)', example: '2026-03-02T14:00:00Z' });

const previewInput = z
  .union([
    z.object({ contactId: z.string().min(1).max(64), start }).strict(),
    z
      .object({
        zone: z.string().min(1).max(100).optional(),
        country: z.string().min(1).max(100).optional(),
        region: z.string().min(1).max(100).optional(),
        start,
      })
      .strict(),
  ])
  .openapi('PreviewInput', {
    description:
      'A contact (its zone, holidays and existing mail in every sequence count), or a zone / country / region',
    example: { zone: 'Europe/Berlin' },
  });

const reason = z.object({ code: z.string(), detail: z.string() });

const previewSchema = z
  .object({
    sequenceId: z.string(),
    versionId: z.string(),
    version: z.number(),
    start: z.string(),
    zone: z.object({
      name: z.string(),
      source: z.enum(['crm', 'inferred', 'default']),
      basis: z.string(),
    }),
    settings: z.record(z.string(), z.unknown()),
    existingSends: z.array(z.string()),
    steps: z.array(
      z.object({
        stepKey: z.string(),
        kind: z.string(),
        at: z.string(),
        local: z.string(),
        reasons: z.array(reason),
      }),
    ),
    warnings: z.array(z.string()),
  })
  .openapi('SequencePreview');

function previewErrorToApp(e: PreviewError): AppError {
  switch (e.code) {
    case 'sequence_not_found':
      return new AppError('not_found', 'Sequence not found');
    case 'contact_not_found':
      return new AppError('not_found', 'Contact not found');
    case 'sequence_not_published':
      return new AppError('sequence_not_published', 'Sequence has no published version: publish it first');
    case 'invalid_zone':
      return new AppError(
        'validation_failed',
        `zone: "${e.zone}" is not an IANA time zone such as Europe/Paris`,
      );
  }
}

export function registerPreviewRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/sequences/{id}/preview',
      tags: ['sequences'],
      summary:
        'When each step would go out for a contact or a zone, and why (same planner and gate as sends)',
      request: { params: idParam('seq_...'), ...jsonBody(previewInput) },
      responses: { 200: ok(previewSchema), ...errorResponses },
    }),
    async (c) => {
      const { start: at, ...target } = c.req.valid('json');
      const result = await previewForSequence(c.var.deps.db, {
        installationId: c.var.installationId,
        sequenceId: c.req.valid('param').id,
        target,
        start: at ? new Date(at) : c.var.deps.clock.now(),
      });
      if (!result.ok) throw previewErrorToApp(result.error);
      const p = result.value;
      return c.json(
        {
          sequenceId: p.sequenceId,
          versionId: p.versionId,
          version: p.version,
          start: p.start.toISOString(),
          zone: { name: p.zone.zone, source: p.zone.source, basis: p.zone.basis },
          settings: p.settings,
          existingSends: p.existingSends.map((d) => d.toISOString()),
          steps: p.steps.map((s) => ({
            stepKey: s.stepKey,
            kind: s.kind,
            at: s.at.toISOString(),
            local: s.local,
            reasons: s.reasons,
          })),
          warnings: p.warnings,
        },
        200,
      );
    },
  );
}
