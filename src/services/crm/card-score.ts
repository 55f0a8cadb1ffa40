import type { Queryable } from '../../db/client';
import type { contacts } from '../../db/schema';
import { scoreContact } from '../../domain/scoring/evaluate';
import { getContactScore } from '../scoring/contact-score';
import { getActiveModel } from '../scoring/models';
import { contactProperties, loadScoreEvents } from '../scoring/score-inputs';

export const TREND_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export type CardScore = {
  value: number;
  modelVersion: number;
  /** The highest threshold the contact is above (null: below every one). */
  band: { id: string; label: string } | null;
  /** The next threshold up, so a rep sees how far the contact is from it. */
  next: { label: string; score: number } | null;
  trend: { delta: number; days: number; direction: 'up' | 'down' | 'flat' };
  reasons: string[];
  computedAt: string;
};

/**
 * The score as the scoring API explains it, plus a trend: the active model evaluated now and
 * TREND_DAYS ago over the same stored events (the score is a pure function of them and `now`).
 * Null when the installation has no published model.
 */
export async function getCardScore(
  db: Queryable,
  contact: typeof contacts.$inferSelect,
  now: Date,
): Promise<CardScore | null> {
  const ids = { installationId: contact.installationId, contactId: contact.id };
  const score = await getContactScore(db, ids, now);
  if (!score.ok) return null;
  const active = await getActiveModel(db, contact.installationId);
  const events = (await loadScoreEvents(db, { ...ids, contactIds: [contact.id] })).get(contact.id) ?? [];
  const at = (when: Date) =>
    active
      ? scoreContact({ events, properties: contactProperties(contact), model: active.definition, now: when })
          .score
      : 0;
  const delta = Math.round((at(now) - at(new Date(now.getTime() - TREND_DAYS * DAY_MS))) * 100) / 100;

  const { thresholds } = score.value;
  const ordered = [...thresholds].sort((a, b) => a.score - b.score);
  const above = ordered.filter((t) => t.state === 'above').at(-1);
  const next = ordered.find((t) => t.state === 'below' && t.score > score.value.score);
  return {
    value: score.value.score,
    modelVersion: score.value.modelVersion,
    band: above ? { id: above.id, label: above.label } : null,
    next: next ? { label: next.label, score: next.score } : null,
    trend: { delta, days: TREND_DAYS, direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat' },
    reasons: score.value.explanation.slice(0, 5),
    computedAt: score.value.computedAt.toISOString(),
  };
}
