import { describe, expect, it } from 'vitest';
import {
  CONTACT_PROPERTIES,
  chunk,
  mergeWrites,
  PROPERTY_GROUP,
  toBatchInputs,
} from '../../../../connectors/hubspot/properties';

describe('our contact properties', () => {
  it('are in the group, prefixed, and enumerations carry options', () => {
    expect(CONTACT_PROPERTIES.map((p) => p.name)).toEqual([
      'tandem_score',
      'tandem_band',
      'tandem_sequence_status',
      'tandem_last_step',
      'tandem_next_step_at',
    ]);
    for (const p of CONTACT_PROPERTIES) {
      expect(p.groupName).toBe(PROPERTY_GROUP.name);
      expect(p.type === 'enumeration').toBe((p.options?.length ?? 0) > 0);
    }
    // The band is a threshold label of the installation's model (MQL, SQL...), so free text.
    expect(CONTACT_PROPERTIES[1]).toMatchObject({ type: 'string', fieldType: 'text' });
    expect(CONTACT_PROPERTIES[2]?.options?.[1]).toEqual({
      label: 'Paused',
      value: 'paused',
      displayOrder: 1,
    });
  });
});

describe('batching', () => {
  it('chunks 250 into 100, 100, 50 in order', () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    const batches = chunk(items);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(items);
    expect(chunk([])).toEqual([]);
    expect(() => chunk(items, 0)).toThrow();
  });

  it('merges writes to one contact, later values winning, at the first position', () => {
    const merged = mergeWrites([
      { contactExternalId: '1', properties: { tandem_score: 10, tandem_band: 'cold' } },
      { contactExternalId: '2', properties: { tandem_score: 5 } },
      { contactExternalId: '1', properties: { tandem_score: 80 } },
    ]);
    expect(merged).toEqual([
      { contactExternalId: '1', properties: { tandem_score: 80, tandem_band: 'cold' }, origin: [0, 2] },
      { contactExternalId: '2', properties: { tandem_score: 5 }, origin: [1] },
    ]);
  });

  it('renders values as strings and null as a clear', () => {
    expect(
      toBatchInputs([
        { contactExternalId: '1', properties: { tandem_score: 80, tandem_last_step: null, x: true } },
      ]),
    ).toEqual([{ id: '1', properties: { tandem_score: '80', tandem_last_step: '', x: 'true' } }]);
  });
});
