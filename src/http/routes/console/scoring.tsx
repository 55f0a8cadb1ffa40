/** @jsxImportSource hono/jsx */

import type { Context } from 'hono';
import type { ConsoleSession } from '../../../services/console/sessions';
import {
  draftIssues,
  getModel,
  getModelVersion,
  listModels,
  listModelVersions,
  type ScoreModelRow,
  updateModel,
} from '../../../services/scoring/models';
import { publishModel } from '../../../services/scoring/publish';
import { replayDraft } from '../../../services/scoring/replay';
import type { App, AppEnv } from '../../context';

type AppContext = Context<AppEnv>;

import { AppError } from '../../errors';
import { consoleSession, requireConsoleAdmin } from '../../middleware/console-session';
import type { Flash } from '../../views/layout';
import { type ModelPageProps, ScoringListPage, ScoringModelPage } from '../../views/scoring';
import { readFlash, withFlash } from './flash';

const maxDraftChars = 200_000;

export function registerScoringPages(app: App): void {
  app.get('/app/scoring', async (c) => {
    const session = consoleSession(c);
    const models = await listModels(c.var.deps.db, session.installationId);
    return c.html(<ScoringListPage session={session} models={models} />);
  });

  app.get('/app/scoring/:id', async (c) => {
    const session = consoleSession(c);
    const model = await found(c, session);
    const flash = await readFlash(c);
    return c.html(<ScoringModelPage {...(await pageProps(c, session, model))} flash={flash} />);
  });

  // The same store as PATCH /v1/scoring/models/{id}: the draft is kept even with problems, which the
  // page lists beside the field by path (publish refuses them).
  app.post('/app/scoring/:id/draft', requireConsoleAdmin, async (c) => {
    const session = consoleSession(c);
    const model = await found(c, session);
    const form = await c.req.parseBody();
    const text = typeof form.draft === 'string' ? form.draft : '';
    const parsed = parseDraft(text);
    if (!parsed.ok) {
      const props = await pageProps(c, session, model);
      return c.html(<ScoringModelPage {...props} draftText={text} parseError={parsed.error} />, 422);
    }
    await updateModel(
      c.var.deps.db,
      { installationId: session.installationId, id: model.id },
      { draft: parsed.value },
      c.var.deps.clock.now(),
    );
    const issues = draftIssues(parsed.value);
    const msg = issues.length === 0 ? 'Draft saved' : 'Draft saved, with problems to fix before publishing';
    return c.redirect(await withFlash(c, `/app/scoring/${model.id}`, { kind: 'ok', text: msg }), 303);
  });

  // Read-only (the replay writes nothing), but a POST: it scores every contact, so not on a GET.
  app.post('/app/scoring/:id/replay', async (c) => {
    const session = consoleSession(c);
    const model = await found(c, session);
    const params = { installationId: session.installationId, modelId: model.id };
    const result = await replayDraft(c.var.deps, params);
    const props = await pageProps(c, session, model);
    if (!result.ok) {
      const flash: Flash = { kind: 'error', text: 'Fix the draft before replaying it' };
      return c.html(<ScoringModelPage {...props} flash={flash} />, 422);
    }
    return c.html(<ScoringModelPage {...props} replay={result.value} />);
  });

  app.post('/app/scoring/:id/publish', requireConsoleAdmin, async (c) => {
    const session = consoleSession(c);
    const model = await found(c, session);
    const result = await publishModel(c.var.deps, {
      installationId: session.installationId,
      modelId: model.id,
    });
    if (!result.ok) {
      if (result.error.code === 'not_found') throw new AppError('not_found', 'Scoring model not found');
      const props = await pageProps(c, session, model);
      const flash: Flash = { kind: 'error', text: 'The draft has problems: fix them before publishing' };
      return c.html(<ScoringModelPage {...props} flash={flash} />, 422);
    }
    const msg = `Published version ${result.value.version}; rescoring ${result.value.rescoring} contacts`;
    return c.redirect(await withFlash(c, `/app/scoring/${model.id}`, { kind: 'ok', text: msg }), 303);
  });
}

async function found(c: AppContext, session: ConsoleSession): Promise<ScoreModelRow> {
  const model = await getModel(c.var.deps.db, {
    installationId: session.installationId,
    id: c.req.param('id') ?? '',
  });
  if (!model) throw new AppError('not_found', 'Scoring model not found');
  return model;
}

async function pageProps(
  c: AppContext,
  session: ConsoleSession,
  model: ScoreModelRow,
): Promise<ModelPageProps> {
  const versions = await listModelVersions(c.var.deps.db, {
    installationId: session.installationId,
    modelId: model.id,
  });
  const live = versions.find((v) => v.id === model.activeVersionId);
  const doc = live
    ? await getModelVersion(c.var.deps.db, {
        installationId: session.installationId,
        modelId: model.id,
        version: live.version,
      })
    : null;
  return {
    session,
    model,
    draftText: JSON.stringify(model.draft, null, 2),
    issues: draftIssues(model.draft),
    versions,
    document: doc?.documentMarkdown ?? null,
  };
}

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

function parseDraft(text: string): Parsed {
  if (text.length > maxDraftChars) return { ok: false, error: `At most ${maxDraftChars} characters` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'The definition must be a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
