import type { z } from 'zod';
import { cadenceOverridesSchema, parseClock } from '../../domain/cadence/settings';
import type { DefinitionIssue, Draft } from '../../domain/sequences/definition';

/**
 * Which cadence keys each layer may set. Spacing, the cap, the default zone and whether tasks count
 * are per installation (`PUT /v1/settings/cadence`): the gate compares a contact's mail across all
 * sequences, so one sequence must not loosen it for the others.
 */
const SEQUENCE_KEYS = new Set(['window', 'weekend', 'excludeHolidays']);
const STEP_KEYS = new Set(['window']);

type Layer = 'sequence' | 'step';

function checkLayer(raw: unknown, prefix: string, layer: Layer): DefinitionIssue[] {
  if (raw === undefined || raw === null) return [];
  const allowed = layer === 'sequence' ? SEQUENCE_KEYS : STEP_KEYS;
  const parsed = cadenceOverridesSchema.safeParse(raw);
  if (!parsed.success) return zodIssues(prefix, parsed.error);
  const issues: DefinitionIssue[] = [];
  for (const key of Object.keys(parsed.data)) {
    if (allowed.has(key)) continue;
    issues.push({
      path: `${prefix}.${key}`,
      message:
        layer === 'sequence'
          ? `"${key}" is an installation setting (PUT /v1/settings/cadence); a sequence may set window, weekend and excludeHolidays`
          : `"${key}" cannot be set per step; a step may only override the window`,
    });
  }
  return issues;
}

const zodIssues = (prefix: string, error: z.ZodError): DefinitionIssue[] =>
  error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));

type Bounds = { start?: string | undefined; end?: string | undefined };

function windowOf(raw: unknown): Bounds {
  const parsed = cadenceOverridesSchema.safeParse(raw);
  return parsed.success ? (parsed.data.window ?? {}) : {};
}

/**
 * Sequence and step cadence overrides, checked at publish. The installation's window can still
 * change later, so a window is refused here only when the draft alone fixes both its ends.
 */
export function validateCadenceOverrides(draft: Draft): DefinitionIssue[] {
  const issues = checkLayer(draft.cadence, 'cadence', 'sequence');
  const sequenceWindow = windowOf(draft.cadence);
  draft.steps.forEach((step, i) => {
    const prefix = `steps.${i}.cadence`;
    const stepIssues = checkLayer(step.cadence, prefix, 'step');
    issues.push(...stepIssues);
    if (stepIssues.length > 0) return;
    const own = windowOf(step.cadence);
    const start = own.start ?? sequenceWindow.start;
    const end = own.end ?? sequenceWindow.end;
    if ((own.start || own.end) && start && end && parseClock(end) <= parseClock(start)) {
      issues.push({ path: `${prefix}.window.end`, message: 'end must be after start' });
    }
  });
  if (sequenceWindow.start && sequenceWindow.end) {
    if (parseClock(sequenceWindow.end) <= parseClock(sequenceWindow.start)) {
      issues.push({
        path: 'cadence.window.end',
        message: 'end must be after start (windows that cross midnight are not supported)',
      });
    }
  }
  return issues;
}
