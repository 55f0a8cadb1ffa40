import type { PublishedStep } from '../../domain/sequences/definition';
import type { JobName } from '../../jobs/catalog';
import { assertNever } from '../../lib/result';

/** One pg-boss queue per step kind, so a slow SMTP server never holds up tasks or waits. */
export function queueForStep(kind: PublishedStep['kind']): JobName {
  switch (kind) {
    case 'email':
      return 'sequence.runEmail';
    case 'task':
      return 'sequence.runTask';
    case 'wait':
      return 'sequence.runWait';
    case 'branch':
      return 'sequence.runBranch';
    case 'update_crm':
      return 'sequence.runUpdateCrm';
    default:
      return assertNever(kind);
  }
}
