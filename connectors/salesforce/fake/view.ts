// Records as the REST API returns them: attributes first, then the asked-for fields.
import type { SfRecord } from './state';

export function recordUrl(version: string, sobject: string, id: string): string {
  return `/services/data/v${version}/sobjects/${sobject}/${id}`;
}

export function viewRecord(version: string, sobject: string, row: SfRecord, fields: string[]) {
  const out: Record<string, unknown> = {
    attributes: { type: sobject, url: recordUrl(version, sobject, row.Id) },
  };
  for (const f of fields) out[f] = row[f] ?? null;
  return out;
}
