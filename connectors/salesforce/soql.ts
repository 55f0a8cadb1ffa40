// SOQL text from values we do not control. jsforce escapes only the apostrophe; SOQL's documented escapes
// (Quoted String Escape Sequences) also cover backslash, both quotes and control characters.

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Other control characters, lone surrogates (unencodable in a URL) and the line/paragraph separators
// have no short escape: \uXXXX.
const SPECIAL = /[\\'"\p{Cc}\p{Cs}\u2028\u2029]/gu;
const LIKE_WILDCARDS = /[%_]/g;
const NAME = /^[A-Za-z][A-Za-z0-9_]*(__c|__r)?(\.[A-Za-z][A-Za-z0-9_]*)*$/;

function escapeChars(value: string): string {
  return value.replace(
    SPECIAL,
    (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A quoted SOQL string literal: whatever `value` holds, it stays one string. */
export function soqlString(value: string): string {
  return `'${escapeChars(value)}'`;
}

export type LikeMode = 'exact' | 'prefix' | 'contains';

/** A quoted LIKE pattern: the value's own `%` and `_` match themselves; `mode` adds our wildcards. */
export function soqlLike(value: string, mode: LikeMode = 'exact'): string {
  const body = escapeChars(value).replace(LIKE_WILDCARDS, (ch) => `\\${ch}`);
  if (mode === 'prefix') return `'${body}%'`;
  if (mode === 'contains') return `'%${body}%'`;
  return `'${body}'`;
}

/** A dateTime literal (unquoted, UTC, whole seconds), as SOQL compares SystemModstamp. */
export function soqlDateTime(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new Error('soqlDateTime: invalid date');
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** `('a','b')` for IN; an empty list has no SOQL form, so callers must not ask for one. */
export function soqlIn(values: readonly string[]): string {
  if (values.length === 0) throw new Error('soqlIn: empty list');
  return `(${values.map(soqlString).join(',')})`;
}

/** A field or object name, checked: names never come from users, so a bad one is a bug. */
export function soqlName(name: string): string {
  if (!NAME.test(name)) throw new Error(`soql: invalid name ${JSON.stringify(name)}`);
  return name;
}

export type Select = {
  fields: readonly string[];
  from: string;
  where?: readonly (string | null)[];
  orderBy?: readonly string[];
  limit?: number;
};

/** SELECT ... FROM ... [WHERE a AND b] [ORDER BY ...] [LIMIT n]; each where part is already a built condition. */
export function buildSelect(q: Select): string {
  if (q.fields.length === 0) throw new Error('buildSelect: no fields');
  let soql = `SELECT ${q.fields.map(soqlName).join(', ')} FROM ${soqlName(q.from)}`;
  const where = (q.where ?? []).filter((w): w is string => w !== null && w !== '');
  if (where.length > 0) soql += ` WHERE ${where.map((w) => `(${w})`).join(' AND ')}`;
  if (q.orderBy && q.orderBy.length > 0) soql += ` ORDER BY ${q.orderBy.map(soqlName).join(', ')}`;
  if (q.limit !== undefined) {
    if (!Number.isInteger(q.limit) || q.limit < 1) throw new Error('buildSelect: bad limit');
    soql += ` LIMIT ${q.limit}`;
  }
  return soql;
}

/** Where a keyset page ended: the last row's modstamp and Id. */
export type Keyset = { modstamp: string; id: string };

/** Rows strictly after the cursor in `ORDER BY <field>, Id` order; null (no condition) without a cursor. */
export function keysetAfter(cursor: Keyset | null, field = 'SystemModstamp'): string | null {
  if (!cursor) return null;
  const f = soqlName(field);
  const t = soqlDateTime(new Date(cursor.modstamp));
  return `${f} > ${t} OR (${f} = ${t} AND Id > ${soqlString(cursor.id)})`;
}
