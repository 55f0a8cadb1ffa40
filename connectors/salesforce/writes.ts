// sObject Collections: up to 200 records per call, allOrNone=false, one result per record in order.
import type { CrmError, CrmResult } from '../contract';
import { type SalesforceTransport, salesforceCall } from './client';

export const COLLECTION_LIMIT = 200;

export type SfWrite = { attributes: { type: string }; Id?: string; [field: string]: unknown };
type SaveResult = {
  id?: string | null;
  success: boolean;
  errors?: Array<{ statusCode?: string; message?: string; fields?: string[] }>;
};

// Per-record errors another try can cure; every other code is the record's content or state.
const TRANSIENT = new Set([
  'UNABLE_TO_LOCK_ROW',
  'REQUEST_RUNNING_TOO_LONG',
  'SERVER_UNAVAILABLE',
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
]);
const GONE = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'INVALID_ID_FIELD']);

/** One record's answer as a result: its Id, or an error saying whether a retry may help. */
export function recordOutcome(r: SaveResult | undefined): CrmResult<{ id: string | null }> {
  if (!r)
    return {
      ok: false,
      error: { code: 'unavailable', retryable: true, message: 'no result for this record' },
    };
  if (r.success) return { ok: true, value: { id: r.id ?? null } };
  const first = r.errors?.[0];
  const code = first?.statusCode ?? 'UNKNOWN_EXCEPTION';
  const fields = first?.fields?.length ? ` (${first.fields.join(', ')})` : '';
  const message = `${code}: ${first?.message ?? 'refused'}${fields}`;
  const error: CrmError = TRANSIENT.has(code)
    ? { code: 'unavailable', retryable: true, message }
    : { code: GONE.has(code) ? 'not_found' : 'invalid', retryable: false, message };
  return { ok: false, error };
}

/**
 * Creates (POST) or updates (PATCH) up to 200 records in one call. A call that fails as a whole
 * (down, limit, session) is one error; otherwise each record has its own outcome. A create is not
 * retried inside the call (it may have run); the outbox decides when it goes again.
 */
export async function saveCollection(
  t: SalesforceTransport,
  method: 'POST' | 'PATCH',
  records: SfWrite[],
): Promise<CrmResult<CrmResult<{ id: string | null }>[]>> {
  if (records.length === 0) return { ok: true, value: [] };
  if (records.length > COLLECTION_LIMIT)
    throw new Error(`saveCollection: ${records.length} > ${COLLECTION_LIMIT}`);
  const body = { allOrNone: false, records };
  const res = await salesforceCall(
    t,
    `${method === 'POST' ? 'create' : 'update'} ${records.length} ${records[0]?.attributes.type ?? ''}`,
    (conn) =>
      method === 'POST'
        ? conn.requestPost<SaveResult[]>('/composite/sobjects', body)
        : conn.requestPatch<SaveResult[]>('/composite/sobjects', body),
    { idempotent: method === 'PATCH' },
  );
  if (!res.ok) return res;
  const answers = Array.isArray(res.value) ? res.value : [];
  return { ok: true, value: records.map((_, i) => recordOutcome(answers[i])) };
}
