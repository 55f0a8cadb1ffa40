import { describe, expect, it } from 'vitest';
import { canonicalRecordId, personKind } from '../../../../connectors/salesforce/ids';

// Suffixes worked out by hand: each suffix letter is SUFFIX[bits], bit i set when character i of
// its 5-character chunk is a capital.
describe('canonicalRecordId', () => {
  it('adds the case suffix to a 15-character id', () => {
    expect(canonicalRecordId('00Q000000000000')).toBe('00Q000000000000EAA');
    expect(canonicalRecordId('00QABCDE0000000')).toBe('00QABCDE00000002HA');
  });

  it('restores the case an 18-character id lost, from its suffix', () => {
    expect(canonicalRecordId('00qabcde00000002ha')).toBe('00QABCDE00000002HA');
    expect(canonicalRecordId('00QABCDE00000002HA')).toBe('00QABCDE00000002HA');
  });

  it('refuses what is not an id', () => {
    expect(canonicalRecordId('00Q000000000000ZAA')).toBeNull(); // claims a capital on a digit
    expect(canonicalRecordId("00Q00000000000'")).toBeNull();
    expect(canonicalRecordId('00Q0000000000000')).toBeNull();
    expect(canonicalRecordId('')).toBeNull();
  });

  it('tells leads and contacts by key prefix', () => {
    expect(personKind('00Q000000000000AAA')).toBe('Lead');
    expect(personKind('003000000000000AAA')).toBe('Contact');
    expect(personKind('005000000000000AAA')).toBeNull();
  });
});
