// Reads the org's metadata for setup: Users, OpportunityStage, and the describe of Lead and Contact.
import type { CanonicalOwner, CanonicalPipeline, CrmResult } from '../contract';
import { type SalesforceTransport, salesforceCall } from './client';
import { checkTandemFields, type FieldCheck, toCanonicalOwner, toCanonicalPipeline } from './meta';

// Constant SOQL (no value of ours or theirs in it). autoFetch follows nextRecordsUrl: big orgs have
// thousands of users; each page is one counted request.
const USERS = 'SELECT Id, IsActive, Email, FirstName, LastName FROM User';
const STAGES = 'SELECT ApiName, MasterLabel, IsActive, IsClosed, IsWon, SortOrder FROM OpportunityStage';
const MAX_USERS = 100_000;

export type Pulled<T> = { value: T; skipped: number };

export async function pullOwners(t: SalesforceTransport): Promise<CrmResult<Pulled<CanonicalOwner[]>>> {
  const result = await salesforceCall(
    t,
    'read users',
    (conn) => conn.query<Record<string, unknown>>(USERS, { autoFetch: true, maxFetch: MAX_USERS }),
    { idempotent: true },
  );
  if (!result.ok) return result;
  const owners: CanonicalOwner[] = [];
  for (const raw of result.value.records) {
    const mapped = toCanonicalOwner(raw);
    if (mapped.ok) owners.push(mapped.value);
  }
  return { ok: true, value: { value: owners, skipped: result.value.records.length - owners.length } };
}

export async function pullStages(t: SalesforceTransport): Promise<CrmResult<Pulled<CanonicalPipeline>>> {
  const result = await salesforceCall(
    t,
    'read opportunity stages',
    (conn) => conn.query<Record<string, unknown>>(STAGES, { autoFetch: true, maxFetch: 10_000 }),
    { idempotent: true },
  );
  if (!result.ok) return result;
  const { pipeline, skipped } = toCanonicalPipeline(result.value.records);
  return { ok: true, value: { value: pipeline, skipped } };
}

/** The describe of `sobject` (not cached: setup wants to see a field deployed a minute ago). */
export async function pullFieldCheck(
  t: SalesforceTransport,
  sobject: 'Lead' | 'Contact',
): Promise<CrmResult<FieldCheck>> {
  const result = await salesforceCall(t, `describe ${sobject}`, (conn) => conn.sobject(sobject).describe());
  if (!result.ok) return result;
  const check = checkTandemFields(result.value);
  if (!check.ok)
    return {
      ok: false,
      error: { code: 'invalid', retryable: false, message: `describe ${sobject}: ${check.reason}` },
    };
  return { ok: true, value: check.value };
}
