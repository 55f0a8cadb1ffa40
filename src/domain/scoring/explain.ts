import { describeDecay, plural } from './describe';
import type { Contribution, ScoreResult } from './evaluate';
import type { ScoringModel } from './model';
import { formatPoints, formatSignedPoints, round2 } from './points';

/**
 * Human sentences for a score, biggest contribution first, then how decay and machine traffic
 * shaped it: `+15 Clicked a link (3×, capped at 15)`, `−20 Unsubscribed`.
 * `model` must be the version that produced `result` (every stored score records it).
 */
export function explainScore(result: ScoreResult, model: ScoringModel): string[] {
  const lines = result.contributions.map((c) => explainContribution(c, model));
  if (lines.length === 0) lines.push('No rule matches this contact yet, so the score is 0.');
  lines.push(decayNote(result, model));
  if (result.ignoredMachineEvents > 0) {
    lines.push(
      `${plural(result.ignoredMachineEvents, 'machine-generated event')} (privacy-proxy opens, scanner clicks) ` +
        'did not count.',
    );
  }
  return lines;
}

function explainContribution(contribution: Contribution, model: ScoringModel): string {
  const rule = model.rules.find((r) => r.id === contribution.ruleId);
  const details: string[] = [];
  if (contribution.kind === 'event' && contribution.count > 1) details.push(`${contribution.count}×`);
  if (contribution.capped && rule?.kind === 'event' && rule.maxPoints !== undefined) {
    details.push(`capped at ${formatPoints(rule.maxPoints)}`);
  } else if (contribution.points !== contribution.undecayedPoints) {
    details.push(`${formatSignedPoints(contribution.undecayedPoints)} before decay`);
  }
  const suffix = details.length ? ` (${details.join(', ')})` : '';
  return `${formatSignedPoints(contribution.points)} ${contribution.label}${suffix}`;
}

function decayNote(result: ScoreResult, model: ScoringModel): string {
  const base = describeDecay(model.halfLifeDays);
  // Capped rules are left out: there the cap, not decay, set the value.
  const effect = round2(
    result.contributions
      .filter((c) => c.kind === 'event' && !c.capped)
      .reduce((sum, c) => sum + (c.points - c.undecayedPoints), 0),
  );
  return effect === 0 ? base : `${base} Decay so far: ${formatSignedPoints(effect)} points.`;
}
