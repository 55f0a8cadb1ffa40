import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, installations } from '../../db/schema';
import {
  applyWindowOverride,
  type CadenceLayers,
  type CadenceSettings,
  cadenceOverridesSchema,
  DEFAULT_CADENCE_SETTINGS,
  mergeCadenceSettings,
  type SendWindow,
} from '../../domain/cadence/settings';
import { err, ok, type Result } from '../../lib/result';

/** The keys of `installations.settings` that belong to cadence (the rest belongs to other features). */
const CADENCE_KEYS = [
  'window',
  'weekend',
  'excludeHolidays',
  'minSpacingHours',
  'cap',
  'defaultZone',
  'countTasksTowardCap',
] as const;

export type ResolvedCadence = {
  settings: CadenceSettings;
  /** Layers that could not be applied (stored before validation, or empty once merged); logged. */
  warnings: string[];
};

export type CadenceIssue = { path: string; message: string };

export function pickCadence(stored: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of CADENCE_KEYS) if (stored[key] !== undefined) picked[key] = stored[key];
  return picked;
}

/** The installation's stored cadence layer (only the cadence keys), or `{}`. */
async function getInstallationCadence(
  db: Queryable,
  installationId: string,
): Promise<Record<string, unknown> | null> {
  const [row] = await db
    .select({ settings: installations.settings })
    .from(installations)
    .where(eq(installations.id, installationId));
  return row ? pickCadence(row.settings) : null;
}

/**
 * Defaults <- installation <- sequence. Publishing and the settings endpoint validate each layer,
 * but an installation change can still make a sequence window empty once merged; then the outer
 * layer is dropped (and reported) rather than failing every send of the installation.
 */
export function resolveCadence(layers: Omit<CadenceLayers, 'step'>): ResolvedCadence {
  const attempts: Array<[CadenceLayers, string]> = [
    [layers, 'sequence cadence ignored'],
    [{ installation: layers.installation }, 'installation cadence ignored'],
  ];
  const warnings: string[] = [];
  for (const [attempt, fallback] of attempts) {
    const merged = mergeCadenceSettings(attempt);
    if (merged.ok) return { settings: merged.value, warnings };
    warnings.push(`${merged.error.issues.join('; ')}; ${fallback}`);
  }
  return { settings: DEFAULT_CADENCE_SETTINGS, warnings };
}

/** A step's window override on the merged window; an override that no longer fits is dropped. */
export function stepWindowOverride(
  window: SendWindow,
  cadence: Record<string, unknown> | undefined,
): { override: Partial<SendWindow> | undefined; warning: string | null } {
  const raw = cadence?.window;
  if (raw === undefined || raw === null) return { override: undefined, warning: null };
  const parsed = cadenceOverridesSchema.shape.window.safeParse(raw);
  if (!parsed.success) return { override: undefined, warning: 'step window override is invalid; ignored' };
  const override = parsed.data as Partial<SendWindow>;
  try {
    applyWindowOverride(window, override);
    return { override, warning: null };
  } catch {
    return { override: undefined, warning: 'step window override leaves an empty window; ignored' };
  }
}

/** Installation settings with defaults filled in. */
export async function getCadenceSettings(db: Queryable, installationId: string): Promise<ResolvedCadence> {
  const stored = await getInstallationCadence(db, installationId);
  return resolveCadence({ installation: stored ?? {} });
}

const toIssues = (lines: readonly string[]): CadenceIssue[] =>
  lines.map((line) => {
    const at = line.indexOf(': ');
    const path = at < 0 ? '' : line.slice(0, at).replace(/^(installation|merged)\.?/, '');
    return { path, message: at < 0 ? line : line.slice(at + 2) };
  });

/**
 * Replaces the installation's cadence layer (absent keys fall back to the defaults); other keys
 * of `installations.settings` are kept. Contacts whose zone came from the installation default
 * follow a new default at once.
 */
export async function putInstallationCadence(
  db: Queryable,
  installationId: string,
  input: unknown,
): Promise<Result<CadenceSettings, { code: 'not_found' } | { code: 'invalid'; issues: CadenceIssue[] }>> {
  const parsed = cadenceOverridesSchema.safeParse(input);
  if (!parsed.success) {
    return err({
      code: 'invalid',
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const merged = mergeCadenceSettings({ installation: parsed.data });
  if (!merged.ok) return err({ code: 'invalid', issues: toIssues(merged.error.issues) });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ settings: installations.settings })
      .from(installations)
      .where(eq(installations.id, installationId))
      // Not FOR UPDATE: inserts that reference the installation (send rows) take KEY SHARE on it.
      .for('no key update');
    if (!row) return err({ code: 'not_found' as const });
    const kept = Object.fromEntries(
      Object.entries(row.settings).filter(([k]) => !(CADENCE_KEYS as readonly string[]).includes(k)),
    );
    await tx
      .update(installations)
      .set({ settings: { ...kept, ...parsed.data } })
      .where(eq(installations.id, installationId));
    await tx
      .update(contacts)
      .set({ timeZone: merged.value.defaultZone })
      .where(
        and(
          eq(contacts.installationId, installationId),
          eq(contacts.timeZoneSource, 'default'),
          sql`${contacts.timeZone} is distinct from ${merged.value.defaultZone}`,
        ),
      );
    return ok(merged.value);
  });
}
