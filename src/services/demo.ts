import { eq } from 'drizzle-orm';
import { installations } from '../db/schema';
import { upsertContact } from './contacts';
import type { AppDeps } from './deps';
import { createApiKey, createInstallation } from './installations';
import { enroll } from './sequences/enroll';
import { publishSequence } from './sequences/publish';
import { createSequence } from './sequences/sequences';
import { createTemplate } from './templates';

const people = [
  {
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: 'Analytical',
    country: 'GB',
    timeZone: 'Europe/London',
  },
  {
    email: 'grace@example.com',
    firstName: 'Grace',
    lastName: 'Hopper',
    company: 'Navy',
    country: 'US',
    region: 'VA',
  },
  { email: 'kenji@example.com', firstName: 'Kenji', lastName: 'Sato', company: 'Kaisha', country: 'JP' },
  {
    email: 'mia@example.com',
    firstName: null,
    lastName: 'Wong',
    company: 'Harbour',
    country: 'AU',
    timeZone: 'Australia/Sydney',
  },
];

/**
 * Seeds a demo installation: templates, a published 3-step sequence with short delays, contacts in
 * four zones, enrolled. Runs once per data directory; every run prints a fresh API key.
 */
export async function seedDemo(
  deps: AppDeps,
): Promise<{ installationId: string; apiKey: string; seeded: boolean }> {
  const now = deps.clock.now();
  const [existing] = await deps.db.select().from(installations).where(eq(installations.externalId, 'demo'));
  if (existing) {
    const { key } = await createApiKey(deps.db, {
      installationId: existing.id,
      name: `demo ${now.toISOString()}`,
      role: 'admin',
    });
    return { installationId: existing.id, apiKey: key, seeded: false };
  }
  const installation = await createInstallation(deps.db, {
    name: 'Demo Co',
    externalId: 'demo',
    // Spacing is per installation (it spans sequences); off so the demo's mail follows within minutes.
    settings: { minSpacingHours: 0 },
  });
  const { key } = await createApiKey(deps.db, {
    installationId: installation.id,
    name: 'demo',
    role: 'admin',
  });
  const intro = await createTemplate(
    deps.db,
    installation.id,
    {
      name: 'Intro',
      subject: 'Quick question, {{contact.firstName | "there"}}',
      html: '<p>Hi {{contact.firstName | "there"}},</p><p>Is {{contact.company | "your team"}} looking at outreach tooling this quarter?</p>',
      text: 'Hi {{contact.firstName | "there"}},\n\nIs {{contact.company | "your team"}} looking at outreach tooling this quarter?',
    },
    now,
  );
  const bump = await createTemplate(
    deps.db,
    installation.id,
    {
      name: 'Bump',
      subject: 'Re: Quick question, {{contact.firstName | "there"}}',
      html: '<p>Just floating this back to the top of your inbox.</p>',
      text: 'Just floating this back to the top of your inbox.',
    },
    now,
  );
  const sequence = await createSequence(
    deps.db,
    installation.id,
    {
      name: 'Demo outreach',
      draft: {
        // An always-open window so the demo shows mail within minutes whatever the hour.
        cadence: {
          window: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
        },
        steps: [
          { key: 'intro', kind: 'email', templateId: intro.id, delay: { amount: 0, unit: 'minutes' } },
          { key: 'bump', kind: 'email', templateId: bump.id, delay: { amount: 2, unit: 'minutes' } },
          {
            key: 'call',
            kind: 'task',
            subject: 'Call {{contact.firstName | "them"}}',
            delay: { amount: 1, unit: 'minutes' },
          },
        ],
      },
    },
    now,
  );
  const published = await publishSequence(
    deps.db,
    { installationId: installation.id, sequenceId: sequence.id },
    now,
  );
  if (!published.ok) throw new Error(`demo sequence failed to publish: ${JSON.stringify(published.error)}`);
  for (const person of people) {
    const contact = await upsertContact(deps.db, installation.id, person, now);
    await enroll(deps, {
      installationId: installation.id,
      contactId: contact.id,
      sequenceId: sequence.id,
      source: 'api',
      actor: 'demo',
    });
  }
  return { installationId: installation.id, apiKey: key, seeded: true };
}
