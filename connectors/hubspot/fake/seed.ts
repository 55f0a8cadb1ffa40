import { putObject, type State } from './state';

export type SeedOptions = { contacts?: number; owners?: number; pipeline?: boolean; deals?: number };

/** Deterministic seed data: contact i is contact-i@example.test, owners 1..n, one deal pipeline. */
export function seedState(state: State, opts: SeedOptions) {
  for (let i = 1; i <= (opts.owners ?? 0); i += 1) {
    state.owners.push({
      id: String(100 + i),
      email: `owner-${i}@example.test`,
      firstName: 'Owner',
      lastName: String(i),
      userId: 500 + i,
    });
  }
  if (opts.pipeline) {
    const stages = ['appointmentscheduled', 'qualifiedtobuy', 'closedwon', 'closedlost'].map((id, i) => ({
      id,
      label: id,
      displayOrder: i,
      metadata: {
        isClosed: String(id.startsWith('closed')),
        probability: id === 'closedwon' ? '1.0' : '0.2',
      },
    }));
    state.pipelines.set('deals', [{ id: 'default', label: 'Sales Pipeline', displayOrder: 0, stages }]);
  }
  const contacts = Array.from({ length: opts.contacts ?? 0 }, (_, i) =>
    putObject(state, 'contacts', {
      email: `contact-${i + 1}@example.test`,
      firstname: 'Contact',
      lastname: String(i + 1),
    }),
  );
  for (let i = 1; i <= (opts.deals ?? 0); i += 1) {
    const deal = putObject(state, 'deals', {
      dealname: `Deal ${i}`,
      pipeline: 'default',
      dealstage: 'appointmentscheduled',
    });
    const contact = contacts[(i - 1) % Math.max(contacts.length, 1)];
    if (contact)
      state.associations.push({
        from: `deals:${deal.id}`,
        to: `contacts:${contact.id}`,
        typeId: 3,
        category: 'HUBSPOT_DEFINED',
      });
  }
  return { contactIds: contacts.map((c) => c.id) };
}
