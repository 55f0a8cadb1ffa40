import type { scoreActions } from '../../db/schema';

export type ScoreActionRow = typeof scoreActions.$inferSelect;
export type ActionOutcome = 'done' | 'failed' | 'skipped';
