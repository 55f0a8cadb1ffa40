import { createRoute, z } from '@hono/zod-openapi';
import { lostPolicies, stageKinds } from '../../domain/crm/deal-rules';
import { getDealStagesView, updateDealStageSettings } from '../../services/crm/deal-settings';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, jsonBody, ok } from '../schemas';

const id = z.string().min(1).max(100);
const kind = z.enum(stageKinds).openapi({
  description:
    "pause: a deal here pauses its contacts' live enrollments (deal_in_progress); won: exits them (deal_won); lost: resumes or exits them per the lost policy; none: nothing",
});
const lost = z.enum(lostPolicies).openapi({
  description:
    'What a lost deal does: resume the enrollments its open stages paused (when no other open deal holds the contact) or exit them (deal_lost). A sequence may set its own with `dealLost` in its draft',
});

const pipelineRules = z.object({
  enabled: z.boolean().openapi({ description: 'false: no stage of this pipeline touches enrollments' }),
  lost,
  stages: z.record(id, kind).openapi({ description: 'Stage id -> kind, overriding the CRM flags' }),
});

const settings = z
  .object({ enabled: z.boolean(), pipelines: z.record(id, pipelineRules) })
  .openapi('DealStageSettings');

const view = z
  .object({
    settings,
    pipelines: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        enabled: z.boolean(),
        lost,
        stages: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            closed: z.boolean(),
            won: z.boolean(),
            action: kind,
            source: z.enum(['setting', 'crm']).openapi({
              description: "setting: an override in the settings; crm: from the stage's closed/won flags",
            }),
          }),
        ),
      }),
    ),
  })
  .openapi('DealStages');

const patch = z
  .object({
    enabled: z.boolean(),
    pipelines: z.record(
      id,
      z
        .object({ enabled: z.boolean(), lost, stages: z.record(id, kind.nullable()) })
        .partial()
        .strict()
        .nullable(),
    ),
  })
  .partial()
  .strict()
  .openapi('DealStagesPatch', {
    description:
      'Absent keys keep their value; a null stage goes back to the CRM flags, a null pipeline back to the defaults',
  });

export function registerDealStageRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/settings/deal-stages',
      tags: ['settings'],
      summary: 'Which deal stages pause, exit or resume enrollments, per pipeline read from the CRM',
      responses: { 200: ok(view), ...errorResponses },
    }),
    async (c) => c.json(await getDealStagesView(c.var.deps.db, c.var.installationId), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/settings/deal-stages',
      tags: ['settings'],
      summary: 'Change the deal-stage rules; unknown pipelines or stages are 422',
      request: jsonBody(patch),
      responses: { 200: ok(view), ...errorResponses },
    }),
    async (c) => {
      const result = await updateDealStageSettings(c.var.deps, c.var.installationId, c.req.valid('json'));
      if (!result.ok) {
        const first = result.error.issues[0];
        throw new AppError('unprocessable', first ? `${first.path}: ${first.message}` : 'invalid settings', {
          issues: result.error.issues,
        });
      }
      return c.json(result.value, 200);
    },
  );
}
