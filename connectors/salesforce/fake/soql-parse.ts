// SOQL subset parser: SELECT fields|COUNT() FROM X [WHERE] [ORDER BY] [LIMIT] [OFFSET].
import { SoqlError, type Token, tokenize } from './soql-lex';

export type Literal =
  | Exclude<Token, { kind: 'word' | 'op' }>
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' };
export type Cond =
  | { kind: 'and' | 'or'; parts: Cond[] }
  | { kind: 'not'; part: Cond }
  | { kind: 'cmp'; field: string; op: string; value: Literal }
  | { kind: 'in'; field: string; negated: boolean; values: Literal[] }
  | { kind: 'like'; field: string; value: Literal };
export type Order = { field: string; desc: boolean; nullsLast: boolean };
export type Query = {
  fields: string[];
  count: boolean;
  from: string;
  where: Cond | null;
  orderBy: Order[];
  limit: number | null;
  offset: number;
};

const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'ORDER',
  'BY',
  'LIMIT',
  'OFFSET',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
]);

export function parseSoql(src: string): Query {
  const toks = tokenize(src);
  let pos = 0;
  const peek = () => toks[pos];
  const fail = (): never => {
    const t = peek();
    const near = !t ? 'end of query' : t.kind === 'word' || t.kind === 'op' ? t.text : t.kind;
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${near}'`);
  };
  const isWord = (w: string, t = peek()) => t?.kind === 'word' && t.text.toUpperCase() === w;
  const isOp = (o: string, t = peek()) => t?.kind === 'op' && t.text === o;
  const word = (w: string) => (isWord(w) ? void pos++ : fail());
  const op = (o: string) => (isOp(o) ? void pos++ : fail());
  const name = (): string => {
    const t = peek();
    if (t?.kind !== 'word' || RESERVED.has(t.text.toUpperCase())) return fail();
    pos += 1;
    return t.text;
  };
  const literal = (): Literal => {
    const t = peek();
    if (!t || t.kind === 'op') return fail();
    pos += 1;
    if (t.kind !== 'word') return t;
    const upper = t.text.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'bool', value: upper === 'TRUE' };
    if (upper === 'NULL') return { kind: 'null' };
    pos -= 1;
    return fail();
  };
  const comparison = (): Cond => {
    const field = name();
    if (isWord('NOT') && isWord('IN', toks[pos + 1])) {
      pos += 2;
      return { kind: 'in', field, negated: true, values: list() };
    }
    if (isWord('IN')) {
      pos += 1;
      return { kind: 'in', field, negated: false, values: list() };
    }
    if (isWord('LIKE')) {
      pos += 1;
      const value = literal();
      if (value.kind !== 'string') throw new SoqlError('MALFORMED_QUERY', 'LIKE needs a string literal');
      return { kind: 'like', field, value };
    }
    const t = peek();
    if (t?.kind !== 'op' || ['(', ')', ','].includes(t.text)) return fail();
    pos += 1;
    return { kind: 'cmp', field, op: t.text, value: literal() };
  };
  const list = (): Literal[] => {
    op('(');
    const values = [literal()];
    while (isOp(',')) {
      pos += 1;
      values.push(literal());
    }
    op(')');
    return values;
  };
  const unary = (): Cond => {
    if (isWord('NOT')) {
      pos += 1;
      return { kind: 'not', part: unary() };
    }
    if (isOp('(')) {
      pos += 1;
      const inner = condition();
      op(')');
      return inner;
    }
    return comparison();
  };
  // Salesforce refuses `a AND b OR c` without parentheses: one connective per level.
  const condition = (): Cond => {
    const first = unary();
    const joiner = isWord('AND') ? 'and' : isWord('OR') ? 'or' : null;
    if (!joiner) return first;
    const parts = [first];
    while (isWord(joiner.toUpperCase())) {
      pos += 1;
      parts.push(unary());
    }
    if (isWord('AND') || isWord('OR')) fail();
    return { kind: joiner, parts };
  };
  const integer = (): number => {
    const t = peek();
    if (t?.kind !== 'number' || !Number.isInteger(t.value) || t.value < 0) return fail();
    pos += 1;
    return t.value;
  };

  word('SELECT');
  const q: Query = { fields: [], count: false, from: '', where: null, orderBy: [], limit: null, offset: 0 };
  if (isWord('COUNT') && isOp('(', toks[pos + 1])) {
    pos += 2;
    if (!isOp(')')) name();
    op(')');
    q.count = true;
  } else {
    q.fields.push(name());
    while (isOp(',')) {
      pos += 1;
      q.fields.push(name());
    }
  }
  word('FROM');
  q.from = name();
  if (isWord('WHERE')) {
    pos += 1;
    q.where = condition();
  }
  if (isWord('ORDER')) {
    pos += 1;
    word('BY');
    do {
      if (isOp(',')) pos += 1;
      const field = name();
      const desc = isWord('DESC');
      if (desc || isWord('ASC')) pos += 1;
      let nullsLast = desc;
      if (isWord('NULLS')) {
        pos += 1;
        nullsLast = isWord('LAST');
        if (!nullsLast) word('FIRST');
        else pos += 1;
      }
      q.orderBy.push({ field, desc, nullsLast });
    } while (isOp(','));
  }
  if (isWord('LIMIT')) {
    pos += 1;
    q.limit = integer();
  }
  if (isWord('OFFSET')) {
    pos += 1;
    q.offset = integer();
  }
  if (pos < toks.length) fail();
  return q;
}
