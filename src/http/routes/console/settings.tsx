/** @jsxImportSource hono/jsx */

import { lostPolicies, type StageKind, stageKinds } from '../../../domain/crm/deal-rules';
import type { ReplyPolicy } from '../../../domain/inbound/reply-policy';
import { getCadenceSettings, putInstallationCadence } from '../../../services/cadence/settings';
import { getDealStagesView, updateDealStageSettings } from '../../../services/crm/deal-settings';
import { getReplyPolicy, updateReplyPolicy } from '../../../services/engagement/settings';
import type { App } from '../../context';
import { AppError } from '../../errors';
import { consoleSession, requireConsoleAdmin } from '../../middleware/console-session';
import { type CadenceForm, cadenceForm, type FieldErrors, SettingsPage } from '../../views/settings';

export function registerSettingsPages(app: App): void {
  registerDealStageForm(app);
  app.get('/app/settings', async (c) => {
    const session = consoleSession(c);
    const { settings } = await getCadenceSettings(c.var.deps.db, session.installationId);
    const reply = await getReplyPolicy(c.var.deps.db, session.installationId);
    const ok = c.req.query('ok');
    const text =
      ok === 'cadence'
        ? 'Cadence saved'
        : ok === 'reply'
          ? 'Reply policy saved'
          : ok === 'deals'
            ? 'Deal-stage rules saved'
            : null;
    const flash = text ? { kind: 'ok' as const, text } : undefined;
    return c.html(
      <SettingsPage
        session={session}
        form={cadenceForm(settings)}
        reply={reply}
        deals={await getDealStagesView(c.var.deps.db, session.installationId)}
        flash={flash}
      />,
    );
  });

  // The same service as PUT /v1/settings/cadence: the whole set is replaced, so every field is sent.
  app.post('/app/settings/cadence', requireConsoleAdmin, async (c) => {
    const session = consoleSession(c);
    const body = await c.req.parseBody({ all: true });
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
    const rawDays = body.days === undefined ? [] : Array.isArray(body.days) ? body.days : [body.days];
    const form: CadenceForm = {
      days: rawDays.map((d) => Number(d)).filter((d) => Number.isInteger(d)),
      start: text('start'),
      end: text('end'),
      weekend: text('weekend'),
      excludeHolidays: body.excludeHolidays !== undefined,
      minSpacingHours: text('minSpacingHours'),
      capCount: text('capCount'),
      capDays: text('capDays'),
      defaultZone: text('defaultZone'),
      countTasksTowardCap: body.countTasksTowardCap !== undefined,
    };
    const result = await putInstallationCadence(c.var.deps.db, session.installationId, {
      window: { days: form.days, start: form.start, end: form.end },
      weekend: weekendValue(form.weekend),
      excludeHolidays: form.excludeHolidays,
      minSpacingHours: numberOrText(form.minSpacingHours),
      cap: { count: numberOrText(form.capCount), days: numberOrText(form.capDays) },
      defaultZone: form.defaultZone,
      countTasksTowardCap: form.countTasksTowardCap,
    });
    if (!result.ok) {
      if (result.error.code === 'not_found') throw new AppError('not_found', 'Installation not found');
      const errors: FieldErrors = {};
      for (const i of result.error.issues) errors[i.path] ??= i.message;
      return c.html(
        <SettingsPage
          session={session}
          form={form}
          reply={await getReplyPolicy(c.var.deps.db, session.installationId)}
          deals={await getDealStagesView(c.var.deps.db, session.installationId)}
          errors={errors}
          flash={{ kind: 'error', text: 'Not saved: fix the fields marked below' }}
        />,
        422,
      );
    }
    return c.redirect('/app/settings?ok=cadence', 303);
  });

  // The same service as PATCH /v1/settings/reply-policy; a scope outside the two is refused here.
  app.post('/app/settings/reply-policy', requireConsoleAdmin, async (c) => {
    const session = consoleSession(c);
    const body = await c.req.parseBody();
    const errors: FieldErrors = {};
    const scope = (k: 'replyScope' | 'oooScope'): ReplyPolicy['replyScope'] | null => {
      const v = body[k];
      if (v === 'contact' || v === 'enrollment') return v;
      errors[k] = 'Choose one of the two scopes';
      return null;
    };
    const replyScope = scope('replyScope');
    const oooScope = scope('oooScope');
    if (!replyScope || !oooScope) {
      const { settings } = await getCadenceSettings(c.var.deps.db, session.installationId);
      const reply = await getReplyPolicy(c.var.deps.db, session.installationId);
      return c.html(
        <SettingsPage
          session={session}
          form={cadenceForm(settings)}
          reply={reply}
          deals={await getDealStagesView(c.var.deps.db, session.installationId)}
          replyErrors={errors}
        />,
        422,
      );
    }
    await updateReplyPolicy(c.var.deps, session.installationId, {
      replyScope,
      oooScope,
      accountStop: body.accountStop !== undefined,
    });
    return c.redirect('/app/settings?ok=reply', 303);
  });
}

/** One pipeline's form: the same service as PATCH /v1/settings/deal-stages (unknown stages are refused). */
export function registerDealStageForm(app: App): void {
  app.post('/app/settings/deal-stages/:pipeline', requireConsoleAdmin, async (c) => {
    const session = consoleSession(c);
    const pipelineId = c.req.param('pipeline');
    const body = await c.req.parseBody();
    const fields: Record<string, string> = {};
    const stages: Record<string, StageKind | null> = {};
    for (const [k, v] of Object.entries(body)) {
      if (!k.startsWith('stage:')) continue;
      const stage = k.slice('stage:'.length);
      if (v === 'crm') stages[stage] = null;
      else if ((stageKinds as readonly unknown[]).includes(v)) stages[stage] = v as StageKind;
      else fields[k] = `Choose one of: from the CRM, ${stageKinds.join(', ')}`;
    }
    const lost = body.lost;
    if (!(lostPolicies as readonly unknown[]).includes(lost)) fields.lost = 'Choose resume or exit';
    if (Object.keys(fields).length === 0) {
      const result = await updateDealStageSettings(c.var.deps, session.installationId, {
        pipelines: {
          [pipelineId]: { enabled: body.enabled !== undefined, lost: lost as 'resume' | 'exit', stages },
        },
      });
      if (result.ok) return c.redirect('/app/settings?ok=deals', 303);
      for (const i of result.error.issues) {
        const stage = Object.keys(stages).find((s) => i.path.endsWith(`.${s}`));
        fields[stage ? `stage:${stage}` : ''] ??= i.message;
      }
    }
    const { settings } = await getCadenceSettings(c.var.deps.db, session.installationId);
    return c.html(
      <SettingsPage
        session={session}
        form={cadenceForm(settings)}
        reply={await getReplyPolicy(c.var.deps.db, session.installationId)}
        deals={await getDealStagesView(c.var.deps.db, session.installationId)}
        dealErrors={{ pipelineId, fields }}
      />,
      422,
    );
  });
}

/** A number when it reads as one; else the text, which the schema refuses with its own message. */
function numberOrText(s: string): number | string {
  return s !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
}

function weekendValue(s: string): unknown {
  if (s === 'country' || s === 'sat_sun') return s;
  if (/^\d+(\s*,\s*\d+)*$/.test(s)) return s.split(',').map((d) => Number(d.trim()));
  return s;
}
