import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';

// HubSpot configured, so its public routes are fuzzed past the 'not configured' answer.
const ctx = useTestContext({
  env: {
    HUBSPOT_CLIENT_ID: 'fuzz-client',
    HUBSPOT_CLIENT_SECRET: 'fuzz-secret',
    HUBSPOT_APP_ID: '1',
    SALESFORCE_CLIENT_ID: 'fuzz-sf-client',
    SALESFORCE_CLIENT_SECRET: 'fuzz-sf-secret',
  },
});

const SEED = 20260302;
const CONCURRENCY = 4;

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Parameter = { name: string; in: string; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

type FuzzRequest = { method: string; path: string; body?: string; contentType?: string; what: string };

let doc: Doc;
let key = '';
const ids: Record<string, string> = {};

function resolve(schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) {
    s = doc.components?.schemas?.[s.$ref.split('/').pop() ?? ''] ?? {};
  }
  return s;
}

/** A plausible value for a schema: the base every mutation starts from. */
function sample(schema: Schema | undefined, depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 5) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const variant = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (variant) return sample(variant, depth + 1);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((p) => sample(p, depth + 1)));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'email') return 'fuzz@example.com';
      if (s.format === 'uri' || s.format === 'url') return 'https://example.com/x';
      if (s.format === 'date-time') return '2026-03-02T14:00:00.000Z';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, depth + 1));
    case 'object':
    case undefined: {
      if (!s.properties) return {};
      return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, sample(v, depth + 1)]));
    }
    default:
      return null;
  }
}

const deepValue = (levels: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

/** Values every field gets: wrong types, control characters, NUL, lone surrogates, huge, deep. */
function fieldValues(): unknown[] {
  const random = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { seed: SEED, numRuns: 4 });
  const randomJson = fc.sample(fc.jsonValue({ maxDepth: 3 }), { seed: SEED + 1, numRuns: 3 });
  return [
    123,
    -1,
    1e308,
    0.5,
    true,
    null,
    [],
    {},
    '',
    'a\u0000b',
    '\u0000',
    '\ud800',
    'x\udfffy',
    '\u0001\u001b\u007f\u0085',
    '\u202e\ufeff',
    'x'.repeat(100_000),
    "' or 1=1; --",
    '{{contact.email}}',
    'ins_00000000000000000000000000000000',
    ['\u0000'],
    { '\u0000': 1, '\ud800': 'x' },
    deepValue(80),
    ...random,
    ...randomJson,
  ];
}

const BAD_IDS = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF',
  '%',
  'x'.repeat(5000),
  '..%2F..%2Fetc',
  '%20',
  '-1',
  '0',
  'null',
  "'%3B--",
  '%F0%9F%98%80',
  'snd_00000000000000000000000000000000',
];

/** A path's params filled from `ids` (the real id of the resource when known) or `override`. */
function fillPath(template: string, override?: string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (override !== undefined) return override;
    const resource = template.split('/')[2] ?? '';
    return ids[resource] ?? ids[name] ?? 'unknown';
  });
}

