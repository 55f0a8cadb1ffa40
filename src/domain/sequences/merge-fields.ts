/**
 * Merge fields: `{{contact.firstName | "there"}}`. A field that can be empty must carry a default,
 * so a sent mail never shows a blank; that is checked when a sequence is published.
 */
export type MergeField = { path: string; fallback: string | null; raw: string };

const fieldPattern = /\{\{\s*([a-zA-Z][\w.]*)\s*(?:\|\s*"((?:[^"\\]|\\.)*)"\s*)?\}\}/g;
const anyBraces = /\{\{[^}]*\}\}/g;

/** Always present for a mail we send, so they need no default. */
export const alwaysPresentFields = [
  'contact.email',
  'unsubscribeUrl',
  'sender.name',
  'sender.email',
] as const;

export const knownFields = [
  ...alwaysPresentFields,
  'contact.firstName',
  'contact.lastName',
  'contact.fullName',
  'contact.company',
  'contact.country',
] as const;

export function parseMergeFields(text: string): MergeField[] {
  return [...text.matchAll(fieldPattern)].map((m) => ({
    path: m[1] ?? '',
    fallback: m[2] === undefined ? null : m[2].replaceAll('\\"', '"'),
    raw: m[0],
  }));
}

export type MergeIssue = {
  field: string;
  problem: 'unknown_field' | 'needs_default' | 'malformed';
  text: string;
};

/** Publish-time check of one text (subject or body). `contact.properties.X` reads CRM properties. */
export function checkMergeFields(text: string): MergeIssue[] {
  const issues: MergeIssue[] = [];
  const wellFormed = new Set(parseMergeFields(text).map((f) => f.raw));
  for (const m of text.matchAll(anyBraces)) {
    if (!wellFormed.has(m[0])) issues.push({ field: m[0], problem: 'malformed', text: m[0] });
  }
  for (const field of parseMergeFields(text)) {
    const isProperty = field.path.startsWith('contact.properties.');
    if (!isProperty && !(knownFields as readonly string[]).includes(field.path)) {
      issues.push({ field: field.path, problem: 'unknown_field', text: field.raw });
    } else if (field.fallback === null && !(alwaysPresentFields as readonly string[]).includes(field.path)) {
      issues.push({ field: field.path, problem: 'needs_default', text: field.raw });
    }
  }
  return issues;
}

export type MergeValues = Record<string, string | null | undefined>;

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

/** Renders; a field with neither a value nor a default fails the render instead of leaving a blank. */
export function renderMergeFields(
  text: string,
  values: MergeValues,
  encode?: (v: string) => string,
): RenderResult {
  const missing: string[] = [];
  const out = text.replace(fieldPattern, (raw, path: string, fallback: string | undefined) => {
    const value = values[path];
    const chosen = value !== undefined && value !== null && value.trim() !== '' ? value : fallback;
    if (chosen === undefined) {
      missing.push(path);
      return raw;
    }
    const unescaped = chosen.replaceAll('\\"', '"');
    return encode ? encode(unescaped) : unescaped;
  });
  return missing.length > 0 ? { ok: false, missing } : { ok: true, text: out };
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
