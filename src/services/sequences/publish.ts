import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client';
import { engagementEvents, sequences, sequenceVersions, templates } from '../../db/schema';
import {
  checkGraph,
  type DefinitionIssue,
  type Draft,
  draftSchema,
  type PublishedDefinition,
  type PublishedStep,
} from '../../domain/sequences/definition';
import { newId } from '../../lib/ids';
import { err, ok, type Result } from '../../lib/result';
import { templateIssues } from '../templates';
import { validateCadenceOverrides } from './cadence-overrides';

/** Published anyway, but worth a look: e.g. a branch waiting for a signal nothing has sent yet. */
export type PublishWarning = { code: 'signal_without_events'; signal: string; path: string };

/**
 * Branch signals fed from outside our mail (the events API, the /t.js snippet). Mail signals
 * (replied, clicked, opens) appear once the sequence sends, so they are not warned about.
 */
const externalSignals = { visited: 'visited' } as const;

async function signalWarnings(tx: Queryable, installationId: string, steps: Draft['steps']) {
  const warnings: PublishWarning[] = [];
  const seen = new Map<string, boolean>();
  for (const [i, step] of steps.entries()) {
    if (step.kind !== 'branch' || !(step.condition.signal in externalSignals)) continue;
    const signal = step.condition.signal as keyof typeof externalSignals;
    if (!seen.has(signal)) {
      const [any] = await tx
        .select({ id: engagementEvents.id })
        .from(engagementEvents)
        .where(
          and(
            eq(engagementEvents.installationId, installationId),
            eq(engagementEvents.type, externalSignals[signal]),
          ),
        )
        .limit(1);
      seen.set(signal, any !== undefined);
    }
    if (!seen.get(signal)) {
      warnings.push({ code: 'signal_without_events', signal, path: `steps.${i}.condition.signal` });
    }
  }
  return warnings;
}

export type PublishError = { code: 'not_found' } | { code: 'invalid_draft'; issues: DefinitionIssue[] };

/** Validates the draft and snapshots it (warnings do not stop it), with the template content it uses, into a new version. */
export async function publishSequence(
  db: Db,
  params: { installationId: string; sequenceId: string },
  now: Date,
): Promise<Result<{ versionId: string; version: number; warnings: PublishWarning[] }, PublishError>> {
  return db.transaction(async (tx) => {
    const [sequence] = await tx
      .select()
      .from(sequences)
      .where(and(eq(sequences.installationId, params.installationId), eq(sequences.id, params.sequenceId)))
      .for('update'); // serialises concurrent publishes of one sequence
    if (!sequence) return err({ code: 'not_found' as const });
    const parsed = draftSchema.safeParse(sequence.draft);
    if (!parsed.success) {
      return err({
        code: 'invalid_draft' as const,
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const draft = parsed.data;
    const issues: DefinitionIssue[] = [...checkGraph(draft.steps), ...validateCadenceOverrides(draft)];
    const templateIds = draft.steps.flatMap((s) => (s.kind === 'email' ? [s.templateId] : []));
    const found = templateIds.length
      ? await tx
          .select()
          .from(templates)
          .where(and(eq(templates.installationId, params.installationId), inArray(templates.id, templateIds)))
      : [];
    const byId = new Map(found.map((t) => [t.id, t]));
    const steps: PublishedStep[] = [];
    draft.steps.forEach((step, i) => {
      if (step.kind !== 'email') {
        steps.push(step);
        return;
      }
      const t = byId.get(step.templateId);
      if (!t) {
        issues.push({ path: `steps.${i}.templateId`, message: `template "${step.templateId}" not found` });
        return;
      }
      for (const issue of templateIssues(t)) {
        const what =
          issue.problem === 'needs_default'
            ? `merge field ${issue.text} can be empty and needs a default, e.g. {{${issue.field} | "there"}}`
            : issue.problem === 'unknown_field'
              ? `unknown merge field ${issue.text}`
              : `malformed merge field ${issue.text}`;
        issues.push({ path: `steps.${i}.template.${issue.in}`, message: what });
      }
      steps.push({
        ...step,
        template: { id: t.id, name: t.name, subject: t.subject, html: t.html, text: t.text },
      });
    });
    if (issues.length > 0) return err({ code: 'invalid_draft' as const, issues });
    const [latest] = await tx
      .select({ n: sql<number>`coalesce(max(${sequenceVersions.version}), 0)::int` })
      .from(sequenceVersions)
      .where(eq(sequenceVersions.sequenceId, sequence.id));
    const version = (latest?.n ?? 0) + 1;
    const definition: PublishedDefinition = {
      steps,
      cadence: draft.cadence,
      replyPolicy: draft.replyPolicy,
      dealLost: draft.dealLost,
    };
    const versionId = newId('sqv');
    await tx.insert(sequenceVersions).values({
      id: versionId,
      installationId: params.installationId,
      sequenceId: sequence.id,
      version,
      definition: definition as unknown as Record<string, unknown>,
      publishedAt: now,
    });
    await tx
      .update(sequences)
      .set({ activeVersionId: versionId, updatedAt: now })
      .where(eq(sequences.id, sequence.id));
    return ok({ versionId, version, warnings: await signalWarnings(tx, params.installationId, draft.steps) });
  });
}
