import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const domainRoot = path.resolve(import.meta.dirname, '../../src/domain');
// Pure code computes; it never reaches IO. date-holidays is a data table with no IO.
const allowedPackages = new Set(['zod', 'luxon', 'date-holidays']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('src/domain stays pure', () => {
  it('imports only zod, luxon and other pure files', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(domainRoot)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
        const spec = match[1] ?? '';
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          if (!target.startsWith(domainRoot)) offenders.push(`${file}: ${spec}`);
        } else if (!allowedPackages.has(spec.split('/')[0] ?? '')) {
          offenders.push(`${file}: ${spec}`);
        }
      }
      if (/\bDate\.now\(\)|new Date\(\)/.test(source)) offenders.push(`${file}: reads the clock`);
      if (/process\.env/.test(source)) offenders.push(`${file}: reads env`);
    }
    expect(offenders).toEqual([]);
  });
});
