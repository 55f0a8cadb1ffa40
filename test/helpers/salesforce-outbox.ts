import { crmOutbox } from '../../src/db/schema';
import type { TestContext } from './context';
import type { Api } from './fixtures';

/** A Lead in the fake org and its synced contact here, as the sync would leave them. */
export async function syncedLead(
  api: Api,
  fake: { putRecord: (o: string, f: Record<string, unknown>) => { Id: unknown } },
  n: number,
) {
  const email = `lead-${n}@example.test`;
  const lead = fake.putRecord('Lead', { Email: email, LastName: `L${n}`, Company: 'X' });
  const created = await api.post('/v1/contacts', { email, externalId: lead.Id });
  if (created.status >= 300) throw new Error(`contact: ${JSON.stringify(created.body)}`);
  return { contactId: created.body.id as string, leadId: lead.Id as string };
}

let seq = 0;
/** Queues an outbox row as the app's writers do (scoring actions, steps, sends). */
export async function queueWrite(
  ctx: TestContext,
  installationId: string,
  contactId: string,
  kind: 'property_update' | 'task' | 'timeline_event' | 'opt_out',
  payload: Record<string, unknown>,
) {
  seq += 1;
  const createdAt = new Date(ctx.clock.now().getTime() + seq); // creation order is send order
  await ctx.handle.db.insert(crmOutbox).values({
    id: `act_t${seq}`,
    installationId,
    contactId,
    kind,
    payload,
    idempotencyKey: `t:${seq}`,
    createdAt,
  });
}
