import { z } from 'zod';
import { nonEmptyText as nonEmpty, stableId } from './model-fields';

const sequenceId = z.string().regex(/^seq_[A-Za-z0-9]+$/, { error: 'must be a sequence id (seq_...)' });

export const thresholdActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('crm_task'),
    subject: nonEmpty,
    dueInDays: z.int().min(0, { error: 'must be 0 or more' }).max(365).optional(),
  }),
  z.strictObject({ type: z.literal('set_lifecycle'), stage: nonEmpty }),
  z.strictObject({ type: z.literal('set_lead_status'), status: nonEmpty }),
  z.strictObject({ type: z.literal('enroll'), sequenceId }),
  z.strictObject({ type: z.literal('exit_sequence'), sequenceId }),
  // Contact data leaves the app on this call: plaintext endpoints are refused, except hosts that
  // cannot be public names (addresses, single labels, internal suffixes), which only the operator's
  // allow-list can open (src/services/scoring/webhook-target.ts resolves and checks every address).
  z.strictObject({
    type: z.literal('webhook'),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an https URL' })
      .refine((url) => url.startsWith('https:') || isInternalHost(url), { error: 'must be an https URL' })
      .refine((url) => !hasCredentials(url), { error: 'must not carry a user name or password' }),
  }),
]);
export type ThresholdAction = z.infer<typeof thresholdActionSchema>;
export type ThresholdActionType = ThresholdAction['type'];

export const thresholdSchema = z
  .strictObject({
    id: stableId,
    /** Shown to people: `MQL`, `SQL`, `Hot lead`. */
    label: nonEmpty,
    score: z.number().refine(Number.isFinite, { error: 'must be a finite number' }),
    /** A crossing re-arms only after the score falls below `score - hysteresis`. */
    hysteresis: z.number().min(0, { error: 'must be 0 or more' }),
    /** Which crossings fire the actions; the armed state follows the score either way. */
    direction: z.enum(['up', 'down', 'both']),
    actions: z.array(thresholdActionSchema).max(10),
  })
  .superRefine((threshold, ctx) => {
    if (threshold.hysteresis >= threshold.score) {
      ctx.addIssue({
        code: 'custom',
        path: ['hysteresis'],
        message: `hysteresis (${threshold.hysteresis}) must be less than the threshold score (${threshold.score})`,
      });
    }
  });
export type ScoreThreshold = z.infer<typeof thresholdSchema>;
export type ThresholdDirection = ScoreThreshold['direction'];

const internalSuffixes = ['.localhost', '.internal', '.local', '.lan', '.home.arpa', '.test'];

function isInternalHost(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  if (host.startsWith('[') || /^[\d.]+$/.test(host) || !host.includes('.')) return true;
  return internalSuffixes.some((suffix) => host.endsWith(suffix));
}

function hasCredentials(url: string): boolean {
  const parsed = new URL(url);
  return parsed.username !== '' || parsed.password !== '';
}
