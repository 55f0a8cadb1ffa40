import type { AppDeps } from '../deps';

export type SetupReport = { owners: number; stages: number; warnings: string[] };

// Stub: the install work replaces this file (stages -> pipelines, users -> owners, our fields checked).
export async function syncOrgMetadata(_deps: AppDeps, _installationId: string): Promise<SetupReport> {
  return { owners: 0, stages: 0, warnings: [] };
}
