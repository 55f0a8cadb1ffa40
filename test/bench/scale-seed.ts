import pg from 'pg';
import type { Db } from '../../src/db/client';
import { createInstallation } from '../../src/services/installations';
import { publishSequence } from '../../src/services/sequences/publish';
import { createSequence } from '../../src/services/sequences/sequences';
import { createTemplate } from '../../src/services/templates';
import { copyFrom } from './copy-from';

export type ScaleSequence = { installationId: string; sequenceId: string; versionId: string };

const STEP = 'only';
const QUEUE = 'sequence.runEmail';
const DAY_MS = 86_400_000;

/** One published email step, sent any day at any hour, in an installation whose spacing and cap hold nothing back. */
export async function seedScaleSequence(db: Db, now: Date): Promise<ScaleSequence> {
  const installation = await createInstallation(db, {
    name: 'Scale',
    settings: { minSpacingHours: 0, cap: { count: 1000, days: 1 } },
  });
  const template = await createTemplate(
    db,
    installation.id,
    {
      name: 't',
      subject: 'Hello {{contact.firstName | "there"}}',
      html: '<p>Hi {{contact.firstName | "there"}}</p>',
    },
    now,
  );
  const sequence = await createSequence(
    db,
    installation.id,
    {
      name: 'Scale',
      draft: {
        cadence: { window: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' } },
        steps: [{ key: STEP, kind: 'email', templateId: template.id, delay: { amount: 0, unit: 'minutes' } }],
      },
    },
    now,
  );
  const published = await publishSequence(
    db,
    { installationId: installation.id, sequenceId: sequence.id },
    now,
  );
  if (!published.ok) throw new Error(JSON.stringify(published.error));
  return { installationId: installation.id, sequenceId: sequence.id, versionId: published.value.versionId };
}

/** What one seeded enrollment is: on its step (due at `dueAt`, job created at `jobCreatedAt`), or done. */
type Kind =
  | { kind: 'active'; dueAt: Date; jobCreatedAt: Date }
  | { kind: 'completed'; endedAt: Date }
  | { kind: 'lost'; dueAt: Date }
  | { kind: 'pausedLost'; until: Date };

type Row = { n: number; contactId: string; enrollmentId: string; jobId: string; kind: Kind };

const hex = () => crypto.randomUUID().replaceAll('-', '');
const iso = (d: Date) => d.toISOString();

function* rowsOf(count: number, kindOf: (i: number) => Kind, offset: number): Generator<Row> {
  for (let i = 0; i < count; i++)
    yield {
      n: offset + i,
      contactId: `con_${hex()}`,
      enrollmentId: `enr_${hex()}`,
      jobId: crypto.randomUUID(),
      kind: kindOf(i),
    };
}

/**
 * Seeds `count` contacts, each with one enrollment of `kindOf(i)`, and the pg-boss job (state
 * created) of every active one, with COPY FROM STDIN. Completed ones get their sent row. The rows
 * are made once and streamed to four COPYs, so a million fit in memory as ids only.
 */
export async function copyEnrollments(
  url: string,
  seq: ScaleSequence,
  input: { count: number; offset: number; now: Date; kindOf: (i: number) => Kind },
): Promise<void> {
  const rows = [...rowsOf(input.count, input.kindOf, input.offset)];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A bulk load: skip per-row foreign-key triggers when allowed (superuser); every id is made here.
    await client.query(`set session_replication_role = replica`).catch(() => {});
    const at = iso(input.now);
    const ins = seq.installationId;
    await copyFrom(
      client,
      'copy contacts (id, installation_id, email, first_name, created_at, updated_at) from stdin',
      (function* () {
        for (const r of rows) yield `${r.contactId}\t${ins}\ts${r.n}@example.com\tS${r.n}\t${at}\t${at}\n`;
      })(),
    );
    await copyFrom(
      client,
      `copy enrollments (id, installation_id, contact_id, sequence_id, sequence_version_id, status, paused_until,
         pause_reason, current_step_key, step_due_at, job_id, job_name, step_count, source, enrolled_at, updated_at,
         ended_at, exit_reason) from stdin`,
      (function* () {
        for (const r of rows) yield `${enrollmentLine(r, seq, at)}\n`;
      })(),
    );
    await copyFrom(
      client,
      `copy pgboss.job (id, name, data, state, start_after, created_on, keep_until, retry_limit, retry_delay,
         retry_backoff, heartbeat_seconds, policy) from stdin`,
      (function* () {
        for (const r of rows) {
          if (r.kind.kind !== 'active') continue;
          const data = JSON.stringify({
            enrollmentId: r.enrollmentId,
            stepKey: STEP,
            versionId: seq.versionId,
            stepCount: 1,
          });
          const keep = iso(new Date(r.kind.dueAt.getTime() + 14 * DAY_MS));
          yield `${r.jobId}\t${QUEUE}\t${data}\tcreated\t${iso(r.kind.dueAt)}\t${iso(r.kind.jobCreatedAt)}\t${keep}\t10\t5\tt\t10\tstandard\n`;
        }
      })(),
    );
    await copyFrom(
      client,
      `copy sends (id, installation_id, enrollment_id, contact_id, step_key, status, message_id, to_address, subject,
         created_at, sent_at) from stdin`,
      (function* () {
        for (const r of rows) {
          if (r.kind.kind !== 'completed') continue;
          const id = `snd_${hex()}`;
          const sent = iso(r.kind.endedAt);
          yield `${id}\t${ins}\t${r.enrollmentId}\t${r.contactId}\t${STEP}\tsent\t<${id}@tandem.test>\ts${r.n}@example.com\tHello S${r.n}\t${sent}\t${sent}\n`;
        }
      })(),
    );
  } finally {
    await client.end();
  }
}

