/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { previewForSequence } from '../../../services/cadence/preview';
import { findContactIdByEmail, listSequenceSummaries } from '../../../services/console/sequences';
import { publishSequence } from '../../../services/sequences/publish';
import {
  createSequence,
  getSequence,
  listSequenceVersions,
  updateSequence,
} from '../../../services/sequences/sequences';
import { listTemplates } from '../../../services/templates';
import type { App, AppEnv } from '../../context';
import { AppError } from '../../errors';
import { consoleSession, requireConsoleAdmin } from '../../middleware/console-session';
import type { Flash } from '../../views/layout';
import { SequenceListPage } from '../../views/sequences';
import { type Issue, SequenceEditorPage } from '../../views/sequences-editor';
import { SequencePreviewPage } from '../../views/sequences-preview';

const commonZones = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

const flashes: Record<string, Flash> = {
  created: { kind: 'ok', text: 'Sequence created.' },
  saved: { kind: 'ok', text: 'Draft saved.' },
  published: { kind: 'ok', text: 'Published: a new version is live for new enrollments.' },
};

async function loadSequence(c: Context<AppEnv>) {
  const row = await getSequence(c.var.deps.db, {
    installationId: c.var.installationId,
    id: c.req.param('id') ?? '',
  });
  if (!row) throw new AppError('not_found', 'Sequence not found');
  return row;
}

async function renderEditor(
  c: Context<AppEnv>,
  extra: { issues?: Issue[]; draftText?: string; jsonError?: string; status?: 200 | 400 | 422 } = {},
) {
  const { db } = c.var.deps;
  const row = await loadSequence(c);
  const params = { installationId: c.var.installationId, id: row.id };
  const [templates, versions] = await Promise.all([
    listTemplates(db, c.var.installationId),
    listSequenceVersions(db, params),
  ]);
  return c.html(
    <SequenceEditorPage
      session={consoleSession(c)}
      sequence={row}
      templates={templates.map((t) => ({ id: t.id, name: t.name }))}
      versions={versions ?? []}
      issues={extra.issues ?? []}
      draftText={extra.draftText}
      jsonError={extra.jsonError}
      flash={flashes[c.req.query('ok') ?? '']}
    />,
    extra.status ?? 200,
  );
}

/** Folds the structured form's fields into the stored draft, keeping each step's other fields. */
function mergeSteps(draft: Record<string, unknown>, form: Record<string, unknown>, action: string) {
  const stored = Array.isArray(draft.steps) ? (draft.steps as unknown[]) : [];
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : undefined);
  let steps = stored.map((raw, i) => {
    const s = { ...((raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>) };
    const key = text(`steps.${i}.key`);
    const kind = text(`steps.${i}.kind`);
    const templateId = text(`steps.${i}.templateId`);
    const amount = text(`steps.${i}.delayAmount`);
    const unit = text(`steps.${i}.delayUnit`);
    if (key !== undefined) s.key = key;
    if (kind !== undefined) s.kind = kind;
    if (templateId !== undefined) {
      // Only email steps carry a template; an empty choice stays so publish can point at it.
      if (s.kind === 'email') s.templateId = templateId;
      else delete s.templateId;
    }
    if (amount !== undefined || unit !== undefined) {
      // A non-number is kept as typed so publish names the field, not a silent 0.
      const n = amount === undefined || amount === '' ? 0 : Number(amount);
      s.delay = { amount: Number.isFinite(n) ? n : amount, unit: unit ?? 'days' };
    }
    return s;
  });
  if (action === 'add') {
    steps.push({
      key: `step-${steps.length + 1}`,
      kind: 'email',
      templateId: '',
      delay: { amount: 0, unit: 'days' },
    });
  }
  const remove = /^remove:(\d+)$/.exec(action);
  if (remove) steps = steps.filter((_, i) => i !== Number(remove[1]));
  return { ...draft, steps };
}

async function publishAndRender(c: Context<AppEnv>, id: string) {
  const { deps } = c.var;
  const result = await publishSequence(
    deps.db,
    { installationId: c.var.installationId, sequenceId: id },
    deps.clock.now(),
  );
  if (!result.ok) {
    if (result.error.code === 'not_found') throw new AppError('not_found', 'Sequence not found');
    return renderEditor(c, { issues: result.error.issues, status: 422 });
  }
  return c.redirect(`/app/sequences/${id}?ok=published`, 303);
}

