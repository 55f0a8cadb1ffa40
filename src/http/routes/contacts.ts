import { createRoute, z } from '@hono/zod-openapi';
import {
  type ContactRow,
  deleteContact,
  EmailTakenError,
  getContact,
  upsertContact,
} from '../../services/contacts';
import { requestRescore } from '../../services/scoring/rescore';
import { listContactEnrollments } from '../../services/sequences/enroll';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, idParam, iso, jsonBody, ok } from '../schemas';
import { enrollmentBody, enrollmentSchema } from './enrollment-body';

export const contactInput = z
  .object({
    email: z.email().max(320),
    externalId: z.string().max(100).nullable().optional(),
    firstName: z.string().max(200).nullable().optional(),
    lastName: z.string().max(200).nullable().optional(),
    company: z.string().max(300).nullable().optional(),
    country: z.string().max(100).nullable().optional(),
    region: z.string().max(100).nullable().optional(),
    timeZone: z.string().max(100).nullable().optional(),
    ownerId: z.string().max(100).nullable().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('ContactInput');

const contact = z
  .object({
    id: z.string(),
    email: z.string(),
    externalId: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    company: z.string().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    timeZone: z.string().nullable(),
    zone: z
      .object({ name: z.string(), source: z.enum(['crm', 'inferred', 'default']) })
      .nullable()
      .openapi({
        description:
          'The zone sends are planned in, and where it came from: the CRM, country/region, or the installation default',
      }),
    ownerId: z.string().nullable(),
    properties: z.record(z.string(), z.unknown()),
    suppressed: z.object({ at: z.string(), reason: z.string() }).nullable(),
  })
  .openapi('Contact');

export function contactBody(c: ContactRow) {
  return {
    id: c.id,
    email: c.email,
    externalId: c.externalId,
    firstName: c.firstName,
    lastName: c.lastName,
    company: c.company,
    country: c.country,
    region: c.region,
    timeZone: c.crmTimeZone,
    zone: c.timeZone && c.timeZoneSource ? { name: c.timeZone, source: c.timeZoneSource } : null,
    ownerId: c.ownerId,
    properties: c.properties,
    suppressed: c.suppressedAt
      ? { at: iso(c.suppressedAt) ?? '', reason: c.suppressionReason ?? 'manual' }
      : null,
  };
}

export function registerContactRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/contacts',
      tags: ['contacts'],
      summary: 'Create or update a contact (matched by email)',
      request: jsonBody(contactInput),
      responses: { 200: ok(contact), ...errorResponses },
    }),
    async (c) => {
      const deps = c.var.deps;
      const row = await deps.db.transaction(async (tx) => {
        const saved = await upsertContact(
          tx,
          c.var.installationId,
          c.req.valid('json'),
          deps.clock.now(),
        ).catch(rethrowEmailTaken);
        // Property rules may score the new values; the request commits with the change.
        await requestRescore(deps, tx, {
          installationId: saved.installationId,
          contactId: saved.id,
          reason: 'contact_updated',
        });
        return saved;
      });
      return c.json(contactBody(row), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contacts/{id}',
      tags: ['contacts'],
      summary: 'Get a contact',
      request: { params: idParam('con_...') },
      responses: { 200: ok(contact), ...errorResponses },
    }),
    async (c) => {
      const row = await getContact(c.var.deps.db, {
        installationId: c.var.installationId,
        id: c.req.valid('param').id,
      });
      if (!row) throw new AppError('not_found', 'Contact not found');
      return c.json(contactBody(row), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contacts/{id}/enrollments',
      tags: ['contacts', 'enrollments'],
      summary: "A contact's enrollments in every sequence",
      request: { params: idParam('con_...') },
      responses: { 200: ok(z.object({ data: z.array(enrollmentSchema) })), ...errorResponses },
    }),
    async (c) => {
      const params = { installationId: c.var.installationId, id: c.req.valid('param').id };
      if (!(await getContact(c.var.deps.db, params))) throw new AppError('not_found', 'Contact not found');
      const rows = await listContactEnrollments(c.var.deps.db, {
        installationId: params.installationId,
        contactId: params.id,
      });
      return c.json({ data: rows.map(enrollmentBody) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/contacts/{id}',
      tags: ['contacts'],
      summary: 'The contact was deleted in the CRM: end every live enrollment, keep the history',
      request: { params: idParam('con_...') },
      responses: {
        200: ok(z.object({ id: z.string(), deletedAt: z.string(), exitedEnrollments: z.array(z.string()) })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const result = await deleteContact(c.var.deps, {
        installationId: c.var.installationId,
        contactId: id,
        actor: 'api',
      });
      if (!result) throw new AppError('not_found', 'Contact not found');
      return c.json({ id, deletedAt: result.deletedAt.toISOString(), exitedEnrollments: result.exited }, 200);
    },
  );
}

/** A CRM address change onto another contact's address is the caller's conflict, not our failure. */
export function rethrowEmailTaken(error: unknown): never {
  if (error instanceof EmailTakenError) {
    throw new AppError('email_taken', `${error.message}: merge or change one of them in the CRM first`, {
      email: error.email,
      contactId: error.contactId,
    });
  }
  throw error;
}
