import type { Config } from '../../config';
import type { ScoringModel, ScoringModelIssue } from '../../domain/scoring/model';
import { type AllowList, parseAllowList } from '../../lib/address-guard';
import { checkTarget, type Resolver, systemResolver } from '../../lib/guarded-fetch';

let cached: { spec: string; allow: AllowList } | null = null;

/** The parsed `WEBHOOK_ALLOWED_HOSTS` (parsed once per distinct value). */
export function webhookAllowList(config: Pick<Config, 'WEBHOOK_ALLOWED_HOSTS'>): AllowList {
  const spec = config.WEBHOOK_ALLOWED_HOSTS ?? '';
  if (cached?.spec !== spec) cached = { spec, allow: parseAllowList(spec) };
  return cached.allow;
}

/**
 * Save-time check of every webhook action of a model: the same rules as at delivery (https, a
 * public address after DNS resolution, or the allow-list), one issue per refused URL with its path.
 */
export async function webhookTargetIssues(
  config: Pick<Config, 'WEBHOOK_ALLOWED_HOSTS'>,
  model: ScoringModel,
  resolve: Resolver = systemResolver,
): Promise<ScoringModelIssue[]> {
  const allow = webhookAllowList(config);
  const checks = model.thresholds.flatMap((threshold, t) =>
    threshold.actions.flatMap((action, a) =>
      action.type === 'webhook'
        ? [
            checkTarget(action.url, allow, resolve).then((checked) =>
              checked.ok
                ? null
                : { path: `thresholds[${t}].actions[${a}].url`, message: checked.error.message },
            ),
          ]
        : [],
    ),
  );
  return (await Promise.all(checks)).filter((issue) => issue !== null);
}
