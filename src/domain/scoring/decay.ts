import { type ScoreInput, type ScoreResult, scoreContact } from './evaluate';

export { ageInDays, halfLifeFactor } from './decay-factor';

/**
 * The score the contact will have at `at` if nothing new happens after `now`: events after `now`
 * are dropped, then everything is evaluated as of `at`. The decay sweep compares this with the stored
 * score and state to find downward crossings that no event will ever trigger.
 */
export function projectScore(input: ScoreInput & { at: Date }): ScoreResult {
  const cutoff = input.now.getTime();
  const events = input.events.filter((event) => event.at.getTime() <= cutoff);
  return scoreContact({ events, properties: input.properties, model: input.model, now: input.at });
}
