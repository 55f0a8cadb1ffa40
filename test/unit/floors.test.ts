import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The house's floors, top to bottom (README "Architecture"): a file imports only its own floor or lower.
const root = path.resolve(import.meta.dirname, '../..');
const floors: Array<[floor: number, prefixes: string[]]> = [
  [0, ['src/entry/']],
  [1, ['src/http/', 'src/worker/']],
  [2, ['src/services/']],
  [3, ['src/jobs/', 'src/mail/', 'connectors/']],
  [4, ['src/db/', 'src/lib/', 'src/config/']],
  [5, ['src/domain/']],
];

function floorOf(file: string): number {
  const found = floors.find(([, prefixes]) => prefixes.some((p) => file.startsWith(p)));
  if (!found) throw new Error(`${file} is on no floor`);
  return found[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(rel) && !rel.endsWith('.d.ts') && !/\.test\.tsx?$/.test(rel) ? [rel] : [];
  });
}

function resolveImport(from: string, spec: string): string {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [
    target,
    `${target}.ts`,
    `${target}.tsx`,
    `${target}/index.ts`,
    `${target}/index.tsx`,
  ]) {
    try {
      if (statSync(path.join(root, candidate)).isFile()) return candidate;
    } catch {}
  }
  throw new Error(`${from}: cannot resolve ${spec}`);
}

const files = [...sourceFiles('src'), ...sourceFiles('connectors')];
const imports = new Map(
  files.map((file) => {
    const source = readFileSync(path.join(root, file), 'utf8');
    const specs = [...source.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map(
      (m) => m[1] ?? '',
    );
    return [file, specs.map((spec) => resolveImport(file, spec))] as const;
  }),
);

describe('the house has floors', () => {
  it('nothing imports a floor above its own', () => {
    const upward = [...imports].flatMap(([file, targets]) =>
      targets.filter((t) => floorOf(t) < floorOf(file)).map((t) => `${file} -> ${t}`),
    );
    expect(upward).toEqual([]);
  });

  it('routes reach the database through services only', () => {
    const direct = [...imports].flatMap(([file, targets]) =>
      file.startsWith('src/http/')
        ? targets.filter((t) => t.startsWith('src/db/queries/')).map((t) => `${file} -> ${t}`)
        : [],
    );
    expect(direct).toEqual([]);
  });

  it('has no import cycles between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const t of imports.get(file) ?? []) visit(t, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of imports.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