function* requestsFor(path: string, method: string, op: Operation): Generator<FuzzRequest> {
  const m = method.toUpperCase();
  const params = op.parameters ?? [];
  const jsonSchema = op.requestBody?.content?.['application/json']?.schema;
  const base = jsonSchema === undefined ? undefined : sample(jsonSchema);
  const baseBody = base === undefined ? undefined : JSON.stringify(base);
  const json = (body: string | undefined) =>
    body === undefined ? {} : { body, contentType: 'application/json' };
  if (params.some((p) => p.in === 'path')) {
    for (const bad of BAD_IDS)
      yield { method: m, path: fillPath(path, bad), ...json(baseBody), what: `path=${bad}` };
  }
  const target = fillPath(path);
  for (const q of params.filter((p) => p.in === 'query')) {
    for (const v of ['%00', '%ED%A0%80', '-1', 'abc', 'x'.repeat(3000), '1e999', '%FF']) {
      yield {
        method: m,
        path: `${target}?${encodeURIComponent(q.name)}=${v}`,
        ...json(baseBody),
        what: `query ${q.name}`,
      };
    }
  }
  if (m === 'GET' || m === 'DELETE') {
    yield { method: m, path: target, what: 'plain' };
    return;
  }
  // Whole-body mutations.
  const wholeBodies = [
    '',
    'null',
    '[]',
    '"x"',
    '{"a":',
    `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    `{"x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
    '{"\\u0000":1}',
    '"\\ud800"',
    '{"a":"\\udc00\\ud800"}',
    JSON.stringify(deepValue(500)),
  ];
  for (const body of wholeBodies)
    yield { method: m, path: target, body, contentType: 'application/json', what: 'body' };
  yield {
    method: m,
    path: target,
    body: 'a=b',
    contentType: 'application/x-www-form-urlencoded',
    what: 'form',
  };
  yield { method: m, path: target, body: '\u0000\u0001', contentType: 'text/plain', what: 'text' };
  // Field mutations: every property (and one level of nested properties) gets every value.
  const s = resolve(jsonSchema);
  if (!s.properties || typeof base !== 'object' || base === null || Array.isArray(base)) {
    if (jsonSchema !== undefined) {
      for (const v of fieldValues())
        yield { method: m, path: target, ...json(JSON.stringify(v)), what: 'body value' };
    }
    return;
  }
  const record = base as Record<string, unknown>;
  for (const [field, fieldSchema] of Object.entries(s.properties)) {
    for (const v of fieldValues()) {
      yield {
        method: m,
        path: target,
        ...json(JSON.stringify({ ...record, [field]: v })),
        what: `field ${field}`,
      };
    }
    const nested = resolve(fieldSchema);
    const nestedBase = record[field];
    if (nested.properties && nestedBase && typeof nestedBase === 'object' && !Array.isArray(nestedBase)) {
      for (const inner of Object.keys(nested.properties)) {
        for (const v of ['\u0000', '\ud800', 42, null, deepValue(80), 'x'.repeat(100_000)]) {
          const body = { ...record, [field]: { ...(nestedBase as object), [inner]: v } };
          yield { method: m, path: target, ...json(JSON.stringify(body)), what: `field ${field}.${inner}` };
        }
      }
    }
  }
}

async function seedResources() {
  const { key: apiKey, api } = await newInstallation(ctx);
  key = apiKey;
  const template = await api.post('/v1/templates', { name: 't', subject: 'Hi', html: '<p>x</p>', text: 'x' });
  ids.templates = template.body.id;
  const sequence = await api.post('/v1/sequences', {
    name: 's',
    draft: {
      steps: [{ key: 'a', kind: 'email', templateId: template.body.id, delay: { amount: 1, unit: 'days' } }],
    },
  });
  ids.sequences = sequence.body.id;
  await api.post(`/v1/sequences/${sequence.body.id}/publish`);
  const contact = await api.post('/v1/contacts', { email: 'fuzz-seed@example.com', firstName: 'F' });
  ids.contacts = contact.body.id;
  const enrolled = await api.post('/v1/enrollments', { sequenceId: ids.sequences, contactId: ids.contacts });
  if (enrolled.body.enrollment?.id) ids.enrollments = enrolled.body.enrollment.id;
}

describe('input the database or a validator cannot take', () => {
  it('answers NUL, lone surrogates, 10,000-deep JSON and %00 ids with 400 in the error shape', async () => {
    await seedResources();
    const post = (body: string) =>
      ctx.app.request('/v1/templates', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
    const cases: Array<[string, Response | Promise<Response>, string]> = [
      ['NUL', post('{"name":"a\\u0000","subject":"x","html":"x"}'), 'NUL'],
      ['lone surrogate', post('{"name":"\\ud800","subject":"x","html":"x"}'), 'surrogate'],
      ['deep', post(`${'['.repeat(10_000)}${']'.repeat(10_000)}`), 'nested deeper'],
      ['jsonb key', post(JSON.stringify({ name: 's', draft: { '\ud800': 1 } })), 'surrogate'],
      [
        'path id',
        ctx.app.request('/v1/templates/%00', { headers: { authorization: `Bearer ${key}` } }),
        'path',
      ],
    ];
    for (const [name, pending, words] of cases) {
      const res = await pending;
      const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
      expect(res.status, name).toBe(400);
      expect(body.error.message, name).toContain(words);
      expect(body.error.requestId, name).toMatch(/^req_/);
    }
  });
});

describe('OpenAPI-driven fuzzing', () => {
  it('answers every mutated request to every route without a 5xx, errors in the one shape', async () => {
    // Seeded here: the context empties the tables before each test.
    await seedResources();
    doc = (await (await ctx.app.request('/openapi.json')).json()) as Doc;
    const all: FuzzRequest[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) all.push(...requestsFor(path, method, op));
    }
    const failures: string[] = [];
    const statuses: Record<string, number> = {};
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      for (let i = next++; i < all.length; i = next++) {
        const r = all[i] as FuzzRequest;
        const headers: Record<string, string> = { authorization: `Bearer ${key}` };
        if (r.contentType) headers['content-type'] = r.contentType;
        const res = await ctx.app.request(r.path, {
          method: r.method,
          headers,
          ...(r.body === undefined ? {} : { body: r.body }),
        });
        const text = await res.text();
        const bucket = String(res.status);
        statuses[bucket] = (statuses[bucket] ?? 0) + 1;
        const show = () =>
          `${r.method} ${r.path.slice(0, 200)} (${r.what}) body=${(r.body ?? '').slice(0, 200)} -> ${res.status} ${text.slice(0, 300)}`;
        if (res.status >= 500) failures.push(show());
        else if (res.status >= 400 && (res.headers.get('content-type') ?? '').includes('json')) {
          const body = JSON.parse(text) as {
            error?: { code?: unknown; message?: unknown; requestId?: unknown };
          };
          const e = body.error;
          if (
            typeof e?.code !== 'string' ||
            typeof e.message !== 'string' ||
            typeof e.requestId !== 'string'
          ) {
            failures.push(`error shape: ${show()}`);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    process.stdout.write(
      `FUZZ requests=${all.length} routes=${Object.values(doc.paths).reduce((n, m) => n + Object.keys(m).length, 0)} ` +
        `ms=${Date.now() - started} statuses=${JSON.stringify(statuses)} failures=${failures.length}\n`,
    );
    if (failures.length > 0) process.stdout.write(`${failures.slice(0, 40).join('\n')}\n`);
    expect(all.length).toBeGreaterThanOrEqual(2000);
    expect(failures).toEqual([]);
  }, 60_000);
});
