import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../src/db/schema';
import { checkLifecycleMove } from '../../src/services/crm/lifecycle';
import { createInstallation } from '../../src/services/installations';
import { useTestContext } from '../helpers/context';

const ctx = useTestContext();

describe('lifecycle moves on Salesforce', () => {
  it('go forward only, in the order of the Tandem_Lifecycle__c picklist', async () => {
    const inst = await createInstallation(ctx.handle.db, {
      name: 'Org',
      crm: 'salesforce',
      externalId: '00D5g000004OrgAEAS',
    });
    const [row] = await ctx.handle.db
      .insert(contacts)
      .values({
        id: 'con_sf1',
        installationId: inst.id,
        email: 'a@example.test',
        externalId: '00Q5g00000AbCdEEAV',
        properties: { Tandem_Lifecycle__c: 'customer' },
        createdAt: ctx.clock.now(),
        updatedAt: ctx.clock.now(),
      })
      .returning();
    const move = (stage: string) =>
      checkLifecycleMove(ctx.handle.db, { installationId: inst.id, contactId: row!.id, stage });
    expect(await move('marketingqualifiedlead')).toMatchObject({ write: false });
    expect(await move('evangelist')).toEqual({ write: true });
    await ctx.handle.db.update(contacts).set({ properties: {} }).where(eq(contacts.id, row!.id));
    expect(await move('marketingqualifiedlead')).toEqual({ write: true });
  });
});
