/** A lifecycle stage option as the CRM defines it (HubSpot's are customisable and ordered). */
export type StageOption = { value: string; displayOrder: number };

export type LifecycleMove = { write: true } | { write: false; note: string };

/**
 * Lifecycle stages only move forward unless the installation allows going back: a score crossing
 * must not demote a customer to a lead. Without the portal's options or a current stage, we write.
 */
export function lifecycleMove(
  options: readonly StageOption[],
  current: string | null,
  target: string,
  allowBackward: boolean,
): LifecycleMove {
  if (current === target) return { write: false, note: `lifecycle already ${target}` };
  const order = new Map(options.map((o) => [o.value, o.displayOrder]));
  const from = current === null ? undefined : order.get(current);
  const to = order.get(target);
  if (from === undefined || to === undefined || allowBackward || to > from) return { write: true };
  return { write: false, note: `lifecycle kept at ${current}: ${target} would move it backward` };
}