function enrollmentLine(r: Row, seq: ScaleSequence, at: string): string {
  const head = `${r.enrollmentId}\t${seq.installationId}\t${r.contactId}\t${seq.sequenceId}\t${seq.versionId}`;
  const tail = `1\tapi\t${at}\t${at}`;
  const k = r.kind;
  switch (k.kind) {
    case 'active':
      return `${head}\tactive\t\\N\t\\N\t${STEP}\t${iso(k.dueAt)}\t${r.jobId}\t${QUEUE}\t${tail}\t\\N\t\\N`;
    case 'lost': // its job is gone (queue loss): the sweep's work
      return `${head}\tactive\t\\N\t\\N\t${STEP}\t${iso(k.dueAt)}\t${r.jobId}\t${QUEUE}\t${tail}\t\\N\t\\N`;
    case 'pausedLost':
      return `${head}\tpaused\t${iso(k.until)}\tooo\t${STEP}\t\\N\t${r.jobId}\tsequence.resumePaused\t${tail}\t\\N\t\\N`;
    case 'completed':
      return `${head}\tcompleted\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t${tail}\t${iso(k.endedAt)}\tcompleted`;
  }
}

/**
 * The background of a large installation: 85% active with their step due within the next 30 days
 * (jobs created over the last 30), 15% completed a while ago.
 */
export function backgroundKind(now: Date): (i: number) => Kind {
  const t = now.getTime();
  return (i) =>
    i % 20 < 17
      ? {
          kind: 'active',
          dueAt: new Date(t + 3_600_000 + Math.random() * 30 * DAY_MS),
          jobCreatedAt: new Date(t - Math.random() * 30 * DAY_MS),
        }
      : { kind: 'completed', endedAt: new Date(t - Math.random() * 60 * DAY_MS) };
}

/** Due now; their jobs were made over the last 3 days, so they sit among the background's in pg-boss's order. */
export function dueNowKind(now: Date): (i: number) => Kind {
  return () => ({
    kind: 'active',
    dueAt: now,
    jobCreatedAt: new Date(now.getTime() - Math.random() * 3 * DAY_MS),
  });
}

/** Work for the sweep: steps overdue by an hour whose jobs are gone, and timed pauses whose resume job is gone. */
export function lostKind(now: Date, steps: number): (i: number) => Kind {
  const past = new Date(now.getTime() - 3_600_000);
  return (i) => (i < steps ? { kind: 'lost', dueAt: past } : { kind: 'pausedLost', until: past });
}
