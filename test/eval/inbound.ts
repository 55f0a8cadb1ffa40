import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyInbound } from '../../src/domain/inbound/classify';
import { type Classification, INBOUND_KINDS, type InboundKind } from '../../src/domain/inbound/types';
import { parseInbound } from '../../src/mail/parse-inbound';
import { DEFAULT_CORPUS, readLabels } from './inbound-labels';

/**
 * `npm run eval:inbound [-- DIR]`: classifies every labelled message of DIR (LABELS.tsv inside) and
 * prints a confusion matrix, `EVAL <class> precision=<p> recall=<r>` lines and the misses with their
 * evidence. DIR defaults to ../shared/corpus/inbound beside the repo. An evaluation, not a test: it
 * reports and exits 0; without a labelled folder it says what to pass and exits 2.
 */
type Outcome = { file: string; expected: InboundKind; got: Classification };

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? DEFAULT_CORPUS);
  if (!existsSync(path.join(dir, 'LABELS.tsv'))) {
    console.error(
      `eval:inbound: no labelled corpus at ${dir} (LABELS.tsv missing); pass a folder: npm run eval:inbound -- <dir>, e.g. test/fixtures/inbound`,
    );
    process.exit(2);
  }
  const outcomes: Outcome[] = [];
  for (const { file, path: filePath, expected } of readLabels(dir)) {
    const msg = await parseInbound(readFileSync(filePath));
    // Return dates resolve against when the message was written, so old corpus mail stays stable.
    const now = msg.date ? new Date(msg.date) : new Date();
    outcomes.push({ file, expected, got: classifyInbound(msg, now) });
  }
  console.log(`corpus ${dir} (${outcomes.length} messages)\n`);
  printMatrix(outcomes);
  printScores(outcomes);
  printMisses(outcomes);
}

function printMatrix(outcomes: Outcome[]): void {
  const width = Math.max(...INBOUND_KINDS.map((k) => k.length)) + 1;
  const cell = (text: string) => text.padStart(width);
  console.log(`${'expected \\ got'.padEnd(width)}${INBOUND_KINDS.map(cell).join('')}`);
  for (const expected of INBOUND_KINDS) {
    const counts = INBOUND_KINDS.map(
      (got) => outcomes.filter((o) => o.expected === expected && o.got.kind === got).length,
    );
    console.log(`${expected.padEnd(width)}${counts.map((c) => cell(String(c))).join('')}`);
  }
  console.log('');
}

function ratio(numerator: number, denominator: number): string {
  return denominator === 0 ? 'n/a' : (numerator / denominator).toFixed(3);
}

function printScores(outcomes: Outcome[]): void {
  for (const kind of INBOUND_KINDS) {
    const truePositives = outcomes.filter((o) => o.expected === kind && o.got.kind === kind).length;
    const predicted = outcomes.filter((o) => o.got.kind === kind).length;
    const actual = outcomes.filter((o) => o.expected === kind).length;
    console.log(
      `EVAL ${kind} precision=${ratio(truePositives, predicted)} recall=${ratio(truePositives, actual)} n=${actual}`,
    );
  }
  const correct = outcomes.filter((o) => o.expected === o.got.kind).length;
  console.log(`EVAL overall accuracy=${ratio(correct, outcomes.length)} n=${outcomes.length}\n`);
}

function printMisses(outcomes: Outcome[]): void {
  const misses = outcomes.filter((o) => o.expected !== o.got.kind);
  console.log(misses.length === 0 ? 'no misses' : `misses (${misses.length}):`);
  for (const { file, expected, got } of misses) {
    console.log(`MISS ${file} expected=${expected} got=${got.kind} (${got.confidence})`);
    for (const line of got.evidence) console.log(`  - ${line}`);
    if (got.flags.length > 0) console.log(`  flags: ${got.flags.join(', ')}`);
  }
}

await main();