export function registerSequencePages(app: App): void {
  app.get('/app/sequences', async (c) => {
    const sequences = await listSequenceSummaries(c.var.deps.db, c.var.installationId);
    return c.html(
      <SequenceListPage
        session={consoleSession(c)}
        sequences={sequences}
        flash={flashes[c.req.query('ok') ?? '']}
      />,
    );
  });
  app.post('/app/sequences', requireConsoleAdmin, async (c) => {
    const form = await c.req.parseBody();
    const name = typeof form.name === 'string' ? form.name.trim() : '';
    if (!name || name.length > 200) {
      const sequences = await listSequenceSummaries(c.var.deps.db, c.var.installationId);
      return c.html(
        <SequenceListPage
          session={consoleSession(c)}
          sequences={sequences}
          nameError="A name of 1 to 200 characters is required"
        />,
        400,
      );
    }
    const row = await createSequence(
      c.var.deps.db,
      c.var.installationId,
      { name, draft: { steps: [] } },
      c.var.deps.clock.now(),
    );
    return c.redirect(`/app/sequences/${row.id}?ok=created`, 303);
  });
  app.get('/app/sequences/:id', (c) => renderEditor(c));
  app.post('/app/sequences/:id', requireConsoleAdmin, async (c) => {
    const row = await loadSequence(c);
    const form = await c.req.parseBody();
    const action = typeof form.action === 'string' ? form.action : 'save';
    const name =
      typeof form.name === 'string' && form.name.trim() ? form.name.trim().slice(0, 200) : undefined;
    const draft = mergeSteps(row.draft, form, action);
    const params = { installationId: c.var.installationId, id: row.id };
    await updateSequence(c.var.deps.db, params, { name, draft }, c.var.deps.clock.now());
    if (action === 'publish') return publishAndRender(c, row.id);
    return c.redirect(`/app/sequences/${row.id}?ok=saved`, 303);
  });
  app.post('/app/sequences/:id/draft', requireConsoleAdmin, async (c) => {
    const row = await loadSequence(c);
    const form = await c.req.parseBody();
    const text = typeof form.draft === 'string' ? form.draft : '';
    let draft: unknown;
    try {
      draft = JSON.parse(text);
    } catch (e) {
      return renderEditor(c, {
        draftText: text,
        jsonError: `Not JSON: ${(e as Error).message}`,
        status: 400,
      });
    }
    if (!draft || typeof draft !== 'object' || Array.isArray(draft)) {
      return renderEditor(c, {
        draftText: text,
        jsonError: 'The draft is a JSON object: {"steps": [...]}',
        status: 400,
      });
    }
    const params = { installationId: c.var.installationId, id: row.id };
    await updateSequence(
      c.var.deps.db,
      params,
      { draft: draft as Record<string, unknown> },
      c.var.deps.clock.now(),
    );
    return c.redirect(`/app/sequences/${row.id}?ok=saved`, 303);
  });
  app.get('/app/sequences/:id/preview', async (c) => {
    const row = await loadSequence(c);
    const { db, clock } = c.var.deps;
    const query = { zone: (c.req.query('zone') ?? '').trim(), email: (c.req.query('email') ?? '').trim() };
    const page = (preview: Awaited<ReturnType<typeof previewForSequence>> | null, error?: string) =>
      c.html(
        <SequencePreviewPage
          session={consoleSession(c)}
          sequence={row}
          zones={commonZones}
          query={query}
          preview={preview?.ok ? preview.value : null}
          error={error}
        />,
        error ? 400 : 200,
      );
    if (!query.zone && !query.email) return page(null);
    let target: { contactId: string } | { zone: string };
    if (query.email) {
      const contactId = await findContactIdByEmail(db, c.var.installationId, query.email);
      if (!contactId) return page(null, 'No contact with this email in this installation');
      target = { contactId };
    } else {
      target = { zone: query.zone };
    }
    const result = await previewForSequence(db, {
      installationId: c.var.installationId,
      sequenceId: row.id,
      target,
      start: clock.now(),
    });
    if (result.ok) return page(result);
    switch (result.error.code) {
      case 'sequence_not_found':
        throw new AppError('not_found', 'Sequence not found');
      case 'contact_not_found':
        return page(null, 'No contact with this email in this installation');
      case 'sequence_not_published':
        return page(null, 'This sequence has no published version yet: publish it first');
      case 'invalid_zone':
        return page(null, `"${result.error.zone}" is not an IANA time zone such as Europe/Paris`);
    }
  });
}
