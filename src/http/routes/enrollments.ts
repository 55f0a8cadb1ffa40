import { createRoute, z } from '@hono/zod-openapi';
import type { Result } from '../../lib/result';
import { upsertContact } from '../../services/contacts';
import type { AppDeps } from '../../services/deps';
import { requestRescore } from '../../services/scoring/rescore';
import { type EnrollError, type Enrolled, enrollInTx } from '../../services/sequences/enroll';
import { findEnrollment, getEnrollmentStory } from '../../services/sequences/enrollment-history';
import { exitEnrollment } from '../../services/sequences/exit';
import { pauseEnrollment, resumeEnrollment } from '../../services/sequences/pause';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, idParam, jsonBody, ok } from '../schemas';
import { contactInput, rethrowEmailTaken } from './contacts';
import { enrollmentBody, enrollmentSchema } from './enrollment-body';

const target = z.union([z.object({ contactId: z.string().min(1) }), z.object({ contact: contactInput })]);

const enrollInput = z
  .intersection(
    z.object({
      sequenceId: z.string().min(1),
      source: z.enum(['api', 'workflow', 'trigger']).default('api'),
      sourceRef: z.string().max(200).optional(),
    }),
    target,
  )
  .openapi('EnrollInput');

const enrolled = z.object({ enrollment: enrollmentSchema, alreadyEnrolled: z.boolean() }).openapi('Enrolled');

