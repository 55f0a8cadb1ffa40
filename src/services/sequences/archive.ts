import { and, asc, eq, inArray } from 'drizzle-orm';
import { enrollments, sequences } from '../../db/schema';
import type { AppDeps } from '../deps';
import { exitEnrollment } from './exit';
import type { SequenceRow } from './sequences';

/** What archiving does to running enrollments: the admin must say (no silent default). */
export type ArchiveChoice = 'end' | 'finish';

export type ArchiveResult = { sequence: SequenceRow; ended: number } | null;

/**
 * Archives a sequence in one transaction. `end` exits every live enrollment (reason
 * `sequence_archived`, locks taken in id order); `finish` lets them run to their last step. The
 * sequence row is locked first, so an enrollment racing the archive either commits before it (and
 * is ended) or sees the archive and is refused.
 */
export async function archiveSequence(
  deps: AppDeps,
  params: { installationId: string; id: string; actor: string },
  choice: ArchiveChoice,
): Promise<ArchiveResult> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const [locked] = await tx
      .select()
      .from(sequences)
      .where(and(eq(sequences.installationId, params.installationId), eq(sequences.id, params.id)))
      .for('update');
    if (!locked) return null;
    const [sequence] = await tx
      .update(sequences)
      .set({ archivedAt: locked.archivedAt ?? now, updatedAt: now })
      .where(eq(sequences.id, locked.id))
      .returning();
    if (choice === 'finish') return { sequence: sequence!, ended: 0 };
    const live = await tx
      .select({ id: enrollments.id })
      .from(enrollments)
      .where(and(eq(enrollments.sequenceId, locked.id), inArray(enrollments.status, ['active', 'paused'])))
      .orderBy(asc(enrollments.id));
    let ended = 0;
    for (const { id } of live) {
      const result = await exitEnrollment(
        deps,
        tx,
        id,
        { type: 'remove', reason: 'sequence_archived' },
        { reason: 'sequence_archived', actor: params.actor },
      );
      if (result.ok) ended++;
    }
    return { sequence: sequence!, ended };
  });
}
