import type { PropertyWrite } from '../contract';

/** HubSpot's property-create body (POST /crm/v3/properties/contacts). */
export type PropertyDefinition = {
  name: string;
  label: string;
  type: 'string' | 'number' | 'enumeration' | 'datetime';
  fieldType: 'text' | 'number' | 'select' | 'date';
  groupName: string;
  description: string;
  options?: Array<{ label: string; value: string; displayOrder: number }>;
};

export const PROPERTY_GROUP = { name: 'tandem', label: 'Tandem', displayOrder: -1 } as const;

const options = (values: string[]) =>
  values.map((v, i) => ({
    label: v.charAt(0).toUpperCase() + v.slice(1).replaceAll('_', ' '),
    value: v,
    displayOrder: i,
  }));

const define = (d: Omit<PropertyDefinition, 'groupName'>): PropertyDefinition => ({
  ...d,
  groupName: PROPERTY_GROUP.name,
});

/** Our own contact properties; names are prefixed so they never collide with a portal's own. */
export const CONTACT_PROPERTIES: PropertyDefinition[] = [
  define({
    name: 'tandem_score',
    label: 'Tandem score',
    type: 'number',
    fieldType: 'number',
    description: 'Lead score, 0-100',
  }),
  define({
    name: 'tandem_band',
    label: 'Tandem band',
    type: 'string',
    fieldType: 'text',
    description: 'The highest score threshold the contact is above (MQL, SQL...), empty below all',
  }),
  define({
    name: 'tandem_sequence_status',
    label: 'Tandem sequence status',
    type: 'enumeration',
    fieldType: 'select',
    description: 'Where the contact is in a Tandem sequence',
    options: options(['active', 'paused', 'completed', 'replied', 'bounced', 'unsubscribed', 'stopped']),
  }),
  define({
    name: 'tandem_last_step',
    label: 'Tandem last step',
    type: 'string',
    fieldType: 'text',
    description: 'The last step sent',
  }),
  define({
    name: 'tandem_next_step_at',
    label: 'Tandem next step time',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the next step is due',
  }),
];

export const BATCH_LIMIT = 100;

/** Splits into batches of at most `size`, keeping input order within and across batches. */
export function chunk<T>(items: T[], size = BATCH_LIMIT): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`bad batch size ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * HubSpot rejects a batch naming the same id twice, so writes to one contact are merged, later
 * values winning, at the position of its first write. `origin` says which inputs each input fed.
 */
export function mergeWrites(writes: PropertyWrite[]): Array<PropertyWrite & { origin: number[] }> {
  const byContact = new Map<string, PropertyWrite & { origin: number[] }>();
  writes.forEach((w, i) => {
    const seen = byContact.get(w.contactExternalId);
    if (seen) {
      seen.properties = { ...seen.properties, ...w.properties };
      seen.origin.push(i);
    } else byContact.set(w.contactExternalId, { ...w, properties: { ...w.properties }, origin: [i] });
  });
  return [...byContact.values()];
}

/** Batch-update inputs in HubSpot's shape: every value a string, null clears the property. */
export function toBatchInputs(
  writes: PropertyWrite[],
): Array<{ id: string; properties: Record<string, string> }> {
  return writes.map((w) => ({
    id: w.contactExternalId,
    properties: Object.fromEntries(
      Object.entries(w.properties).map(([k, v]) => [k, v === null ? '' : String(v)]),
    ),
  }));
}
