/**
 * What GET /hubspot/card answers (src/services/hubspot/card.ts builds it). HubSpot builds this
 * folder on its own, so the card cannot import from src/: the shape is restated here and checked
 * on arrival, and test/integration/hubspot-card.test.ts feeds the real route's answer to
 * `parseCardData` so the two cannot drift apart.
 */

/** The backend; must stay under `permittedUrls.fetch` in app-hsmeta.json. */
export const API_BASE = 'https://tandem.example.com';

export type CardAction = 'pause' | 'resume' | 'unenroll';

export type CardScore = {
  value: number;
  modelVersion: number;
  band: { id: string; label: string } | null;
  next: { label: string; score: number } | null;
  trend: { delta: number; days: number; direction: 'up' | 'down' | 'flat' };
  reasons: string[];
  computedAt: string;
};

export type CardEnrollment = {
  id: string;
  sequenceId: string;
  sequenceName: string;
  status: 'active' | 'paused';
  pauseReason: string | null;
  stepKey: string | null;
  stepNumber: number | null;
  stepCount: number;
  nextStepAt: string | null;
  local: string | null;
  timeZone: string | null;
  why: string[];
  actions: CardAction[];
};

export type CardData =
  | { status: 'not_installed'; message: string }
  | { status: 'unknown_contact'; message: string }
  | {
      status: 'ok';
      contact: { id: string; email: string; name: string | null };
      score: CardScore | null;
      enrollments: CardEnrollment[];
      generatedAt: string;
    };

/** The part of `hubspot.fetch` the card uses; tests pass a plain `fetch` behind msw. */
export type CardFetcher = (
  url: string,
  options?: { method?: 'GET' | 'POST'; body?: Record<string, unknown>; timeout?: number },
) => Promise<Response>;

export type CardRef = { portalId: number | string; objectId: number | string };

export function cardUrl(path: '/hubspot/card' | '/hubspot/card/actions', ref: CardRef): string {
  const query = new URLSearchParams({ portalId: String(ref.portalId), objectId: String(ref.objectId) });
  return `${API_BASE}${path}?${query}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

function isEnrollment(v: unknown): v is CardEnrollment {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.sequenceName === 'string' &&
    (v.status === 'active' || v.status === 'paused') &&
    isStringArray(v.why) &&
    isStringArray(v.actions)
  );
}

function isScore(v: unknown): v is CardScore {
  return (
    isObject(v) &&
    typeof v.value === 'number' &&
    isObject(v.trend) &&
    typeof v.trend.delta === 'number' &&
    isStringArray(v.reasons)
  );
}

/** The payload if it has the shape the card renders, else null (shown as an error, never a crash). */
export function parseCardData(json: unknown): CardData | null {
  if (!isObject(json)) return null;
  if (json.status === 'not_installed' || json.status === 'unknown_contact') {
    return typeof json.message === 'string' ? { status: json.status, message: json.message } : null;
  }
  if (json.status !== 'ok' || !isObject(json.contact) || !Array.isArray(json.enrollments)) return null;
  if (json.score !== null && !isScore(json.score)) return null;
  if (!json.enrollments.every(isEnrollment)) return null;
  return json as CardData;
}
