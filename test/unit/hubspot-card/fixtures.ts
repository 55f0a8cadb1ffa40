import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import type { CardData, CardFetcher } from '../../../manifest/hubspot/src/app/cards/card-data';

export const BASE = 'https://tandem.example.com';

/** hubspot.fetch's contract over the real fetch: a JSON body object, method, no custom headers. */
export const fetcher: CardFetcher = (url, options) =>
  fetch(url, {
    method: options?.method ?? 'GET',
    ...(options?.body
      ? { body: JSON.stringify(options.body), headers: { 'content-type': 'application/json' } }
      : {}),
  });

export const okCard: Extract<CardData, { status: 'ok' }> = {
  status: 'ok',
  contact: { id: 'con_1', email: 'ada@example.com', name: 'Ada Lovelace' },
  score: {
    value: 42,
    modelVersion: 3,
    band: { id: 'warm', label: 'Warm' },
    next: { label: 'MQL', score: 50 },
    trend: { delta: 15, days: 7, direction: 'up' },
    reasons: ['+30 Clicked a link (2×)', '+12 Visited pricing', 'Points halve every 14 days.'],
    computedAt: '2026-03-02T14:00:00.000Z',
  },
  enrollments: [
    {
      id: 'enr_1',
      sequenceId: 'seq_1',
      sequenceName: 'Trial follow-up',
      status: 'active',
      pauseReason: null,
      stepKey: 'second',
      stepNumber: 2,
      stepCount: 3,
      nextStepAt: '2026-03-04T14:00:00.000Z',
      local: 'Wed 4 Mar 2026, 09:00',
      timeZone: 'America/New_York',
      why: ['The delay counts business days only.', 'Planned in America/New_York (from the CRM).'],
      actions: ['pause', 'unenroll'],
    },
  ],
  generatedAt: '2026-03-02T14:00:00.000Z',
};

export const pausedCard: CardData = {
  ...okCard,
  enrollments: okCard.enrollments.map((e) => ({
    ...e,
    status: 'paused' as const,
    pauseReason: 'manual',
    nextStepAt: null,
    local: null,
    timeZone: null,
    why: ['Paused by a person.'],
    actions: ['resume' as const, 'unenroll' as const],
  })),
};

export type Seen = { method: string; url: string; body: unknown };

/** The backend at the network edge: GET answers `card()`, POST records the call and answers `after()`. */
export function cardServer(card: () => Response | CardData, after: () => Response | CardData = card) {
  const seen: Seen[] = [];
  const answer = (r: Response | CardData) => (r instanceof Response ? r : HttpResponse.json(r));
  const server = setupServer(
    http.get(`${BASE}/hubspot/card`, ({ request }) => {
      seen.push({ method: 'GET', url: request.url, body: null });
      return answer(card());
    }),
    http.post(`${BASE}/hubspot/card/actions`, async ({ request }) => {
      seen.push({ method: 'POST', url: request.url, body: await request.json() });
      return answer(after());
    }),
  );
  server.listen({ onUnhandledRequest: 'error' });
  return { server, seen };
}
