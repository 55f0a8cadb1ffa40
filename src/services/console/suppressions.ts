import type { Scope } from '../api-keys';
import type { AppDeps } from '../deps';
import { listSuppressionLifts, listSuppressions } from '../suppressions';
import { listSends } from '../unknown-sends';

export type SuppressionsView = Awaited<ReturnType<typeof loadSuppressions>>;

/** The suppressions page: who is suppressed, who was lifted and why, and the sends nobody can vouch for. */
export async function loadSuppressions(deps: Pick<AppDeps, 'db' | 'clock'>, installationId: string) {
  const scope: Scope = { installationId };
  const [suppressed, lifts, unknown] = await Promise.all([
    listSuppressions(deps, scope),
    listSuppressionLifts(deps, scope),
    listSends(deps, scope, { status: 'unknown', limit: 200 }),
  ]);
  return { suppressed, lifts, unknown };
}
