import { z } from 'zod';

/**
 * After `count` soft bounces within a rolling `days`-day window an address counts as bad (the
 * hard-bounce path). Older soft bounces do not count: a mailbox full last spring says nothing now.
 * Stored under `softBounces` in `installations.settings`.
 */
export const softBouncePolicySchema = z
  .object({
    count: z
      .number({ error: 'count must be a number' })
      .int({ error: 'count must be a whole number' })
      .min(1, { error: 'count must be at least 1' })
      .max(100, { error: 'count must be at most 100' }),
    days: z
      .number({ error: 'days must be a number' })
      .int({ error: 'days must be a whole number of days' })
      .min(1, { error: 'days must be at least 1' })
      .max(365, { error: 'days must be at most 365' }),
  })
  .strict();
export type SoftBouncePolicy = z.infer<typeof softBouncePolicySchema>;

export const DEFAULT_SOFT_BOUNCE_POLICY: SoftBouncePolicy = { count: 3, days: 30 };

/** Stored JSON -> policy, field by field; an unreadable field takes its default. */
export function toSoftBouncePolicy(stored: unknown): SoftBouncePolicy {
  const raw = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const shape = softBouncePolicySchema.shape;
  const count = shape.count.safeParse(raw.count);
  const days = shape.days.safeParse(raw.days);
  return {
    count: count.success ? count.data : DEFAULT_SOFT_BOUNCE_POLICY.count,
    days: days.success ? days.data : DEFAULT_SOFT_BOUNCE_POLICY.days,
  };
}

/** The start of the window that ends at `now`. */
export const windowStart = (policy: SoftBouncePolicy, now: Date): Date =>
  new Date(now.getTime() - policy.days * 86_400_000);

/** How many of the soft bounces fall in the window ending at `now`, and whether that reaches the limit. */
export function softBounceVerdict(
  at: readonly Date[],
  now: Date,
  policy: SoftBouncePolicy,
): { inWindow: number; limitReached: boolean } {
  const from = windowStart(policy, now).getTime();
  const inWindow = at.filter((d) => d.getTime() > from && d.getTime() <= now.getTime()).length;
  return { inWindow, limitReached: inWindow >= policy.count };
}
