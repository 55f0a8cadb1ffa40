import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INBOUND_KINDS, type InboundKind } from '../../src/domain/inbound/types';

export type LabelledFile = { file: string; path: string; expected: InboundKind };

export const DEFAULT_CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/inbound');

/** LABELS.tsv: a header row naming `file` and `class` columns; classes are written `auto-reply` etc. */
export function readLabels(dir: string): LabelledFile[] {
  const [header, ...rows] = readFileSync(path.join(dir, 'LABELS.tsv'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const columns = (header ?? '').split('\t');
  const fileColumn = columns.indexOf('file');
  const classColumn = columns.indexOf('class');
  if (fileColumn < 0 || classColumn < 0)
    throw new Error(`${dir}/LABELS.tsv needs "file" and "class" columns`);
  return rows.map((row) => {
    const cells = row.split('\t');
    const file = cells[fileColumn] ?? '';
    const expected = (cells[classColumn] ?? '').replace(/-/g, '_');
    if (!isKind(expected)) throw new Error(`${file}: unknown class "${cells[classColumn]}"`);
    return { file, path: path.join(dir, file), expected };
  });
}

function isKind(value: string): value is InboundKind {
  return (INBOUND_KINDS as readonly string[]).includes(value);
}
