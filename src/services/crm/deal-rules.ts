import type { AppDeps } from '../deps';

export type DealChange = {
  externalId: string;
  pipelineId: string;
  stageId: string;
  /** Our contact ids associated with the deal, when the change carries them (else the stored links). */
  contactIds?: string[];
  /** The CRM's modification time: an older change than the stored one is ignored. */
  occurredAt: Date;
};

/**
 * A deal entering an open stage pauses the live enrollments of its contacts (`deal_in_progress`);
 * closed-won exits them; closed-lost resumes or exits them, per sequence.
 */
export async function applyDealChange(
  _deps: AppDeps,
  _installationId: string,
  _change: DealChange,
): Promise<'applied' | 'stale' | 'ignored'> {
  return 'ignored';
}
