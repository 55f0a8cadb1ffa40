import { createRoute, z } from '@hono/zod-openapi';
import { getCadenceSettings, putInstallationCadence } from '../../services/cadence/settings';
import { getSoftBouncePolicy, updateSoftBouncePolicy } from '../../services/engagement/soft-bounce-window';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, jsonBody, ok } from '../schemas';

const window = z.object({
  days: z
    .array(z.number().int())
    .openapi({ description: 'ISO weekdays, Monday = 1', example: [1, 2, 3, 4, 5] }),
  start: z.string().openapi({ example: '09:00' }),
  end: z.string().openapi({ example: '17:00', description: '"HH:mm" after start; 24:00 for midnight' }),
});

const weekend = z.union([z.enum(['country', 'sat_sun']), z.array(z.number().int())]).openapi({
  description:
    "Taken off the window's days: `country` (the contact's country's weekend from CLDR, Sat-Sun when unknown), `sat_sun`, or ISO weekdays",
  example: 'country',
});

const cadence = z
  .object({
    window,
    weekend,
    excludeHolidays: z.boolean().openapi({ description: "Skip public holidays of the contact's country" }),
    minSpacingHours: z.number(),
    cap: z.object({ count: z.number().int(), days: z.number().int() }),
    defaultZone: z.string(),
    countTasksTowardCap: z.boolean(),
  })
  .openapi('CadenceSettings');

// Shapes only, strict so a typo is refused; the domain schema checks the values in the handler.
const cadenceInput = z
  .object({
    window: window.partial().strict().optional(),
    weekend: weekend.optional(),
    excludeHolidays: z.boolean().optional(),
    minSpacingHours: z.number().optional(),
    cap: z.object({ count: z.number().int(), days: z.number().int() }).partial().strict().optional(),
    defaultZone: z.string().optional(),
    countTasksTowardCap: z.boolean().optional(),
  })
  .strict()
  .openapi('CadenceSettingsInput', {
    description: 'Replaces the installation cadence settings; an absent key takes its default',
    example: { window: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }, minSpacingHours: 24 },
  });

const softBounces = z
  .object({
    count: z
      .number()
      .int()
      .openapi({ description: 'Soft bounces that make the address hard-bounced', example: 3 }),
    days: z.number().int().openapi({ description: 'Within this many days (a rolling window)', example: 30 }),
  })
  .openapi('SoftBouncePolicy');

export function registerSettingsRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/settings/soft-bounces',
      tags: ['settings'],
      summary: 'How many soft bounces within how many days suppress an address',
      responses: { 200: ok(softBounces), ...errorResponses },
    }),
    async (c) => c.json(await getSoftBouncePolicy(c.var.deps.db, c.var.installationId), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/settings/soft-bounces',
      tags: ['settings'],
      summary:
        'Change the soft-bounce limit or window (count 1-100, days 1-365); absent keys keep their value',
      request: jsonBody(z.object({ count: z.number(), days: z.number() }).partial().strict()),
      responses: { 200: ok(softBounces), ...errorResponses },
    }),
    async (c) => {
      const result = await updateSoftBouncePolicy(c.var.deps.db, c.var.installationId, c.req.valid('json'));
      if (!result.ok) {
        const first = result.error[0];
        throw new AppError('validation_failed', first ? `${first.path}: ${first.message}` : 'invalid', {
          issues: result.error,
        });
      }
      return c.json(result.value, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/settings/cadence',
      tags: ['settings'],
      summary: 'Cadence settings of the installation (defaults filled in)',
      responses: { 200: ok(cadence), ...errorResponses },
    }),
    async (c) => {
      const { settings } = await getCadenceSettings(c.var.deps.db, c.var.installationId);
      return c.json(settings, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/settings/cadence',
      tags: ['settings'],
      summary: 'Set the send window, holidays, spacing, cap, default zone and whether tasks count',
      request: jsonBody(cadenceInput),
      responses: { 200: ok(cadence), ...errorResponses },
    }),
    async (c) => {
      const result = await putInstallationCadence(c.var.deps.db, c.var.installationId, c.req.valid('json'));
      if (!result.ok) {
        if (result.error.code === 'not_found') throw new AppError('not_found', 'Installation not found');
        const first = result.error.issues[0];
        throw new AppError(
          'validation_failed',
          first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid cadence settings',
          { issues: result.error.issues },
        );
      }
      return c.json(result.value, 200);
    },
  );
}
