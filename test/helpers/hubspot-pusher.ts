/**
 * A worker process for test/integration/hubspot-rate-limit.test.ts: waits for the go file, then
 * pushes CALLS batch property updates for one installation through the real transport (shared
 * Postgres limiter, tokens from the database), LOOPS of them at a time, and prints what happened.
 */
import { existsSync } from 'node:fs';
import { updateContactProperties } from '../../connectors/hubspot/writes';
import { loadConfigOrExit } from '../../src/config';
import { createDb } from '../../src/db/client';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import type { AppDeps } from '../../src/services/deps';
import { hubspotTransport } from '../../src/services/hubspot/connector';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const config = loadConfigOrExit();
const handle = createDb(env('DATABASE_URL'), { max: 4 });
// The transport needs config, db, clock and logger; this process runs no jobs and sends no mail.
const deps = { config, db: handle.db, clock: systemClock, logger: silentLogger } as unknown as AppDeps;
const calls = Number(env('CALLS'));
const loops = Number(env('LOOPS'));
const contactIds = env('CONTACT_IDS').split(',');
const worker = env('WORKER');

console.log('ready');
while (!existsSync(env('GO_FILE'))) await new Promise((r) => setTimeout(r, 10));

const t = hubspotTransport(deps, env('INSTALLATION_ID'));
let next = 0;
let ok = 0;
const failures: string[] = [];
async function loop() {
  while (next < calls) {
    const n = next++;
    const writes = contactIds.map((id) => ({
      contactExternalId: id,
      properties: { tandem_last_step: `${worker}-${n}` },
    }));
    const res = await updateContactProperties(t, writes);
    if (res.ok) ok += 1;
    else failures.push(`${res.error.code}: ${res.error.message}`);
  }
}
await Promise.all(Array.from({ length: loops }, loop));
console.log(`pushed ok=${ok} failed=${failures.length} ${failures.slice(0, 3).join(' | ')}`);
await handle.close();
process.exit(failures.length === 0 ? 0 : 1);
