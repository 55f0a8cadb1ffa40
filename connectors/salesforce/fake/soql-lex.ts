// SOQL tokenizer for the fake: the literal forms Salesforce accepts, including every string escape.
export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

export type Token =
  | { kind: 'word'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'string'; value: string; like: RegExp }
  | { kind: 'number'; value: number }
  | { kind: 'datetime'; ms: number; text: string }
  | { kind: 'date'; text: string };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w:])/;
const NUMBER = /^-?\d+(\.\d+)?(?![\w-])/;
const WORD = /^[A-Za-z_][\w.]*/;
const OPS = ['!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ','];
const SIMPLE: Record<string, string> = {
  "'": "'",
  '"': '"',
  '\\': '\\',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
};

function regexQuote(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A quoted string at `start` (an apostrophe): its value, the LIKE pattern it means, and where it ends. */
function readString(src: string, start: number): { token: Token; end: number } {
  let value = '';
  let pattern = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src.charAt(i);
    if (ch === "'")
      return { token: { kind: 'string', value, like: new RegExp(`^${pattern}$`, 'is') }, end: i + 1 };
    if (ch === '\\') {
      const next = src.charAt(i + 1);
      let literal: string;
      if (next in SIMPLE) literal = SIMPLE[next] ?? '';
      else if (next === '%' || next === '_') literal = next;
      else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
        literal = String.fromCharCode(Number.parseInt(src.slice(i + 2, i + 6), 16));
        i += 4;
      } else throw new SoqlError('MALFORMED_QUERY', `Invalid string literal: bad escape sequence \\${next}`);
      value += literal;
      pattern += regexQuote(literal);
      i += 2;
      continue;
    }
    value += ch;
    pattern += ch === '%' ? '.*' : ch === '_' ? '.' : regexQuote(ch);
    i += 1;
  }
  throw new SoqlError('MALFORMED_QUERY', 'unexpected token: unterminated string literal');
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest.startsWith("'")) {
      const { token, end } = readString(src, i);
      tokens.push(token);
      i = end;
      continue;
    }
    const dt = DATETIME.exec(rest);
    if (dt) {
      const ms = Date.parse(dt[0]);
      if (Number.isNaN(ms)) throw new SoqlError('MALFORMED_QUERY', `invalid datetime literal ${dt[0]}`);
      tokens.push({ kind: 'datetime', ms, text: dt[0] });
      i += dt[0].length;
      continue;
    }
    const date = DATE.exec(rest);
    if (date) {
      tokens.push({ kind: 'date', text: date[0] });
      i += date[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ kind: 'number', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (!op) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${rest.slice(0, 10)}'`);
    tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op });
    i += op.length;
  }
  return tokens;
}
