import { IANAZone } from 'luxon';
import { COUNTRY_ZONES, normalizeCountry } from './zone-countries';
import { allRegionZones, regionZone } from './zone-regions';

export type ZoneSource = 'crm' | 'inferred' | 'default';

export interface ZoneHints {
  /** The CRM's zone value: an IANA id (Salesforce) or HubSpot's encoded form (`america_slash_new_york`). */
  crmTimeZone?: string | null | undefined;
  /** ISO 3166-1 alpha-2 code or a common country name. */
  country?: string | null | undefined;
  /** State / province: ISO 3166-2 code (with or without the country prefix) or name. */
  region?: string | null | undefined;
}

export interface ResolvedZone {
  zone: string;
  source: ZoneSource;
  /** What the choice rests on, for the audit trail. */
  basis: string;
}

// Letters, digits, _ + - and slashes; rejects offsets such as "+05:00", which Intl would accept.
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const canonical = new Map<string, string | null>();
const CANONICAL_LIMIT = 2000;

let properCase: Map<string, string> | null = null;

/** lower case -> proper spelling for zones Intl lists plus the modern names in our tables. */
function properCaseOf(name: string): string | undefined {
  properCase ??= new Map(
    [...Intl.supportedValuesOf('timeZone'), ...COUNTRY_ZONES.values(), ...allRegionZones()].map((z) => [
      z.toLowerCase(),
      z,
    ]),
  );
  return properCase.get(name.toLowerCase());
}

/**
 * A properly spelled IANA id for a CRM value, or null. HubSpot's `hs_timezone` stores lower-case ids
 * with `_slash_` for "/" and `_hyphen_` for "-" (`america_slash_port_hyphen_au_hyphen_prince`),
 * including legacy links (`us_slash_eastern`, `japan`). Intl accepts ids in any case but its own
 * canonical names are often the old ones (Asia/Calcutta), so a known or already-cased name is kept
 * and Intl's name is used only for links we cannot spell otherwise (US/Eastern -> America/New_York).
 */
export function normalizeZoneName(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const decoded = value
    .trim()
    .replace(/_slash_/gi, '/')
    .replace(/_hyphen_/gi, '-')
    .replace(/_plus_/gi, '+');
  if (!ZONE_SHAPE.test(decoded)) return null;
  const cached = canonical.get(decoded);
  if (cached !== undefined) return cached;
  let result: string | null = null;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: decoded }).resolvedOptions().timeZone;
    const cased = decoded !== decoded.toLowerCase() && decoded !== decoded.toUpperCase();
    const name = properCaseOf(decoded) ?? (cased ? decoded : resolved);
    result = IANAZone.isValidZone(name) ? name : null;
  } catch {
    result = null;
  }
  if (canonical.size >= CANONICAL_LIMIT) canonical.clear();
  canonical.set(decoded, result);
  return result;
}

/**
 * The contact's zone: a valid CRM zone wins, else one inferred from country (and state/province for
 * countries that span zones), else the installation default. Never throws; an invalid default
 * falls back to UTC.
 */
export function resolveZone(hints: ZoneHints, defaultZone: string): ResolvedZone {
  const crm = normalizeZoneName(hints.crmTimeZone);
  if (crm) return { zone: crm, source: 'crm', basis: `CRM time zone "${hints.crmTimeZone}"` };
  const ignored = hints.crmTimeZone ? `; CRM value "${hints.crmTimeZone}" is not an IANA zone` : '';
  const country = normalizeCountry(hints.country);
  if (country) {
    const byRegion = regionZone(country, hints.region);
    if (byRegion) {
      return {
        zone: byRegion,
        source: 'inferred',
        basis: `country ${country}, region "${hints.region}"${ignored}`,
      };
    }
    const byCountry = COUNTRY_ZONES.get(country);
    if (byCountry) return { zone: byCountry, source: 'inferred', basis: `country ${country}${ignored}` };
  }
  const fallback = normalizeZoneName(defaultZone) ?? 'UTC';
  return { zone: fallback, source: 'default', basis: `installation default${ignored}` };
}
