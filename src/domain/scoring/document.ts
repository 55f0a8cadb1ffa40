import { DateTime } from 'luxon';
import {
  describeAction,
  describeCap,
  describeDecay,
  describeDirection,
  describeRuleCondition,
  describeWindow,
} from './describe';
import type { ScoringModel } from './model';
import { formatPoints, formatSignedPoints } from './points';

export type ModelDocumentInput = {
  model: ScoringModel;
  version: number;
  publishedAt: Date;
};

type Table = { head: string[]; rows: string[][] };

/** Plain-text content of the document; the two renderers only differ in escaping and markup. */
type ModelDocument = {
  title: string;
  published: string;
  description: string | undefined;
  decay: string;
  notes: string[];
  rules: Table;
  thresholds: Table;
  actions: Array<{ threshold: string; items: string[] }>;
};

const machineNote =
  'Machine-generated opens and clicks (privacy proxies, link scanners) never score. ' +
  'Caps apply to the total of a rule after decay.';

function buildDocument({ model, version, publishedAt }: ModelDocumentInput): ModelDocument {
  const published = DateTime.fromJSDate(publishedAt, { zone: 'utc' }).toFormat("yyyy-MM-dd HH:mm 'UTC'");
  return {
    title: `Scoring model: ${model.name}`,
    published: `Version ${version}, published ${published}`,
    description: model.description,
    decay: describeDecay(model.halfLifeDays),
    notes: [machineNote],
    rules: {
      head: ['Rule', 'Id', 'When', 'Points', 'Cap', 'Window'],
      rows: model.rules.map((rule) => [
        rule.label,
        rule.id,
        describeRuleCondition(rule),
        formatSignedPoints(rule.points),
        describeCap(rule),
        describeWindow(rule),
      ]),
    },
    thresholds: {
      head: ['Threshold', 'Id', 'Crosses up at', 'Re-arms below', 'Hysteresis', 'Acts when'],
      rows: model.thresholds.map((t) => [
        t.label,
        t.id,
        formatPoints(t.score),
        formatPoints(t.score - t.hysteresis),
        formatPoints(t.hysteresis),
        describeDirection(t.direction),
      ]),
    },
    actions: model.thresholds.map((t) => ({
      threshold: t.label,
      items: t.actions.length ? t.actions.map(describeAction) : ['No actions (tracked only).'],
    })),
  };
}

/** Markdown for the published version; deterministic, every model string escaped. */
export function renderModelMarkdown(input: ModelDocumentInput): string {
  const doc = buildDocument(input);
  const lines = [`# ${md(doc.title)}`, '', md(doc.published), ''];
  if (doc.description) lines.push(md(doc.description), '');
  lines.push('## Decay', '', md(doc.decay), '', ...doc.notes.map(md), '');
  lines.push('## Rules', '', ...markdownTable(doc.rules), '');
  lines.push('## Thresholds', '');
  if (doc.thresholds.rows.length === 0) lines.push('No thresholds.', '');
  else lines.push(...markdownTable(doc.thresholds), '');
  for (const group of doc.actions) {
    lines.push(`### Actions: ${md(group.threshold)}`, '', ...group.items.map((item) => `- ${md(item)}`), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** A standalone HTML page of the same content. */
export function renderModelHtml(input: ModelDocumentInput): string {
  const doc = buildDocument(input);
  const body = [
    `<h1>${html(doc.title)}</h1>`,
    `<p class="meta">${html(doc.published)}</p>`,
    ...(doc.description ? [`<p>${html(doc.description)}</p>`] : []),
    '<h2>Decay</h2>',
    `<p>${html(doc.decay)}</p>`,
    ...doc.notes.map((note) => `<p>${html(note)}</p>`),
    '<h2>Rules</h2>',
    htmlTable(doc.rules),
    '<h2>Thresholds</h2>',
    doc.thresholds.rows.length === 0 ? '<p>No thresholds.</p>' : htmlTable(doc.thresholds),
    ...doc.actions.flatMap((group) => [
      `<h3>Actions: ${html(group.threshold)}</h3>`,
      `<ul>${group.items.map((item) => `<li>${html(item)}</li>`).join('')}</ul>`,
    ]),
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${html(doc.title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}' +
      'table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}</style>',
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function markdownTable(table: Table): string[] {
  const row = (cells: string[]) => `| ${cells.map(mdInline).join(' | ')} |`;
  return [row(table.head), `|${table.head.map(() => ' --- |').join('')}`, ...table.rows.map(row)];
}

function htmlTable(table: Table): string {
  const head = table.head.map((cell) => `<th>${html(cell)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${html(cell)}</td>`).join('')}</tr>`);
  return [`<table>`, `<thead><tr>${head}</tr></thead>`, '<tbody>', ...rows, '</tbody>', '</table>'].join(
    '\n',
  );
}

/**
 * One line of inline Markdown with nothing live: no HTML, links, emphasis, code or table breaks.
 * Newlines collapse so a description cannot start a heading, list or table of its own.
 */
function md(text: string): string {
  return mdInline(text)
    .replace(/^[-+]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** For table cells, where a leading `-` or `1.` starts nothing. */
function mdInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|&~#]/g, '\\$&');
}

function html(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
