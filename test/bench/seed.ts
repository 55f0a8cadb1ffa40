import type { Db } from '../../src/db/client';
import { contacts } from '../../src/db/schema';
import { newId } from '../../src/lib/ids';
import type { AppDeps } from '../../src/services/deps';
import { createInstallation } from '../../src/services/installations';
import { enroll } from '../../src/services/sequences/enroll';
import { publishSequence } from '../../src/services/sequences/publish';
import { createSequence } from '../../src/services/sequences/sequences';
import { createTemplate } from '../../src/services/templates';

/** The key of the one email step; subjects start with it so the sink can tell steps apart. */
export const STEP_KEY = 'only';

export type OneStepSequence = { installationId: string; sequenceId: string };

/** Every day, all day: the benches that are not about windows send at once. */
export const ALL_DAY = {
  window: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
  weekend: [],
  excludeHolidays: false,
};

/**
 * A published sequence of one email step, due at once (unless `delayMinutes`), in an installation whose
 * spacing and cap never hold a bench's mail back: only the window (the sequence's cadence) does.
 */
export async function seedOneStepSequence(
  db: Db,
  input: { cadence: Record<string, unknown>; now: Date; name?: string; delayMinutes?: number },
): Promise<OneStepSequence> {
  const installation = await createInstallation(db, {
    name: input.name ?? 'Bench',
    settings: { minSpacingHours: 0, cap: { count: 1000, days: 1 } },
  });
  const template = await createTemplate(
    db,
    installation.id,
    {
      name: 't',
      subject: `${STEP_KEY}: Hello {{contact.firstName | "there"}}`,
      html: '<p>Hi {{contact.firstName | "there"}}</p>',
    },
    input.now,
  );
  const sequence = await createSequence(
    db,
    installation.id,
    {
      name: input.name ?? 'Bench',
      draft: {
        cadence: input.cadence,
        steps: [
          {
            key: STEP_KEY,
            kind: 'email',
            templateId: template.id,
            delay: { amount: input.delayMinutes ?? 0, unit: 'minutes' },
          },
        ],
      },
    },
    input.now,
  );
  const published = await publishSequence(
    db,
    { installationId: installation.id, sequenceId: sequence.id },
    input.now,
  );
  if (!published.ok) throw new Error(`publish failed: ${JSON.stringify(published.error)}`);
  return { installationId: installation.id, sequenceId: sequence.id };
}

/**
 * `count` contacts `b<i>@example.com`, inserted 1,000 a statement: contacts are the bench's
 * input, not what it measures. `crmTimeZone` is the zone their mail is planned in.
 */
export async function seedContacts(
  db: Db,
  installationId: string,
  count: number,
  options: { crmTimeZone?: string } = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < count; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - from) }, (_, k) => {
      const i = from + k;
      const id = newId('con');
      ids.push(id);
      return {
        id,
        installationId,
        email: `b${i}@example.com`,
        firstName: `B${i}`,
        crmTimeZone: options.crmTimeZone ?? null,
      };
    });
    await db.insert(contacts).values(rows);
  }
  return ids;
}

/** Enrolls every contact through the enroll service, `concurrency` at a time; returns seconds. */
export async function enrollAll(
  deps: AppDeps,
  sequence: OneStepSequence,
  contactIds: string[],
  concurrency: number,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < contactIds.length) {
        const contactId = contactIds[next++]!;
        const enrolled = await enroll(deps, {
          installationId: sequence.installationId,
          contactId,
          sequenceId: sequence.sequenceId,
          source: 'api',
          actor: 'bench',
        });
        if (!enrolled.ok) throw new Error(`enroll failed: ${JSON.stringify(enrolled.error)}`);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}