const event = z.object({
  id: z.number(),
  type: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  stepKey: z.string().nullable(),
  reason: z.string(),
  actor: z.string(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});

type EnrollBody = z.infer<typeof enrollInput>;

async function enrollOne(
  deps: AppDeps,
  installationId: string,
  body: EnrollBody,
): Promise<Result<Enrolled, EnrollError>> {
  return deps.db.transaction(async (tx) => {
    let contactId: string;
    if ('contactId' in body) {
      contactId = body.contactId;
    } else {
      contactId = (
        await upsertContact(tx, installationId, body.contact, deps.clock.now()).catch(rethrowEmailTaken)
      ).id;
      // Properties sent with a workflow enrollment may change the score, as a contacts upsert does.
      await requestRescore(deps, tx, { installationId, contactId, reason: 'contact_updated' });
    }
    return enrollInTx(deps, tx, {
      installationId,
      contactId,
      sequenceId: body.sequenceId,
      source: body.source,
      sourceRef: body.sourceRef ?? null,
      actor: `${body.source}`,
    });
  });
}

function enrollErrorToApp(e: EnrollError): AppError {
  switch (e.code) {
    case 'contact_not_found':
      return new AppError('not_found', 'Contact not found');
    case 'contact_deleted':
      return new AppError('unprocessable', 'Contact was deleted in the CRM');
    case 'sequence_not_found':
      return new AppError('not_found', 'Sequence not found');
    case 'sequence_archived':
      return new AppError('sequence_archived', 'Sequence is archived: it takes no new enrollments');
    case 'sequence_not_published':
      return new AppError('sequence_not_published', 'Sequence has no published version: publish it first');
    case 'suppressed':
      return new AppError(
        'contact_suppressed',
        `Contact is suppressed (${e.reason}) and cannot be enrolled`,
        {
          reason: e.reason,
        },
      );
  }
}

const actionRoute = (path: string, summary: string, body: z.ZodType) =>
  createRoute({
    method: 'post',
    path,
    tags: ['enrollments'],
    summary,
    request: {
      params: idParam('enr_...'),
      body: { content: { 'application/json': { schema: body } }, required: false },
    },
    responses: { 200: ok(enrollmentSchema), ...errorResponses },
  });

export function registerEnrollmentRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/enrollments',
      tags: ['enrollments'],
      summary: 'Enroll a contact in a sequence (idempotent: a live enrollment is returned as is)',
      request: jsonBody(enrollInput),
      responses: { 201: ok(enrolled, 'Enrolled'), 200: ok(enrolled, 'Already enrolled'), ...errorResponses },
    }),
    async (c) => {
      const result = await enrollOne(c.var.deps, c.var.installationId, c.req.valid('json'));
      if (!result.ok) throw enrollErrorToApp(result.error);
      const body = {
        enrollment: enrollmentBody(result.value.enrollment),
        alreadyEnrolled: result.value.alreadyEnrolled,
      };
      return result.value.alreadyEnrolled ? c.json(body, 200) : c.json(body, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/enrollments/bulk',
      tags: ['enrollments'],
      summary: 'Enroll up to 1000 contacts; each item succeeds or fails on its own',
      request: jsonBody(
        z.object({
          sequenceId: z.string().min(1),
          source: z.enum(['api', 'workflow', 'trigger']).default('api'),
          items: z.array(target).min(1).max(1000),
        }),
      ),
      responses: {
        200: ok(
          z.object({
            results: z.array(
              z.object({
                index: z.number(),
                status: z.enum(['enrolled', 'already_enrolled', 'refused']),
                enrollmentId: z.string().nullable(),
                error: z.object({ code: z.string(), message: z.string() }).nullable(),
              }),
            ),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const results = [];
      for (const [index, item] of body.items.entries()) {
        const result = await enrollOne(c.var.deps, c.var.installationId, {
          ...item,
          sequenceId: body.sequenceId,
          source: body.source,
        });
        if (result.ok) {
          results.push({
            index,
            status: result.value.alreadyEnrolled ? ('already_enrolled' as const) : ('enrolled' as const),
            enrollmentId: result.value.enrollment.id,
            error: null,
          });
        } else {
          const e = enrollErrorToApp(result.error);
          results.push({
            index,
            status: 'refused' as const,
            enrollmentId: null,
            error: { code: e.code, message: e.message },
          });
        }
      }
      return c.json({ results }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/enrollments/{id}',
      tags: ['enrollments'],
      summary: 'An enrollment with its full event history',
      request: { params: idParam('enr_...') },
      responses: { 200: ok(enrollmentSchema.extend({ events: z.array(event) })), ...errorResponses },
    }),
    async (c) => {
      const story = await getEnrollmentStory(c.var.deps.db, {
        installationId: c.var.installationId,
        id: c.req.valid('param').id,
      });
      if (!story) throw new AppError('not_found', 'Enrollment not found');
      const { enrollment: e, events } = story;
      return c.json(
        {
          ...enrollmentBody(e),
          events: events.map((v) => ({
            id: v.id,
            type: v.type,
            from: v.fromStatus,
            to: v.toStatus,
            stepKey: v.stepKey,
            reason: v.reason,
            actor: v.actor,
            data: v.data,
            at: v.at.toISOString(),
          })),
        },
        200,
      );
    },
  );
  app.openapi(
    actionRoute(
      '/v1/enrollments/{id}/pause',
      'Pause (manual); the due step is rescheduled on resume',
      z.object({ until: z.iso.datetime({ offset: true }).optional(), note: z.string().max(500).optional() }),
    ),
    async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { until?: string; note?: string };
      const until = body.until ? new Date(body.until) : null;
      if (until && Number.isNaN(until.getTime()))
        throw new AppError('validation_failed', 'until must be an ISO date-time');
      const row = await mutate(c.var.deps, c.var.installationId, c.req.valid('param').id, (tx, id) =>
        pauseEnrollment(c.var.deps, tx, id, {
          reason: 'manual',
          until,
          actor: 'api',
          ...(body.note ? { note: body.note } : {}),
        }),
      );
      return c.json(enrollmentBody(row), 200);
    },
  );
  app.openapi(
    actionRoute('/v1/enrollments/{id}/resume', 'Resume a paused enrollment', z.object({})),
    async (c) => {
      const row = await mutate(c.var.deps, c.var.installationId, c.req.valid('param').id, (tx, id) =>
        resumeEnrollment(c.var.deps, tx, id, { actor: 'api', reason: 'manual resume' }),
      );
      return c.json(enrollmentBody(row), 200);
    },
  );
  app.openapi(
    actionRoute(
      '/v1/enrollments/{id}/remove',
      'Remove from the sequence (manual exit)',
      z.object({ reason: z.string().max(200).optional() }),
    ),
    async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { reason?: string };
      const row = await mutate(c.var.deps, c.var.installationId, c.req.valid('param').id, (tx, id) =>
        exitEnrollment(
          c.var.deps,
          tx,
          id,
          { type: 'remove', reason: 'manual' },
          { reason: body.reason ?? 'manual', actor: 'api' },
        ),
      );
      return c.json(enrollmentBody(row), 200);
    },
  );
}

type Tx = Parameters<Parameters<AppDeps['db']['transaction']>[0]>[0];

/** Scope check, then the state change in one transaction; errors map to 404/409. */
async function mutate<T>(
  deps: AppDeps,
  installationId: string,
  id: string,
  change: (
    tx: Tx,
    id: string,
  ) => Promise<Result<T, { code: 'not_found' } | { code: 'invalid_transition'; status: string }>>,
): Promise<T> {
  if (!(await findEnrollment(deps.db, { installationId, id })))
    throw new AppError('not_found', 'Enrollment not found');
  const result = await deps.db.transaction((tx) => change(tx, id));
  if (result.ok) return result.value;
  if (result.error.code === 'not_found') throw new AppError('not_found', 'Enrollment not found');
  throw new AppError('invalid_transition', `Not possible while the enrollment is ${result.error.status}`);
}
