import type { ResolvedZone } from './zone';
import { COUNTRY_ZONES, normalizeCountry } from './zone-countries';
import { regionZoneCountries } from './zone-regions';

export interface ContactCountry {
  /** ISO 3166-1 alpha-2, or null when neither the contact nor its zone says. */
  code: string | null;
  source: 'contact' | 'zone' | 'unknown';
}

/** Intl's id for a zone, so links (Asia/Tel_Aviv, Europe/Kiev) meet their modern names. */
function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

let byZone: Map<string, string> | null = null;

/** zone -> country from our own tables (country zones first, then state / province zones). */
function zoneCountries(): Map<string, string> {
  if (byZone) return byZone;
  byZone = new Map();
  for (const [country, zone] of [...COUNTRY_ZONES, ...regionZoneCountries()]) {
    const key = canonicalZone(zone);
    if (!byZone.has(key)) byZone.set(key, country);
  }
  return byZone;
}

/**
 * The country whose weekend and holidays apply: the contact's own, else the one its CRM time zone
 * belongs to (Asia/Jerusalem -> IL). The installation default zone says nothing about the contact.
 */
export function contactCountry(country: string | null | undefined, zone: ResolvedZone): ContactCountry {
  const own = normalizeCountry(country);
  if (own) return { code: own, source: 'contact' };
  if (zone.source !== 'crm') return { code: null, source: 'unknown' };
  const code = zoneCountries().get(canonicalZone(zone.zone)) ?? null;
  return code ? { code, source: 'zone' } : { code: null, source: 'unknown' };
}
