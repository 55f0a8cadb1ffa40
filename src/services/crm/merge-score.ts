import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contactScores } from '../../db/schema';
import { type ThresholdStates, thresholdStatesSchema } from '../../domain/scoring/thresholds';

type ScoreRow = typeof contactScores.$inferSelect;

/**
 * Per threshold: above if either contact was above (its crossing already fired its actions), and
 * the larger crossing count, so the survivor's next crossing gets a number neither contact used and
 * its action keys never collide with an earlier crossing's (which would silently skip the action).
 */
export function mergeThresholdStates(states: ReadonlyArray<unknown>): ThresholdStates {
  const merged: ThresholdStates = {};
  for (const raw of states) {
    const parsed = thresholdStatesSchema.safeParse(raw ?? {});
    if (!parsed.success) continue;
    for (const [id, s] of Object.entries(parsed.data)) {
      const before = merged[id];
      merged[id] = {
        state: before?.state === 'above' || s.state === 'above' ? 'above' : 'below',
        crossings: Math.max(before?.crossings ?? 0, s.crossings),
      };
    }
  }
  return merged;
}

/**
 * One score per model for the survivor. The score is a pure function of the contact's events, so
 * the truth is a recompute over the merged events: the merge requests it in its transaction. Until it
 * runs, the higher of the scores stands (with the merged threshold state), not the lower: the person
 * did everything both records show, and a lower interim score would read as a downward crossing and
 * re-fire the upward one (a second MQL task) when the recompute brings it back.
 */
export async function mergeScores(
  tx: Queryable,
  input: { installationId: string; survivorId: string; mergedIds: string[] },
): Promise<number> {
  const ids = [input.survivorId, ...input.mergedIds];
  const rows = await tx
    .select()
    .from(contactScores)
    .where(
      and(eq(contactScores.installationId, input.installationId), inArray(contactScores.contactId, ids)),
    );
  const byModel = new Map<string, ScoreRow[]>();
  for (const r of rows) byModel.set(r.modelId, [...(byModel.get(r.modelId) ?? []), r]);
  let moved = 0;
  for (const [modelId, group] of byModel) {
    if (group.every((r) => r.contactId === input.survivorId)) continue;
    const best = [...group].sort(
      (a, b) => b.score - a.score || b.computedAt.getTime() - a.computedAt.getTime(),
    )[0]!;
    await tx
      .delete(contactScores)
      .where(and(eq(contactScores.modelId, modelId), inArray(contactScores.contactId, ids)));
    await tx.insert(contactScores).values({
      ...best,
      contactId: input.survivorId,
      thresholdState: mergeThresholdStates(group.map((r) => r.thresholdState)),
    });
    moved += group.length - 1;
  }
  return moved;
}
