// In-memory org of the fake Salesforce. Records hold API values (datetimes as Salesforce's
// `2026-03-02T14:00:00.000+0000`, dates as YYYY-MM-DD); deleted rows stay with IsDeleted=true.
import { makeId } from './ids';
import { fieldOf, PREFIXES, SCHEMA } from './schema';

export type Clock = { now: () => number };
export type SfRecord = Record<string, unknown> & { Id: string };
export type Token = { userId: string; family: string; expired: boolean; revoked: boolean };
export type Grant = { userId: string; revoked: boolean; family: string; scope: string };
export type TokenRequest = { grantType: string; refreshToken: string | null; status: number; at: number };
export type Outage = {
  status: 503 | 500 | 429;
  times?: number;
  until?: number;
  match?: (path: string) => boolean;
};

export type State = {
  clock: Clock;
  orgId: string;
  userId: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string | undefined;
  rotateRefreshTokens: boolean;
  nextId: number;
  records: Map<string, Map<string, SfRecord>>;
  deleted: { sobject: string; id: string; deletedDate: string; at: number }[];
  tokens: Map<string, Token>;
  refreshTokens: Map<string, Grant>;
  codes: Map<string, { challenge: string; redirectUri: string; userId: string }>;
  tokenRequests: TokenRequest[];
  limits: { max: number; used: number; calls: number[] };
  outages: Outage[];
  cursors: Map<string, { ids: string[]; sobject: string; fields: string[] }>;
  bulkJobs: Map<string, BulkJob>;
  bulkPolls: number;
  requests: { method: string; path: string; at: number; status: number }[];
};

export type BulkJob = {
  id: string;
  operation: string;
  query: string;
  state: string;
  polls: number;
  rows: SfRecord[];
  fields: string[];
  createdDate: string;
};

/** Salesforce datetimes carry whole seconds (`.000+0000`): SOQL literals and keyset cursors rely on it. */
export function sfDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('Z', '+0000');
}

export function sfDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function newId(state: State, sobject: string): string {
  state.nextId += 1;
  return makeId(PREFIXES[sobject] ?? '01J', state.nextId);
}

export function table(state: State, sobject: string): Map<string, SfRecord> {
  let found = state.records.get(sobject);
  if (!found) {
    found = new Map();
    state.records.set(sobject, found);
  }
  return found;
}

/** Any record by id, whatever its type. */
export function findRecord(state: State, id: string): { sobject: string; record: SfRecord } | null {
  for (const [sobject, rows] of state.records) {
    const record = rows.get(id);
    if (record) return { sobject, record };
  }
  return null;
}

function defaults(sobject: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of SCHEMA[sobject] ?? []) out[f.name] = f.type === 'boolean' ? false : null;
  return out;
}

/** Creates or merges a record without validation (test setup); stamps LastModifiedDate/SystemModstamp. */
export function putRecord(
  state: State,
  sobject: string,
  fields: Record<string, unknown>,
  id?: string,
): SfRecord {
  const rows = table(state, sobject);
  const now = sfDateTime(state.clock.now());
  const existing = id ? rows.get(id) : undefined;
  const recordId = existing?.Id ?? id ?? newId(state, sobject);
  const merged: SfRecord = { ...defaults(sobject), ...existing, Id: recordId };
  for (const [key, value] of Object.entries(fields)) merged[fieldOf(sobject, key)?.name ?? key] = value;
  merged.Id = recordId;
  merged.CreatedDate = existing?.CreatedDate ?? now;
  merged.LastModifiedDate = now;
  merged.SystemModstamp = now;
  if (sobject === 'Opportunity') deriveStage(state, merged);
  rows.set(recordId, merged);
  return merged;
}

/** IsClosed/IsWon follow StageName through OpportunityStage, as in Salesforce. */
function deriveStage(state: State, opp: SfRecord) {
  for (const stage of table(state, 'OpportunityStage').values()) {
    if (stage.ApiName === opp.StageName) {
      opp.IsClosed = stage.IsClosed;
      opp.IsWon = stage.IsWon;
    }
  }
}

/** Moves a record to the recycle bin: IsDeleted=true, in the deleted log for getDeleted. */
export function deleteRecord(state: State, sobject: string, id: string): boolean {
  const record = table(state, sobject).get(id);
  if (!record || record.IsDeleted) return false;
  const now = state.clock.now();
  record.IsDeleted = true;
  record.SystemModstamp = sfDateTime(now);
  state.deleted.push({ sobject, id, deletedDate: sfDateTime(now), at: now });
  return true;
}

export function liveRecord(state: State, sobject: string, id: string): SfRecord | null {
  const record = table(state, sobject).get(id);
  return record && !record.IsDeleted ? record : null;
}
