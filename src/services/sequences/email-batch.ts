import { retryWhileUnavailable } from '../../db/unavailable';
import type { AppDeps } from '../deps';
import { type Answered, commitBatch, markSent, type StepResult } from './email-commit';
import { type Decided, decideEmails } from './email-decide';
import { recordDelivery } from './send-email';
import type { StepPayload } from './step-lock';

export type { StepResult } from './email-commit';

/**
 * Email steps in batches (issue: throughput). Per batch: one transaction decides every step under
 * the enrollment locks (taken in id order, then the contacts' in id order) and writes the `pending`
 * sends; the mails go out over the pooled connections; one transaction commits the sends and the
 * next steps. A batch holds as many SMTP slots as it has jobs (at most the pool's size), so, as
 * before, only mails really on the wire can end `unknown` if the process dies.
 */
export async function runEmailSteps(deps: AppDeps, payloads: readonly StepPayload[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const size = Math.max(1, deps.mailer.slots);
  for (let i = 0; i < payloads.length; i += size) {
    results.push(...(await runBatch(deps, payloads.slice(i, i + size))));
  }
  return results;
}

async function runBatch(deps: AppDeps, payloads: readonly StepPayload[]): Promise<StepResult[]> {
  return deps.mailer.withSlots(payloads.length, async () => {
    let decided: Decided[];
    try {
      decided = await deps.db.transaction((tx) => decideEmails(deps, tx, payloads));
    } catch (error) {
      return payloads.map(() => ({ ok: false as const, error }));
    }
    const answered = await Promise.all(
      decided.map(async (d, i): Promise<Answered | StepResult> => {
        if (d.kind === 'done') return { ok: true, outcome: d.outcome };
        const handoff = deps.clock.now();
        if (handoff.getTime() > d.sendBy.getTime())
          return { ...d, i, result: { status: 'late' }, answeredAt: handoff };
        const result = await deps.mailer.send(d.mail);
        return { ...d, i, result, answeredAt: deps.clock.now() };
      }),
    );
    return settle(deps, payloads, answered);
  });
}

/**
 * After the answers: the accepted sends (and the late ones) commit with their next steps in one
 * transaction; refusals, unknowns and retries take the one-step path, each on its own.
 */
async function settle(
  deps: AppDeps,
  payloads: readonly StepPayload[],
  answered: ReadonlyArray<Answered | StepResult>,
): Promise<StepResult[]> {
  const results: StepResult[] = answered.map((a) => ('ok' in a ? a : { ok: true, outcome: 'stale' }));
  const batch = answered.filter(
    (a): a is Answered => !('ok' in a) && (a.result.status === 'sent' || a.result.status === 'late'),
  );
  if (batch.length > 0) {
    try {
      // The mails are out: losing this write to a database restart would turn known sends into `unknown`.
      const outcomes = await retryWhileUnavailable(() =>
        deps.db.transaction((tx) => commitBatch(deps, tx, batch)),
      );
      for (const [k, a] of batch.entries()) results[a.i] = outcomes[k]!;
    } catch (error) {
      // Keep what is known (these mails left), then let the jobs retry: a retry finds the `sent` row
      // and moves on.
      const sent = batch.filter((a) => a.result.status === 'sent');
      await retryWhileUnavailable(() => deps.db.transaction((tx) => markSent(deps, tx, sent))).catch(
        () => {},
      );
      for (const a of batch) results[a.i] = { ok: false, error };
    }
  }
  for (const a of answered) {
    if ('ok' in a || a.result.status === 'sent' || a.result.status === 'late') continue;
    try {
      results[a.i] = { ok: true, outcome: await recordDelivery(deps, payloads[a.i]!, a.mail, a.result) };
    } catch (error) {
      results[a.i] = { ok: false, error };
    }
  }
  return results;
}
