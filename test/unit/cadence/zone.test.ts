import { describe, expect, it } from 'vitest';
import { normalizeZoneName, resolveZone } from '../../../src/domain/cadence/zone';
import { COUNTRY_ZONES, normalizeCountry } from '../../../src/domain/cadence/zone-countries';
import { allRegionZones, regionZone } from '../../../src/domain/cadence/zone-regions';

describe('resolveZone', () => {
  it('prefers a valid CRM zone over country and region', () => {
    expect(resolveZone({ crmTimeZone: 'Europe/Berlin', country: 'US', region: 'CA' }, 'UTC')).toMatchObject({
      zone: 'Europe/Berlin',
      source: 'crm',
    });
  });

  it("reads HubSpot's encoded hs_timezone values", () => {
    expect(resolveZone({ crmTimeZone: 'america_slash_new_york' }, 'UTC')).toMatchObject({
      zone: 'America/New_York',
      source: 'crm',
    });
    expect(normalizeZoneName('america_slash_port_hyphen_au_hyphen_prince')).toBe('America/Port-au-Prince');
    expect(normalizeZoneName('america_slash_argentina_slash_buenos_aires')).toBe(
      'America/Argentina/Buenos_Aires',
    );
    expect(normalizeZoneName('us_slash_eastern')).toBe('America/New_York');
    expect(normalizeZoneName('japan')).toBe('Asia/Tokyo');
    // Modern names stay modern even though Intl's canonical ones are the old spellings.
    expect(normalizeZoneName('asia_slash_kathmandu')).toBe('Asia/Kathmandu');
    expect(normalizeZoneName('asia_slash_kolkata')).toBe('Asia/Kolkata');
    expect(normalizeZoneName('asia_slash_calcutta')).toBe('Asia/Calcutta');
    expect(normalizeZoneName('AMERICA/NEW_YORK')).toBe('America/New_York');
  });

  it('accepts Salesforce-style IANA ids and trims', () => {
    expect(normalizeZoneName(' America/Los_Angeles ')).toBe('America/Los_Angeles');
    expect(normalizeZoneName('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(normalizeZoneName('America/Argentina/ComodRivadavia')).toBe('America/Argentina/ComodRivadavia');
    expect(normalizeZoneName('GMT')).toBe('UTC');
  });

  it('falls back to the country when the CRM zone is invalid, and says so', () => {
    const r = resolveZone({ crmTimeZone: 'Eastern Time', country: 'FR' }, 'UTC');
    expect(r).toMatchObject({ zone: 'Europe/Paris', source: 'inferred' });
    expect(r.basis).toContain('"Eastern Time" is not an IANA zone');
    expect(normalizeZoneName('+05:00')).toBeNull();
    expect(normalizeZoneName('Mars/Olympus_Mons')).toBeNull();
  });

  it('uses the state or province for countries that span zones', () => {
    expect(resolveZone({ country: 'US', region: 'CA' }, 'UTC')).toMatchObject({
      zone: 'America/Los_Angeles',
      source: 'inferred',
    });
    expect(resolveZone({ country: 'United States', region: 'US-TX' }, 'UTC').zone).toBe('America/Chicago');
    expect(resolveZone({ country: 'usa', region: 'New York' }, 'UTC').zone).toBe('America/New_York');
    expect(resolveZone({ country: 'CA', region: 'British Columbia' }, 'UTC').zone).toBe('America/Vancouver');
    expect(resolveZone({ country: 'Australia', region: 'WA' }, 'UTC').zone).toBe('Australia/Perth');
    expect(resolveZone({ country: 'Brasil', region: 'Amazonas' }, 'UTC').zone).toBe('America/Manaus');
    expect(resolveZone({ country: 'BR', region: 'São Paulo' }, 'UTC').zone).toBe('America/Sao_Paulo');
    expect(resolveZone({ country: 'MX', region: 'Quintana Roo' }, 'UTC').zone).toBe('America/Cancun');
    expect(resolveZone({ country: 'Russia', region: 'Novosibirsk' }, 'UTC').zone).toBe('Asia/Novosibirsk');
  });

  it('uses a country-wide zone when the region is missing or unknown', () => {
    expect(resolveZone({ country: 'US' }, 'UTC')).toMatchObject({
      zone: 'America/Chicago',
      source: 'inferred',
    });
    expect(resolveZone({ country: 'DE', region: 'Atlantis' }, 'UTC').zone).toBe('Europe/Berlin');
    expect(resolveZone({ country: 'United Kingdom' }, 'UTC').zone).toBe('Europe/London');
    expect(resolveZone({ country: 'Deutschland' }, 'UTC').zone).toBe('Europe/Berlin');
  });

  it('falls back to the default, never throwing on junk', () => {
    expect(resolveZone({}, 'Europe/Paris')).toEqual({
      zone: 'Europe/Paris',
      source: 'default',
      basis: 'installation default',
    });
    expect(resolveZone({ country: 'Narnia', region: 'x' }, 'Asia/Tokyo')).toMatchObject({
      zone: 'Asia/Tokyo',
      source: 'default',
    });
    expect(resolveZone({ crmTimeZone: '', country: null, region: undefined }, 'not a zone')).toMatchObject({
      zone: 'UTC',
      source: 'default',
    });
    expect(() => resolveZone({ crmTimeZone: '\u0000/..', country: '???' }, '')).not.toThrow();
  });
});

describe('zone tables', () => {
  it('name only real IANA zones', () => {
    const zones = [...COUNTRY_ZONES.values(), ...allRegionZones()];
    expect(zones.length).toBeGreaterThan(200);
    expect(zones.filter((z) => normalizeZoneName(z) === null)).toEqual([]);
  });

  it('normalise country codes and names', () => {
    expect(normalizeCountry('us')).toBe('US');
    expect(normalizeCountry('U.S.A.')).toBe('US');
    expect(normalizeCountry('UK')).toBe('GB');
    expect(normalizeCountry('España')).toBe('ES');
    expect(normalizeCountry('')).toBeNull();
    expect(regionZone('US', 'washington')).toBe('America/Los_Angeles');
    expect(regionZone('US', 'Washington DC')).toBe('America/New_York');
  });
});
