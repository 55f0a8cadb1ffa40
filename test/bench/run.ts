import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { type Bench, formatFigure } from './harness';

/**
 * `npm run bench [-- NAME...]`: every `*.bench.ts` here, on a throwaway embedded Postgres (durable,
 * as `npm start` runs it) or on DATABASE_URL's server. Prints `BENCH <name> <value> <unit>` lines.
 * Figures that compare with a baseline measure both in the same run. Nothing is asserted.
 */
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts'));
const benches: Bench[] = [];
for (const file of files) {
  const mod = (await import(path.join(dir, file))) as { bench: Bench };
  if (wanted.length === 0 || wanted.includes(mod.bench.name)) benches.push(mod.bench);
}
if (benches.length === 0) {
  process.stderr.write(`No benchmark matches ${wanted.join(', ')}. Known: ${files.join(', ')}\n`);
  process.exit(2);
}

let serverUrl = process.env.DATABASE_URL;
let stop = async () => {};
if (!serverUrl) {
  const data = mkdtempSync(path.join(tmpdir(), 'tandem-bench-'));
  chmodSync(data, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: data, database: 'postgres' });
  serverUrl = pg.url;
  stop = async () => {
    await pg.stop();
    rmSync(data, { recursive: true, force: true });
  };
}
const log = (line: string) => process.stderr.write(`# ${line}\n`);
try {
  for (const bench of benches) {
    log(`running ${bench.name}`);
    for (const figure of await bench.run({ url: serverUrl, log }))
      process.stdout.write(`${formatFigure(figure)}\n`);
  }
} finally {
  await stop();
}
process.exit(0);
