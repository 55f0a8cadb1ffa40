import { createRoute, z } from '@hono/zod-openapi';
import { recordSignalEvent, signalTypes } from '../../services/engagement/signal-events';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, jsonBody, ok } from '../schemas';

const FUTURE_SLACK_MS = 5 * 60 * 1000;
const MAX_PROPERTIES_BYTES = 4096;

const contactRef = z.union([
  z.object({ id: z.string().min(1).max(64) }).strict(),
  z.object({ email: z.email().max(320) }).strict(),
  z.object({ externalId: z.string().min(1).max(100) }).strict(),
]);

const eventInput = z
  .object({
    id: z.string().min(1).max(200).openapi({ description: 'Your event id; a repeat is stored once' }),
    type: z.enum(signalTypes),
    contact: contactRef.openapi({ description: 'Exactly one of id, email, externalId' }),
    occurredAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Default: now' }),
    properties: z
      .record(z.string().max(100), z.unknown())
      .default({})
      .refine((p) => JSON.stringify(p).length <= MAX_PROPERTIES_BYTES, {
        message: `properties must be at most ${MAX_PROPERTIES_BYTES} bytes of JSON`,
      }),
  })
  .openapi('SignalEventInput');

const storedEvent = z
  .object({
    event: z.object({
      id: z.string(),
      eventId: z.string(),
      type: z.enum(signalTypes),
      contactId: z.string(),
      occurredAt: z.string(),
    }),
    duplicate: z.boolean(),
  })
  .openapi('SignalEvent');

/** Signals from the customer's own systems: page views, form submissions, booked meetings. */
export function registerEventRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/events',
      tags: ['events'],
      summary: 'Record a page view, form submission or booked meeting for an existing contact',
      security: [{ apiKey: [] }],
      request: jsonBody(eventInput),
      responses: {
        201: ok(storedEvent, 'Stored'),
        200: ok(storedEvent, 'Already stored under this id (duplicate: true)'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const deps = c.var.deps;
      const occurredAt = body.occurredAt ? new Date(body.occurredAt) : deps.clock.now();
      if (occurredAt.getTime() > deps.clock.now().getTime() + FUTURE_SLACK_MS) {
        throw new AppError('validation_failed', 'occurredAt: more than 5 minutes in the future');
      }
      const result = await recordSignalEvent(deps, c.var.installationId, {
        id: body.id,
        type: body.type,
        contact: body.contact as { id?: string; email?: string; externalId?: string },
        occurredAt,
        occurredAtGiven: body.occurredAt !== undefined,
        properties: body.properties,
      });
      if (!result.ok) {
        throw result.error.code === 'contact_not_found'
          ? new AppError('contact_not_found', 'No contact matches; create it with POST /v1/contacts first')
          : new AppError('event_id_conflict', 'This event id was already used for a different event');
      }
      const { duplicate, ...e } = result.value;
      const event = { ...e, occurredAt: e.occurredAt.toISOString() };
      return c.json({ event, duplicate }, duplicate ? 200 : 201);
    },
  );
}
