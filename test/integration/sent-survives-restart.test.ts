import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createDb, type DbHandle } from '../../src/db/client';
import { freePort } from '../../src/db/embedded';
import { runMigrations } from '../../src/db/migrate';
import { enrollmentEvents, sends } from '../../src/db/schema';
import { type Boss, startBoss } from '../../src/jobs/boss';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { createSmtpMailer } from '../../src/mail/transport';
import { upsertContact } from '../../src/services/contacts';
import type { AppDeps } from '../../src/services/deps';
import { createInstallation } from '../../src/services/installations';
import { enroll } from '../../src/services/sequences/enroll';
import { publishSequence } from '../../src/services/sequences/publish';
import { runStep } from '../../src/services/sequences/run-step';
import { createSequence } from '../../src/services/sequences/sequences';
import { createTemplate } from '../../src/services/templates';
import { TEST_KEY } from '../helpers/context';
import { type OwnPostgres, startOwnPostgres } from '../helpers/own-postgres';

let pg: OwnPostgres;
let handle: DbHandle;
let boss: Boss;
let smtp: SMTPServer;
let mailer: ReturnType<typeof createSmtpMailer> | undefined;
let received = 0;
let restarted: Promise<void> = Promise.resolve();

beforeAll(async () => {
  pg = await startOwnPostgres();
  await runMigrations(pg.url());
  handle = createDb(pg.url(), { max: 4 });
  boss = await startBoss(pg.url());
  // Takes the message, stops Postgres, and only then answers 250: the `sent` write meets a dead database.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', async () => {
        received++;
        await pg.pause();
        callback();
        restarted = pg.resume();
      });
    },
  });
}, 60_000);

afterAll(async () => {
  mailer?.close();
  await boss?.stop({ graceful: false, close: true }).catch(() => {});
  await handle?.close().catch(() => {});
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await pg?.stop();
});

describe('a database restart between the SMTP 250 and the sent write', () => {
  it('still records the mail as sent (not unknown), once, with its event', { timeout: 60_000 }, async () => {
    const port = await freePort();
    await new Promise<void>((r) => smtp.listen(port, '127.0.0.1', r));
    mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`);
    const config = loadConfig({ DATABASE_URL: pg.url(), ENCRYPTION_KEY: TEST_KEY });
    if (!config.ok) throw new Error(config.error);
    const deps: AppDeps = {
      config: config.config,
      db: handle.db,
      boss,
      clock: systemClock,
      logger: silentLogger,
      mailer,
    };
    const now = new Date();
    const inst = await createInstallation(handle.db, { name: 'Restart', settings: { minSpacingHours: 0 } });
    const t = await createTemplate(
      handle.db,
      inst.id,
      { name: 'one', subject: 'Hi', html: '<p>Hi</p>' },
      now,
    );
    const steps = [{ key: 'one', kind: 'email', templateId: t.id, delay: { amount: 0, unit: 'minutes' } }];
    const always = { window: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' } };
    const seq = await createSequence(
      handle.db,
      inst.id,
      { name: 'S', draft: { steps, cadence: always } },
      now,
    );
    const published = await publishSequence(handle.db, { installationId: inst.id, sequenceId: seq.id }, now);
    if (!published.ok) throw new Error(JSON.stringify(published.error));
    const contact = await upsertContact(handle.db, inst.id, { email: 'ann@example.com' }, now);
    const enrolled = await enroll(deps, {
      installationId: inst.id,
      contactId: contact.id,
      sequenceId: seq.id,
      source: 'api',
      actor: 'test',
    });
    if (!enrolled.ok) throw new Error(JSON.stringify(enrolled.error));
    const enrollmentId = enrolled.value.enrollment.id;
    const [job] = await boss.fetch<Parameters<typeof runStep>[1]>('sequence.runEmail');
    expect(job?.data.enrollmentId).toBe(enrollmentId);

    const outcome = await runStep(deps, job!.data);
    await restarted;

    expect(received).toBe(1);
    expect(outcome).toBe('sent');
    const rows = await handle.db.select().from(sends).where(eq(sends.enrollmentId, enrollmentId));
    expect(rows.map((r) => r.status)).toEqual(['sent']);
    const events = await handle.db
      .select()
      .from(enrollmentEvents)
      .where(eq(enrollmentEvents.enrollmentId, enrollmentId));
    expect(events.filter((e) => e.type === 'email_sent')).toHaveLength(1);
  });
});
