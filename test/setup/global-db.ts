import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { runMigrations } from '../../src/db/migrate';
import { startBoss } from '../../src/jobs/boss';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL whose database is migrated and carries pg-boss's schema; tests clone it. */
    templateUrl: string;
  }
}

export const TEMPLATE_DB = 'tandem_test_template';

/** Starts a throwaway embedded Postgres (or uses DATABASE_URL's server) and prepares the template. */
export default async function setup(project: TestProject) {
  let stop = async () => {};
  let serverUrl: string;
  const external = process.env.DATABASE_URL;
  if (external) {
    serverUrl = external;
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'tandem-test-pg-'));
    chmodSync(dir, 0o755); // the postgres user must reach its data directory
    const embedded = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres', durable: false });
    serverUrl = embedded.url;
    stop = async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const templateUrl = withDatabase(serverUrl, TEMPLATE_DB);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  await runMigrations(templateUrl);
  const boss = await startBoss(templateUrl);
  await boss.stop({ graceful: false, close: true });
  project.provide('templateUrl', templateUrl);
  return stop;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
