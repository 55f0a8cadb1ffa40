import { createRoute, z } from '@hono/zod-openapi';
import { renderModelHtml } from '../../domain/scoring/document';
import type { ScoringModelIssue } from '../../domain/scoring/model';
import {
  createModel,
  draftIssues,
  getModel,
  getModelVersion,
  listModels,
  listModelVersions,
  parseStoredDefinition,
  type ScoreModelRow,
  type ScoreModelVersionRow,
  updateModel,
} from '../../services/scoring/models';
import { publishModel } from '../../services/scoring/publish';
import { replayDraft } from '../../services/scoring/replay';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, idParam, jsonBody, ok } from '../schemas';

const draft = z.record(z.string(), z.unknown()).openapi('ScoringModelDraft', {
  example: {
    name: 'Inbound',
    halfLifeDays: 30,
    rules: [
      {
        id: 'clicked',
        label: 'Clicked a link',
        kind: 'event',
        event: 'email_clicked',
        points: 5,
        maxPoints: 15,
      },
      { id: 'demo', label: 'Booked a meeting', kind: 'event', event: 'meeting_booked', points: 40 },
    ],
    thresholds: [
      {
        id: 'mql',
        label: 'MQL',
        score: 50,
        hysteresis: 10,
        direction: 'up',
        actions: [{ type: 'crm_task', subject: 'Call this lead', dueInDays: 1 }],
      },
    ],
  },
});

const issue = z.object({ path: z.string(), message: z.string() });

