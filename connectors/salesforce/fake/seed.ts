// Deterministic test data: lead-<n>@example.test, contact-<n>@example.test, users user-<n>@example.test.
import { putRecord, type SfRecord, type State, sfDate } from './state';

export type SeedOptions = { users?: number; leads?: number; contacts?: number; opportunities?: number };
export type Seeded = {
  users: SfRecord[];
  leads: SfRecord[];
  contacts: SfRecord[];
  opportunities: SfRecord[];
};

export function seedState(state: State, options: SeedOptions): Seeded {
  const users: SfRecord[] = [];
  for (let n = 1; n <= (options.users ?? 0); n += 1) {
    users.push(
      putRecord(state, 'User', {
        Email: `user-${n}@example.test`,
        FirstName: 'User',
        LastName: String(n),
        IsActive: true,
        Username: `user-${n}@example.test.fake`,
      }),
    );
  }
  const owner = (n: number) => (users.length > 0 ? users[(n - 1) % users.length]?.Id : state.userId);
  const leads: SfRecord[] = [];
  for (let n = 1; n <= (options.leads ?? 0); n += 1) {
    leads.push(
      putRecord(state, 'Lead', {
        Email: `lead-${n}@example.test`,
        FirstName: 'Lead',
        LastName: String(n),
        Company: `Company ${n}`,
        Status: 'Open - Not Contacted',
        OwnerId: owner(n),
      }),
    );
  }
  const contacts: SfRecord[] = [];
  const account = (options.contacts ?? 0) > 0 ? putRecord(state, 'Account', { Name: 'Acme' }) : null;
  for (let n = 1; n <= (options.contacts ?? 0); n += 1) {
    contacts.push(
      putRecord(state, 'Contact', {
        Email: `contact-${n}@example.test`,
        FirstName: 'Contact',
        LastName: String(n),
        AccountId: account?.Id ?? null,
        OwnerId: owner(n),
      }),
    );
  }
  const opportunities: SfRecord[] = [];
  for (let n = 1; n <= (options.opportunities ?? 0); n += 1) {
    const opp = putRecord(state, 'Opportunity', {
      Name: `Deal ${n}`,
      StageName: 'Prospecting',
      CloseDate: sfDate(state.clock.now() + 30 * 86_400_000),
      OwnerId: owner(n),
      AccountId: account?.Id ?? null,
    });
    const contact = contacts[(n - 1) % Math.max(contacts.length, 1)];
    if (contact)
      putRecord(state, 'OpportunityContactRole', {
        OpportunityId: opp.Id,
        ContactId: contact.Id,
        IsPrimary: true,
      });
    opportunities.push(opp);
  }
  return { users, leads, contacts, opportunities };
}
