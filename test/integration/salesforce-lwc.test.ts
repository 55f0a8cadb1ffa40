import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PROJECT = path.resolve(import.meta.dirname, '../../manifest/salesforce');
const BIN = path.resolve(import.meta.dirname, '../../node_modules/.bin/sfdx-lwc-jest');

/** The counts from jest's summary line (`Tests: 1 failed, 5 passed, 6 total`). */
function jestCounts(output: string): { passed: number; failed: number; total: number } | null {
  const line = output.split('\n').find((l) => /^Tests:\s/.test(l));
  if (!line) return null;
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed'), total: count('total') };
}

describe('the Salesforce score card (LWC)', () => {
  // 120 s, not the 60 s default: jest's start-up (transforming the LWC engine) is slow on a busy machine.
  it("passes its jest tests under sfdx-lwc-jest, Salesforce's own runner", async () => {
    // jest exits non-zero on a failure: execFile rejects with the output, which the assertion shows.
    const result = await run(BIN, ['--', '--ci', '--colors=false'], {
      cwd: PROJECT,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0' },
      timeout: 120_000,
    }).then(
      (r) => ({ code: 0, output: `${r.stdout}\n${r.stderr}` }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? 1,
        output: `${e.stdout ?? ''}\n${e.stderr ?? ''}`,
      }),
    );
    const counts = jestCounts(result.output);
    expect({ code: result.code, failed: counts?.failed }, result.output).toEqual({ code: 0, failed: 0 });
    // A run that found no tests (or skipped them all) also exits 0: it must not count as a pass.
    expect(counts?.passed ?? 0, result.output).toBeGreaterThan(0);
    expect(counts?.total).toBe(counts?.passed);
  }, 120_000);
});
