import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { getVersion } from '../../db/queries/sequences';
import { sequences } from '../../db/schema';
import { type PreviewEntry, type PreviewStep, previewSequence } from '../../domain/cadence/preview';
import type { CadenceSettings } from '../../domain/cadence/settings';
import { normalizeZoneName, type ResolvedZone } from '../../domain/cadence/zone';
import { nextKey, type PublishedStep } from '../../domain/sequences/definition';
import { err, ok, type Result } from '../../lib/result';
import { type ContactHints, loadCadenceInputs, planContext } from './context';
import { stepWindowOverride } from './settings';

export type PreviewTarget =
  | { contactId: string }
  | { zone?: string | undefined; country?: string | undefined; region?: string | undefined };

export type PreviewError =
  | { code: 'sequence_not_found' }
  | { code: 'sequence_not_published' }
  | { code: 'contact_not_found' }
  | { code: 'invalid_zone'; zone: string };

export type SequencePreview = {
  sequenceId: string;
  versionId: string;
  version: number;
  start: Date;
  zone: ResolvedZone;
  settings: CadenceSettings;
  /** The contact's mail already counted by the gate (all sequences). */
  existingSends: Date[];
  /** The default path: a branch is assumed not taken. */
  steps: PreviewEntry[];
  warnings: string[];
};

/** Steps from the first one, following `next` and each branch's `ifFalse`. */
function defaultPath(steps: readonly PublishedStep[]): PublishedStep[] {
  const path: PublishedStep[] = [];
  const seen = new Set<string>();
  let key = steps[0]?.key ?? null;
  while (key !== null && !seen.has(key)) {
    seen.add(key);
    const step = steps.find((s) => s.key === key);
    if (!step) break;
    path.push(step);
    key = nextKey(steps, key);
  }
  return path;
}

/**
 * The planned time of every step for a contact (or a zone), enrolled at `start`: the same
 * settings, zone resolution, planner and gate as the engine, with the contact's existing mail in
 * every sequence counted. Mail of other live enrollments not yet sent is not known here; the send
 * gate settles those at send time.
 */
export async function previewForSequence(
  db: Queryable,
  input: { installationId: string; sequenceId: string; target: PreviewTarget; start: Date },
): Promise<Result<SequencePreview, PreviewError>> {
  const [sequence] = await db
    .select({ activeVersionId: sequences.activeVersionId })
    .from(sequences)
    .where(and(eq(sequences.installationId, input.installationId), eq(sequences.id, input.sequenceId)));
  if (!sequence) return err({ code: 'sequence_not_found' });
  const version = sequence.activeVersionId ? await getVersion(db, sequence.activeVersionId) : null;
  if (!version || version.installationId !== input.installationId) {
    return err({ code: 'sequence_not_published' });
  }
  const { target } = input;
  const inputs = await loadCadenceInputs(db, {
    installationId: input.installationId,
    contactId: 'contactId' in target ? target.contactId : '',
    at: input.start,
  });
  let contact: ContactHints;
  if ('contactId' in target) {
    if (!inputs.contact) return err({ code: 'contact_not_found' });
    contact = inputs.contact;
  } else {
    const { zone: given, country, region } = target;
    if (given !== undefined && normalizeZoneName(given) === null) {
      return err({ code: 'invalid_zone', zone: given });
    }
    contact = {
      id: `zone:${given ?? country ?? 'default'}`,
      crmTimeZone: given ?? null,
      country: country ?? null,
      region: region ?? null,
    };
  }
  const ctx = planContext(inputs, { contact, sequenceCadence: version.definition.cadence, at: input.start });
  const { settings, warnings } = ctx;
  const zone =
    !('contactId' in target) && contact.crmTimeZone
      ? { ...ctx.zone, basis: `zone "${contact.crmTimeZone}" given to the preview` }
      : ctx.zone;

  const steps: PreviewStep[] = defaultPath(version.definition.steps).map((step) => {
    const { override, warning } = stepWindowOverride(settings.window, step.cadence);
    if (warning) warnings.push(`${step.key}: ${warning}`);
    return { key: step.key, kind: step.kind, delay: step.delay, windowOverride: override };
  });
  const entries = previewSequence({
    steps,
    start: input.start,
    zone: zone.zone,
    zoneSource: zone.source,
    country: ctx.country,
    region: ctx.region,
    settings,
    existingSends: ctx.recentSends,
    jitterKey: ctx.jitterKey,
  });
  return ok({
    sequenceId: input.sequenceId,
    versionId: version.id,
    version: version.version,
    start: input.start,
    zone,
    settings,
    existingSends: ctx.recentSends,
    steps: entries,
    warnings,
  });
}

/** For the operator CLI, which names a sequence but no installation. */
export async function findSequenceInstallation(db: Queryable, sequenceId: string): Promise<string | null> {
  const [row] = await db
    .select({ installationId: sequences.installationId })
    .from(sequences)
    .where(eq(sequences.id, sequenceId));
  return row?.installationId ?? null;
}
