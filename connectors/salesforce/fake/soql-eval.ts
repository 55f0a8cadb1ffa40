// Runs a parsed SOQL query over the fake's records, checking fields and literal types as Salesforce does.

import { type FieldDef, fieldOf, sobjectName } from './schema';
import { SoqlError } from './soql-lex';
import { type Cond, type Literal, parseSoql, type Query } from './soql-parse';
import { type SfRecord, type State, table } from './state';

export type QueryResult = { sobject: string; fields: string[]; rows: SfRecord[]; count: boolean };

function field(sobject: string, name: string): FieldDef {
  const def = fieldOf(sobject, name);
  if (!def) {
    throw new SoqlError(
      'INVALID_FIELD',
      `No such column '${name}' on entity '${sobject}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return def;
}

/** A comparable form of a stored value or literal: ms for datetimes, lower case for text. */
function norm(def: FieldDef, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (def.type === 'datetime') return Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (typeof value === 'string' && !['id', 'reference', 'date'].includes(def.type))
    return value.toLowerCase();
  return value as string | number | boolean;
}

function literalValue(def: FieldDef, lit: Literal): string | number | boolean | null {
  const wrong = (what: string) =>
    new SoqlError(
      'INVALID_FIELD',
      `value of filter criterion for field '${def.name}' must be of type ${what}`,
    );
  if (lit.kind === 'null') return null;
  switch (def.type) {
    case 'datetime':
      if (lit.kind !== 'datetime') throw wrong('dateTime and should not be enclosed in quotes');
      return lit.ms;
    case 'date':
      if (lit.kind !== 'date') throw wrong('date and should not be enclosed in quotes');
      return lit.text;
    case 'boolean':
      if (lit.kind !== 'bool') throw wrong('boolean and should not be enclosed in quotes');
      return lit.value;
    case 'double':
      if (lit.kind !== 'number') throw wrong('double and should not be enclosed in quotes');
      return lit.value;
    default:
      if (lit.kind !== 'string') throw wrong('string and should be enclosed in quotes');
      return norm(def, lit.value);
  }
}

function compare(a: string | number | boolean, b: string | number | boolean): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(sobject: string, cond: Cond, row: SfRecord): boolean {
  switch (cond.kind) {
    case 'and':
      return cond.parts.every((p) => matches(sobject, p, row));
    case 'or':
      return cond.parts.some((p) => matches(sobject, p, row));
    case 'not':
      return !matches(sobject, cond.part, row);
    case 'like': {
      const value = row[field(sobject, cond.field).name];
      return typeof value === 'string' && cond.value.kind === 'string' && cond.value.like.test(value);
    }
    case 'in': {
      const def = field(sobject, cond.field);
      const value = norm(def, row[def.name]);
      const found = cond.values.some((lit) => literalValue(def, lit) === value);
      return cond.negated ? !found && value !== null : found;
    }
    case 'cmp': {
      const def = field(sobject, cond.field);
      const value = norm(def, row[def.name]);
      const lit = literalValue(def, cond.value);
      if (cond.op === '=') return value === lit;
      if (cond.op === '!=') return value !== lit;
      if (value === null || lit === null) return false;
      const c = compare(value, lit);
      return cond.op === '<' ? c < 0 : cond.op === '<=' ? c <= 0 : cond.op === '>' ? c > 0 : c >= 0;
    }
  }
}

/** Checks every field and literal up front, as Salesforce does even when no row is read. */
function validate(sobject: string, cond: Cond): void {
  switch (cond.kind) {
    case 'and':
    case 'or':
      for (const p of cond.parts) validate(sobject, p);
      return;
    case 'not':
      validate(sobject, cond.part);
      return;
    case 'in':
      for (const v of cond.values) literalValue(field(sobject, cond.field), v);
      return;
    case 'cmp':
      literalValue(field(sobject, cond.field), cond.value);
      return;
    case 'like':
      field(sobject, cond.field);
  }
}

function sortRows(sobject: string, q: Query, rows: SfRecord[]) {
  const keys = q.orderBy.map((o) => ({ ...o, def: field(sobject, o.field) }));
  rows.sort((x, y) => {
    for (const k of keys) {
      const a = norm(k.def, x[k.def.name]);
      const b = norm(k.def, y[k.def.name]);
      if (a === b) continue;
      if (a === null) return k.nullsLast ? 1 : -1;
      if (b === null) return k.nullsLast ? -1 : 1;
      return k.desc ? -compare(a, b) : compare(a, b);
    }
    return 0;
  });
}

/** Parses and evaluates `soql`; `all` includes deleted rows (queryAll). Throws SoqlError. */
export function runSoql(state: State, soql: string, all: boolean): QueryResult {
  const q = parseSoql(soql);
  const sobject = sobjectName(q.from);
  if (!sobject) {
    throw new SoqlError(
      'INVALID_TYPE',
      `sObject type '${q.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
    );
  }
  const fields = q.fields.map((name) => field(sobject, name).name);
  const where = q.where;
  if (where) validate(sobject, where);
  let rows = [...table(state, sobject).values()].filter((r) => all || !r.IsDeleted);
  if (where) rows = rows.filter((r) => matches(sobject, where, r));
  sortRows(sobject, q, rows);
  rows = rows.slice(q.offset, q.limit === null ? undefined : q.offset + q.limit);
  return { sobject, fields: [...new Set(fields)], rows, count: q.count };
}
