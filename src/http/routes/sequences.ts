import { createRoute, z } from '@hono/zod-openapi';
import { archiveSequence } from '../../services/sequences/archive';
import { publishSequence } from '../../services/sequences/publish';
import {
  createSequence,
  getSequence,
  listSequences,
  listSequenceVersions,
  type SequenceRow,
  updateSequence,
} from '../../services/sequences/sequences';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, idParam, iso, jsonBody, ok } from '../schemas';

const draft = z.record(z.string(), z.unknown()).openapi('SequenceDraft', {
  example: {
    steps: [
      { key: 'intro', kind: 'email', templateId: 'tpl_...', delay: { amount: 0, unit: 'days' } },
      { key: 'follow-up', kind: 'email', templateId: 'tpl_...', delay: { amount: 2, unit: 'business_days' } },
      {
        key: 'call',
        kind: 'task',
        subject: 'Call {{contact.firstName}}',
        delay: { amount: 1, unit: 'days' },
      },
    ],
  },
});

const sequence = z
  .object({
    id: z.string(),
    name: z.string(),
    draft,
    activeVersionId: z.string().nullable(),
    archived: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Sequence');

const version = z
  .object({
    id: z.string(),
    version: z.number(),
    publishedAt: z.string(),
    definition: z.record(z.string(), z.unknown()),
  })
  .openapi('SequenceVersion');

function toBody(s: SequenceRow) {
  return {
    id: s.id,
    name: s.name,
    draft: s.draft,
    activeVersionId: s.activeVersionId,
    archived: s.archivedAt !== null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function registerSequenceRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/sequences',
      tags: ['sequences'],
      summary: 'Create a sequence with a draft (publish to use it)',
      request: jsonBody(z.object({ name: z.string().min(1).max(200), draft: draft.optional() })),
      responses: { 201: ok(sequence, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const row = await createSequence(
        c.var.deps.db,
        c.var.installationId,
        { name: body.name, draft: body.draft ?? { steps: [] } },
        c.var.deps.clock.now(),
      );
      return c.json(toBody(row), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sequences',
      tags: ['sequences'],
      summary: 'List sequences',
      responses: { 200: ok(z.object({ data: z.array(sequence) })), ...errorResponses },
    }),
    async (c) =>
      c.json({ data: (await listSequences(c.var.deps.db, c.var.installationId)).map(toBody) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sequences/{id}',
      tags: ['sequences'],
      summary: 'Get a sequence and its draft',
      request: { params: idParam('seq_...') },
      responses: { 200: ok(sequence), ...errorResponses },
    }),
    async (c) => {
      const row = await getSequence(c.var.deps.db, {
        installationId: c.var.installationId,
        id: c.req.valid('param').id,
      });
      if (!row) throw new AppError('not_found', 'Sequence not found');
      return c.json(toBody(row), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/sequences/{id}',
      tags: ['sequences'],
      summary: 'Edit the name or draft, or archive; running enrollments keep their version',
      description:
        'Archiving (`archived: true`) needs an explicit choice for running enrollments: `enrollments: "end"` ' +
        'exits every live enrollment (reason `sequence_archived`); `"finish"` lets them run to their last ' +
        'step. New enrollments are refused (409 `sequence_archived`) either way.',
      request: {
        params: idParam('seq_...'),
        ...jsonBody(
          z.object({
            name: z.string().min(1).max(200).optional(),
            draft: draft.optional(),
            archived: z.boolean().optional(),
            enrollments: z.enum(['end', 'finish']).optional(),
          }),
        ),
      },
      responses: {
        200: ok(sequence.extend({ endedEnrollments: z.number().int().optional() })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const deps = c.var.deps;
      const params = { installationId: c.var.installationId, id: c.req.valid('param').id };
      if (body.archived === true && !body.enrollments) {
        throw new AppError(
          'archive_choice_required',
          'Archiving needs `enrollments`: "end" (exit running enrollments) or "finish" (let them complete)',
        );
      }
      const row = await updateSequence(
        deps.db,
        params,
        { name: body.name, draft: body.draft, archived: body.archived === false ? false : undefined },
        deps.clock.now(),
      );
      if (!row) throw new AppError('not_found', 'Sequence not found');
      if (body.archived === true && body.enrollments) {
        const archived = await archiveSequence(deps, { ...params, actor: 'api' }, body.enrollments);
        if (!archived) throw new AppError('not_found', 'Sequence not found');
        return c.json({ ...toBody(archived.sequence), endedEnrollments: archived.ended }, 200);
      }
      return c.json(toBody(row), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/sequences/{id}/publish',
      tags: ['sequences'],
      summary: 'Validate the draft and publish it as a new immutable version',
      request: { params: idParam('seq_...') },
      responses: {
        201: ok(
          z.object({
            versionId: z.string(),
            version: z.number(),
            warnings: z
              .array(
                z.object({ code: z.enum(['signal_without_events']), signal: z.string(), path: z.string() }),
              )
              .openapi({
                description:
                  'Published anyway, but worth a look: e.g. a branch waits on a signal (`visited`, ' +
                  '`form_submitted`, ...) that no event has ever produced in this installation.',
              }),
          }),
          'Published',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const result = await publishSequence(
        c.var.deps.db,
        { installationId: c.var.installationId, sequenceId: c.req.valid('param').id },
        c.var.deps.clock.now(),
      );
      if (!result.ok) {
        if (result.error.code === 'not_found') throw new AppError('not_found', 'Sequence not found');
        const first = result.error.issues[0];
        throw new AppError(
          'unprocessable',
          `The draft cannot be published: ${first ? `${first.path}: ${first.message}` : 'invalid'}`,
          { issues: result.error.issues },
        );
      }
      return c.json(result.value, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sequences/{id}/versions',
      tags: ['sequences'],
      summary: 'List published versions',
      request: { params: idParam('seq_...') },
      responses: { 200: ok(z.object({ data: z.array(version) })), ...errorResponses },
    }),
    async (c) => {
      const params = { installationId: c.var.installationId, id: c.req.valid('param').id };
      const rows = await listSequenceVersions(c.var.deps.db, params);
      if (!rows) throw new AppError('not_found', 'Sequence not found');
      return c.json(
        {
          data: rows.map((v) => ({
            id: v.id,
            version: v.version,
            publishedAt: iso(v.publishedAt) ?? '',
            definition: v.definition,
          })),
        },
        200,
      );
    },
  );
}
