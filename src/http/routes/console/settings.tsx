/** @jsxImportSource hono/jsx */
import { getCadenceSettings, putInstallationCadence } from '../../../services/cadence/settings';
import type { App } from '../../context';
import { AppError } from '../../errors';
import { consoleSession, requireConsoleAdmin } from '../../middleware/console-session';
import { type CadenceForm, cadenceForm, type FieldErrors, SettingsPage } from '../../views/settings';

export function registerSettingsPages(app: App): void {
  app.get('/app/settings', async (c) => {
    const session = consoleSession(c);
    const { settings } = await getCadenceSettings(c.var.deps.db, session.installationId);
    const flash = c.req.query('ok') ? { kind: 'ok' as const, text: 'Cadence saved' } : undefined;
    return c.html(<SettingsPage session={session} form={cadenceForm(settings)} flash={flash} />);
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
          errors={errors}
          flash={{ kind: 'error', text: 'Not saved: fix the fields marked below' }}
        />,
        422,
      );
    }
    return c.redirect('/app/settings?ok=cadence', 303);
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
