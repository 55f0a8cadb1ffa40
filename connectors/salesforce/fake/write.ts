// One record's create/update with Salesforce's validation, as a per-record save result.
import type { SaveError, SaveResult } from './errors';
import { fieldOf, PREFIXES, SCHEMA } from './schema';
import { findRecord, putRecord, type State, sfDateTime, table } from './state';

const REQUIRED: Record<string, string[]> = {
  Lead: ['LastName', 'Company'],
  Contact: ['LastName'],
  Account: ['Name'],
  Opportunity: ['Name', 'StageName', 'CloseDate'],
  Task: ['Subject', 'Status', 'Priority'],
  OpportunityContactRole: ['OpportunityId', 'ContactId'],
};
const err = (statusCode: string, message: string, fields: string[] = []): SaveError => ({
  statusCode,
  message,
  fields,
});

function coerce(state: State, sobject: string, name: string, value: unknown): unknown | SaveError {
  const def = fieldOf(sobject, name);
  if (!def) return err('INVALID_FIELD', `No such column '${name}' on sobject of type ${sobject}`, [name]);
  const bad = () =>
    err('INVALID_TYPE_ON_FIELD_IN_RECORD', `${def.name}: value not of required type: ${value}`, [def.name]);
  if (!def.updateable) {
    return err(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${def.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      [def.name],
    );
  }
  if (value === null || value === '') return def.type === 'boolean' ? bad() : null;
  switch (def.type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : bad();
    case 'double':
      return typeof value === 'number' || (typeof value === 'string' && Number.isFinite(Number(value)))
        ? Number(value)
        : bad();
    case 'datetime': {
      const ms = Date.parse(String(value));
      return Number.isNaN(ms) ? bad() : sfDateTime(ms);
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? value : bad();
    case 'reference':
      return findRecord(state, String(value))
        ? value
        : err('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [def.name]);
    default: {
      if (typeof value !== 'string') return bad();
      if (
        def.name === 'StageName' &&
        ![...table(state, 'OpportunityStage').values()].some((s) => s.ApiName === value)
      ) {
        return err(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `Stage: bad value for restricted picklist field: ${value}`,
          [def.name],
        );
      }
      if (def.picklist && def.name.endsWith('__c') && !def.picklist.includes(value)) {
        return err(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `bad value for restricted picklist field: ${value}`,
          [def.name],
        );
      }
      return value;
    }
  }
}

/** Validates and applies `body` (attributes and Id ignored) to a new record or the record `id`. */
export function saveRecord(
  state: State,
  sobject: string,
  body: Record<string, unknown>,
  id: string | null,
): SaveResult {
  const fail = (e: SaveError): SaveResult => ({ ...(id ? { id } : {}), success: false, errors: [e] });
  if (!SCHEMA[sobject]) return fail(err('INVALID_TYPE', `sObject type '${sobject}' is not supported.`));
  const existing = id ? table(state, sobject).get(id) : undefined;
  if (id) {
    if (!id.startsWith(PREFIXES[sobject] ?? '?'))
      return fail(err('MALFORMED_ID', `${sobject} ID: id value of incorrect type: ${id}`, ['Id']));
    if (!existing) return fail(err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id'));
    if (existing.IsDeleted) return fail(err('ENTITY_IS_DELETED', 'entity is deleted'));
    if (existing.IsConverted)
      return fail(err('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead'));
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'attributes' || key.toLowerCase() === 'id') continue;
    const coerced = coerce(state, sobject, key, value);
    if (coerced && typeof coerced === 'object' && 'statusCode' in coerced) return fail(coerced as SaveError);
    fields[fieldOf(sobject, key)?.name ?? key] = coerced;
  }
  const merged = { ...existing, ...fields };
  const missing = (REQUIRED[sobject] ?? []).filter((f) => merged[f] === null || merged[f] === undefined);
  if (missing.length > 0)
    return fail(
      err('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing),
    );
  if (sobject === 'Task') {
    const who = typeof merged.WhoId === 'string' ? findRecord(state, merged.WhoId) : null;
    if (merged.WhoId && who?.sobject !== 'Lead' && who?.sobject !== 'Contact') {
      return fail(err('FIELD_INTEGRITY_EXCEPTION', 'Name ID: id value of incorrect type', ['WhoId']));
    }
    if (who?.sobject === 'Lead' && merged.WhatId) {
      return fail(
        err('FIELD_INTEGRITY_EXCEPTION', "Related To ID: You can't associate a lead with a related record.", [
          'WhatId',
        ]),
      );
    }
    if (who && (who.record.IsDeleted || who.record.IsConverted)) {
      return fail(
        err(
          who.record.IsDeleted ? 'ENTITY_IS_DELETED' : 'CANNOT_UPDATE_CONVERTED_LEAD',
          'cannot reference this record',
          ['WhoId'],
        ),
      );
    }
  }
  if (!id && SCHEMA[sobject]?.some((f) => f.name === 'OwnerId') && !fields.OwnerId)
    fields.OwnerId = state.userId;
  const saved = putRecord(state, sobject, fields, id ?? undefined);
  return { id: saved.Id, success: true, errors: [] };
}
