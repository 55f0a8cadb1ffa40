import { and, eq, sql } from 'drizzle-orm';
import { installations, sequences } from '../db/schema';
import type { AppDeps } from './deps';
import { publishSequence } from './sequences/publish';
import { createSequence } from './sequences/sequences';
import { createTemplate } from './templates';

const NAME = 'Sandbox outreach';

/**
 * A published two-step sequence in the sandbox portal's installation (once), so a workflow call
 * has something to enroll into. Always-open window and no spacing: the demo shows mail at once.
 */
export async function sandboxSequence(deps: AppDeps, installationId: string): Promise<string> {
  const [found] = await deps.db
    .select({ id: sequences.id })
    .from(sequences)
    .where(and(eq(sequences.installationId, installationId), eq(sequences.name, NAME)));
  if (found) return found.id;
  const now = deps.clock.now();
  await deps.db
    .update(installations)
    .set({ settings: sql`${installations.settings} || '{"minSpacingHours": 0}'::jsonb` })
    .where(eq(installations.id, installationId));
  const intro = await createTemplate(
    deps.db,
    installationId,
    {
      name: 'Sandbox intro',
      subject: 'Hello {{contact.firstName | "there"}}',
      html: '<p>Hi {{contact.firstName | "there"}}, <a href="https://www.example.com/pricing">our pricing</a>.</p>',
      text: 'Hi {{contact.firstName | "there"}}, our pricing: https://www.example.com/pricing',
    },
    now,
  );
  const sequence = await createSequence(
    deps.db,
    installationId,
    {
      name: NAME,
      draft: {
        cadence: { window: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' } },
        steps: [
          { key: 'intro', kind: 'email', templateId: intro.id, delay: { amount: 0, unit: 'minutes' } },
          {
            key: 'call',
            kind: 'task',
            subject: 'Call {{contact.firstName | "them"}}',
            delay: { amount: 2, unit: 'minutes' },
          },
        ],
      },
    },
    now,
  );
  const published = await publishSequence(deps.db, { installationId, sequenceId: sequence.id }, now);
  if (!published.ok)
    throw new Error(`sandbox sequence failed to publish: ${JSON.stringify(published.error)}`);
  return sequence.id;
}
