/** The `>=major.minor[.patch]` floor of package.json `engines.node`, kept here so the entry needs no file read. */
export const NODE_FLOOR = '22.12.0';

function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((p) => Number.parseInt(p, 10) || 0);
}

/** Whether `version` (as process.version) is older than `floor`. */
export function olderThan(version: string, floor: string): boolean {
  const a = parts(version);
  const b = parts(floor);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

/** One warning line for a Node older than the floor, or null. */
export function nodeVersionWarning(version: string, floor = NODE_FLOOR): string | null {
  return olderThan(version, floor)
    ? `Warning: Node ${version} is older than the supported ${floor} (package.json engines): things may fail; install Node ${floor} or newer`
    : null;
}
