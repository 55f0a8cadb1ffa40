import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { DEFAULT_CORPUS } from '../eval/inbound-labels';

/**
 * The labelled real-mail corpus lives beside the repo (../shared/corpus/inbound) and is never copied
 * into it: a fresh clone has none. Tests that read it use `describeCorpus` / `itCorpus`, which run
 * when it is present and skip, saying so in one line, when it is not. `TANDEM_CORPUS_DIR` points
 * elsewhere (relative to the repo root), e.g. at a missing folder to check the skip.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const override = process.env.TANDEM_CORPUS_DIR;

export const corpusDir = override ? path.resolve(repoRoot, override) : DEFAULT_CORPUS;
export const corpusPresent = existsSync(path.join(corpusDir, 'LABELS.tsv'));

let announced = false;
function announceSkip(): void {
  if (corpusPresent || announced) return;
  announced = true;
  console.log(
    `corpus tests skipped: no labelled corpus at ${corpusDir} (it lives beside the repo in ../shared/corpus/inbound; set TANDEM_CORPUS_DIR to use another folder)`,
  );
}

export function corpusPath(name: string): string {
  return path.join(corpusDir, name);
}

export function corpusFile(name: string): string {
  return readFileSync(corpusPath(name), 'utf8');
}

/** `describe` that runs only when the corpus is present. */
export function describeCorpus(name: string, fn: () => void): void {
  announceSkip();
  describe.skipIf(!corpusPresent)(name, fn);
}

/** `it` that runs only when the corpus is present. */
export function itCorpus(name: string, fn: () => Promise<void> | void, timeout?: number): void {
  announceSkip();
  it.skipIf(!corpusPresent)(name, fn, timeout);
}
