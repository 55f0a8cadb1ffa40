import { z } from 'zod';
import { HOUR_MS, MINUTE_MS } from './local-time';
import { resolveWeekend, weekendRuleSchema } from './weekend';
import { normalizeZoneName } from './zone';

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const CLOCK_OR_MIDNIGHT = /^(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** "HH:mm" (or "24:00" for an end) to ms since local midnight. */
export function parseClock(value: string): number {
  if (!CLOCK_OR_MIDNIGHT.test(value)) throw new Error(`Bad clock time "${value}"`);
  const [h, m] = value.split(':').map(Number);
  return (h ?? 0) * HOUR_MS + (m ?? 0) * MINUTE_MS;
}

export const isoWeekdaySchema = z
  .number({ error: 'weekdays are numbers 1-7 (Monday = 1)' })
  .int({ error: 'weekdays are whole numbers 1-7 (Monday = 1)' })
  .min(1, { error: 'weekdays are 1-7 (Monday = 1)' })
  .max(7, { error: 'weekdays are 1-7 (Monday = 1)' });

const daysSchema = z
  .array(isoWeekdaySchema)
  .min(1, { error: 'the window needs at least one sending day' })
  .refine((days) => new Set(days).size === days.length, { error: 'a weekday is listed twice' });
const startSchema = z.string().regex(CLOCK, { error: 'start must be a time "HH:mm" from 00:00 to 23:59' });
const endSchema = z
  .string()
  .regex(CLOCK_OR_MIDNIGHT, { error: 'end must be a time "HH:mm" from 00:01 to 24:00' });

/** Local sending hours on allowed weekdays, [start, end) in the contact's zone. */
export const sendWindowSchema = z
  .object({ days: daysSchema, start: startSchema, end: endSchema })
  .strict()
  .refine((w) => parseClock(w.end) > parseClock(w.start), {
    error: 'end must be after start (windows that cross midnight are not supported)',
    path: ['end'],
  });

export interface SendWindow {
  readonly days: readonly number[];
  readonly start: string;
  readonly end: string;
}

export const ianaZoneSchema = z
  .string()
  .refine((zone) => normalizeZoneName(zone) !== null, {
    error: 'must be an IANA time zone such as Europe/Paris',
  })
  .transform((zone) => normalizeZoneName(zone) ?? zone);

const capShape = {
  count: z.number().int({ error: 'cap.count must be a whole number' }).min(1).max(1000),
  days: z.number().int({ error: 'cap.days must be a whole number of days' }).min(1).max(365),
};

export const cadenceSettingsSchema = z
  .object({
    window: sendWindowSchema,
    /** Taken off the window's days: the contact's country's weekend, Sat-Sun, or listed weekdays. */
    weekend: weekendRuleSchema,
    /** Public holidays of the contact's country (and region) are not sending days. */
    excludeHolidays: z.boolean(),
    /** Minimum gap between any two mails to one contact, across all sequences; 0 disables it. */
    minSpacingHours: z
      .number()
      .min(0)
      .max(24 * 90),
    /** At most `count` mails per contact in any rolling `days`-day window, across all sequences. */
    cap: z.object(capShape).strict(),
    defaultZone: ianaZoneSchema,
    countTasksTowardCap: z.boolean(),
  })
  .strict()
  .refine((s) => s.weekend === 'country' || explicitDaysLeft(s.window.days, s.weekend), {
    error: 'the weekend covers every window day',
    path: ['weekend'],
  });
export type CadenceSettings = z.output<typeof cadenceSettingsSchema>;

/** A set weekend must leave a window day; a country's is checked per contact (see dayRulesFor). */
function explicitDaysLeft(days: readonly number[], weekend: 'sat_sun' | readonly number[]): boolean {
  const off = resolveWeekend(weekend, null).days;
  return days.some((d) => !off.includes(d));
}

/**
 * Every day is a window day and the contact's country's weekend is taken off (Sat-Sun when the
 * country is unknown), so a contact in Israel gets Sun-Thu and one in France Mon-Fri.
 */
export const DEFAULT_CADENCE_SETTINGS: CadenceSettings = {
  window: { days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '17:00' },
  weekend: 'country',
  excludeHolidays: true,
  minSpacingHours: 24,
  cap: { count: 3, days: 7 },
  defaultZone: 'UTC',
  countTasksTowardCap: false,
};

/** One layer of overrides: every field optional, unknown keys rejected (typos must not pass silently). */
export const cadenceOverridesSchema = z
  .object({
    window: z.object({ days: daysSchema, start: startSchema, end: endSchema }).partial().strict(),
    weekend: weekendRuleSchema,
    excludeHolidays: z.boolean(),
    minSpacingHours: cadenceSettingsSchema.shape.minSpacingHours,
    cap: z.object(capShape).partial().strict(),
    defaultZone: ianaZoneSchema,
    countTasksTowardCap: z.boolean(),
  })
  .partial()
  .strict();
export type CadenceOverrides = z.input<typeof cadenceOverridesSchema>;

export type CadenceLayer = 'installation' | 'sequence' | 'step';
export interface CadenceLayers {
  installation?: unknown;
  sequence?: unknown;
  step?: unknown;
}
export type CadenceSettingsResult =
  | { ok: true; value: CadenceSettings }
  | { ok: false; error: { code: 'invalid_cadence_settings'; issues: string[] } };

const LAYERS: readonly CadenceLayer[] = ['installation', 'sequence', 'step'];

function describe(prefix: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path}: ${issue.message}`;
  });
}

/**
 * Defaults <- installation <- sequence <- step; a later layer wins field by field (window and cap
 * merge per field). Each layer is validated alone, then the result as a whole, because a window
 * can become empty only after merging (installation start 10:00, step end 09:00).
 */
export function mergeCadenceSettings(layers: CadenceLayers): CadenceSettingsResult {
  const issues: string[] = [];
  let merged: CadenceSettings = DEFAULT_CADENCE_SETTINGS;
  for (const layer of LAYERS) {
    const raw = layers[layer];
    if (raw === undefined || raw === null) continue;
    const parsed = cadenceOverridesSchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...describe(layer, parsed.error));
      continue;
    }
    const o = parsed.data;
    merged = {
      window: {
        days: o.window?.days ?? merged.window.days,
        start: o.window?.start ?? merged.window.start,
        end: o.window?.end ?? merged.window.end,
      },
      weekend: o.weekend ?? merged.weekend,
      excludeHolidays: o.excludeHolidays ?? merged.excludeHolidays,
      minSpacingHours: o.minSpacingHours ?? merged.minSpacingHours,
      cap: { count: o.cap?.count ?? merged.cap.count, days: o.cap?.days ?? merged.cap.days },
      defaultZone: o.defaultZone ?? merged.defaultZone,
      countTasksTowardCap: o.countTasksTowardCap ?? merged.countTasksTowardCap,
    };
  }
  if (issues.length > 0) return { ok: false, error: { code: 'invalid_cadence_settings', issues } };
  const final = cadenceSettingsSchema.safeParse(merged);
  if (!final.success) {
    return {
      ok: false,
      error: { code: 'invalid_cadence_settings', issues: describe('merged', final.error) },
    };
  }
  return { ok: true, value: final.data };
}

/** Installation settings alone (defaults filled in). */
export const parseCadenceSettings = (input: unknown): CadenceSettingsResult =>
  mergeCadenceSettings({ installation: input });

/** A step's window override on top of already-valid settings; throws because overrides are validated at publish. */
export function applyWindowOverride(
  window: SendWindow,
  override: Partial<SendWindow> | undefined,
): SendWindow {
  if (!override) return window;
  return sendWindowSchema.parse({
    days: override.days ?? window.days,
    start: override.start ?? window.start,
    end: override.end ?? window.end,
  });
}