const model = z
  .object({
    id: z.string(),
    name: z.string(),
    draft,
    /** Empty when the draft can be published as it is. */
    draftIssues: z.array(issue),
    activeVersionId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ScoringModel');

const version = z
  .object({
    id: z.string(),
    version: z.number(),
    active: z.boolean(),
    publishedAt: z.string(),
    definition: z.record(z.string(), z.unknown()),
  })
  .openapi('ScoringModelVersion');

const replayReport = z
  .object({
    contacts: z.number(),
    perThreshold: z.array(
      z.object({
        thresholdId: z.string(),
        label: z.string(),
        wouldCrossUp: z.number(),
        wouldCrossDown: z.number(),
        above: z.number(),
      }),
    ),
    scoreChanges: z.object({ increased: z.number(), decreased: z.number(), unchanged: z.number() }),
    samples: z.array(
      z.object({ contactId: z.string(), before: z.number(), after: z.number(), delta: z.number() }),
    ),
    distribution: z
      .array(z.object({ score: z.number(), now: z.number(), draft: z.number() }))
      .openapi({ description: 'Contacts per score now and under the draft, ascending by score' }),
    asOf: z.string(),
    comparedWith: z.object({ versionId: z.string(), version: z.number() }).nullable(),
  })
  .openapi('ScoreReplayReport');

const name = z.string().trim().min(1).max(200);
const versionParams = idParam('mdl_...').extend({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, { error: 'must be a version number (1, 2, ...)' })
    .openapi({ param: { name: 'version', in: 'path' }, example: '1' }),
});

function invalidDraft(issues: ScoringModelIssue[]): AppError {
  const first = issues[0];
  const where = first?.path ? `${first.path}: ` : '';
  return new AppError(
    'unprocessable',
    `The draft is not a valid scoring model: ${where}${first?.message ?? 'invalid'}`,
    {
      issues,
    },
  );
}

function modelBody(m: ScoreModelRow) {
  return {
    id: m.id,
    name: m.name,
    draft: m.draft,
    draftIssues: draftIssues(m.draft),
    activeVersionId: m.activeVersionId,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

function versionBody(v: ScoreModelVersionRow, activeVersionId: string | null) {
  return {
    id: v.id,
    version: v.version,
    active: v.id === activeVersionId,
    publishedAt: v.publishedAt.toISOString(),
    definition: v.definition,
  };
}

/** Models: one per installation, an editable draft, immutable published versions and their documents. */
export function registerScoringModelRoutes(app: App): void {
  const found = async (installationId: string, id: string, db: Parameters<typeof getModel>[0]) => {
    const row = await getModel(db, { installationId, id });
    if (!row) throw new AppError('not_found', 'Scoring model not found');
    return row;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/scoring/models',
      tags: ['scoring'],
      summary: "Create the installation's scoring model with a draft (publish to use it)",
      request: jsonBody(z.object({ name, draft: draft.optional() })),
      responses: { 201: ok(model, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const created = await createModel(
        c.var.deps.db,
        c.var.installationId,
        {
          name: body.name,
          draft: body.draft ?? { name: body.name, halfLifeDays: null, rules: [], thresholds: [] },
        },
        c.var.deps.clock.now(),
      );
      if (!created.ok) {
        throw new AppError(
          'conflict',
          `This installation already has a scoring model (${created.error.modelId}); edit its draft`,
          {
            modelId: created.error.modelId,
          },
        );
      }
      return c.json(modelBody(created.value), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scoring/models',
      tags: ['scoring'],
      summary: 'List scoring models (at most one per installation)',
      responses: { 200: ok(z.object({ data: z.array(model) })), ...errorResponses },
    }),
    async (c) =>
      c.json({ data: (await listModels(c.var.deps.db, c.var.installationId)).map(modelBody) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scoring/models/{id}',
      tags: ['scoring'],
      summary: 'Get the model, its draft and the problems that would stop it publishing',
      request: { params: idParam('mdl_...') },
      responses: { 200: ok(model), ...errorResponses },
    }),
    async (c) =>
      c.json(modelBody(await found(c.var.installationId, c.req.valid('param').id, c.var.deps.db)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/scoring/models/{id}',
      tags: ['scoring'],
      summary: 'Edit the name or the draft; published versions and stored scores do not change',
      request: {
        params: idParam('mdl_...'),
        ...jsonBody(z.object({ name: name.optional(), draft: draft.optional() })),
      },
      responses: { 200: ok(model), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const row = await updateModel(
        c.var.deps.db,
        { installationId: c.var.installationId, id: c.req.valid('param').id },
        { name: body.name, draft: body.draft },
        c.var.deps.clock.now(),
      );
      if (!row) throw new AppError('not_found', 'Scoring model not found');
      return c.json(modelBody(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/scoring/models/{id}/publish',
      tags: ['scoring'],
      summary: 'Publish the draft as a new immutable version with its document; every contact is rescored',
      request: { params: idParam('mdl_...') },
      responses: {
        201: ok(z.object({ versionId: z.string(), version: z.number(), rescoring: z.number() }), 'Published'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const result = await publishModel(c.var.deps, {
        installationId: c.var.installationId,
        modelId: c.req.valid('param').id,
      });
      if (!result.ok) {
        if (result.error.code === 'not_found') throw new AppError('not_found', 'Scoring model not found');
        throw invalidDraft(result.error.issues);
      }
      return c.json(result.value, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scoring/models/{id}/versions',
      tags: ['scoring'],
      summary: 'Published versions, newest first',
      request: { params: idParam('mdl_...') },
      responses: { 200: ok(z.object({ data: z.array(version) })), ...errorResponses },
    }),
    async (c) => {
      const m = await found(c.var.installationId, c.req.valid('param').id, c.var.deps.db);
      const rows = await listModelVersions(c.var.deps.db, {
        installationId: m.installationId,
        modelId: m.id,
      });
      return c.json({ data: rows.map((v) => versionBody(v, m.activeVersionId)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scoring/models/{id}/versions/{version}',
      tags: ['scoring'],
      summary: 'One published version',
      request: { params: versionParams },
      responses: { 200: ok(version), ...errorResponses },
    }),
    async (c) => {
      const { id, version: n } = c.req.valid('param');
      const m = await found(c.var.installationId, id, c.var.deps.db);
      const row = await getModelVersion(c.var.deps.db, {
        installationId: m.installationId,
        modelId: m.id,
        version: Number(n),
      });
      if (!row) throw new AppError('not_found', 'Model version not found');
      return c.json(versionBody(row, m.activeVersionId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scoring/models/{id}/versions/{version}/document',
      tags: ['scoring'],
      summary: 'The readable document of a version: Markdown, or HTML with ?format=html or Accept: text/html',
      request: {
        params: versionParams,
        query: z.object({ format: z.enum(['markdown', 'html']).optional() }),
      },
      responses: {
        200: {
          description: 'The document',
          content: { 'text/markdown': { schema: z.string() }, 'text/html': { schema: z.string() } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id, version: n } = c.req.valid('param');
      const row = await getModelVersion(c.var.deps.db, {
        installationId: c.var.installationId,
        modelId: id,
        version: Number(n),
      });
      if (!row) throw new AppError('not_found', 'Model version not found');
      const format =
        c.req.valid('query').format ?? (prefersHtml(c.req.header('accept')) ? 'html' : 'markdown');
      if (format === 'markdown') {
        // The Markdown stored at publish time: the document of record for that version.
        return c.body(row.documentMarkdown, 200, { 'content-type': 'text/markdown; charset=utf-8' });
      }
      const page = renderModelHtml({
        model: parseStoredDefinition(row.id, row.definition),
        version: row.version,
        publishedAt: row.publishedAt,
      });
      return c.body(page, 200, {
        'content-type': 'text/html; charset=utf-8',
        // Model text is escaped when rendered; the policy is a second line of defence.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/scoring/models/{id}/replay',
      tags: ['scoring'],
      summary: 'What-if: score every contact under the draft and count threshold crossings; writes nothing',
      request: { params: idParam('mdl_...') },
      responses: { 200: ok(replayReport), ...errorResponses },
    }),
    async (c) => {
      const result = await replayDraft(c.var.deps, {
        installationId: c.var.installationId,
        modelId: c.req.valid('param').id,
      });
      if (!result.ok) {
        if (result.error.code === 'not_found') throw new AppError('not_found', 'Scoring model not found');
        throw invalidDraft(result.error.issues);
      }
      return c.json(result.value, 200);
    },
  );
}

/** `text/html` listed before (or without) `text/markdown` in Accept; browsers send it first. */
function prefersHtml(accept: string | undefined): boolean {
  const html = accept?.indexOf('text/html') ?? -1;
  const markdown = accept?.indexOf('text/markdown') ?? -1;
  return html !== -1 && (markdown === -1 || html < markdown);
}
