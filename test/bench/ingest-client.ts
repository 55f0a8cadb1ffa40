import { webhookHeaders } from '../../connectors/hubspot/fake/signer';

/**
 * The load generator of the ingest bench, run as its own process (forked by ingest.bench.ts) so
 * the clients do not share an event loop with the server they measure. It gets one `LoadPlan` over
 * IPC, runs `clients` keep-alive fetch loops for `seconds`, and answers with a `LoadResult`.
 */
export type LoadPlan = {
  url: string;
  clients: number;
  seconds: number;
  /** Null for the bare route: a fixed small JSON body, unsigned. */
  webhook: null | {
    secret: string;
    /** The URL HubSpot signs: the public one, as the app is configured. */
    signedUrl: string;
    portalId: number;
    appId: number;
    batch: number;
    /** Makes every event's content unique across runs (the app dedupes by content). */
    run: string;
  };
};

export type LoadResult = {
  requests: number;
  ok: number;
  failed: number;
  /** Events in answers of 200, and what those answers said was stored. */
  acceptedEvents: number;
  storedEvents: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  firstFailure: string | null;
};

function request(plan: LoadPlan, client: number, i: number): RequestInit {
  const hook = plan.webhook;
  if (!hook) return { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' };
  const now = Date.now();
  const events = Array.from({ length: hook.batch }, (_, j) => ({
    eventId: i * hook.batch + j,
    subscriptionId: 11,
    portalId: hook.portalId,
    appId: hook.appId,
    occurredAt: now,
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 100_000 + ((client * 7919 + i * hook.batch + j) % 50_000),
    propertyName: j % 2 === 0 ? 'firstname' : 'lifecyclestage',
    propertyValue: `${hook.run}-${client}-${i}-${j}`,
    changeSource: 'CRM_UI',
  }));
  const body = JSON.stringify(events);
  return { method: 'POST', headers: webhookHeaders(hook.secret, hook.signedUrl, body, now), body };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let acceptedEvents = 0;
  let storedEvents = 0;
  let firstFailure: string | null = null;
  const started = performance.now();
  const deadline = started + plan.seconds * 1000;
  await Promise.all(
    Array.from({ length: plan.clients }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          const res = await fetch(plan.url, request(plan, client, i));
          const text = await res.text();
          latencies.push(performance.now() - t0);
          if (res.status !== 200) {
            failed++;
            firstFailure ??= `${res.status} ${text.slice(0, 200)}`;
            continue;
          }
          ok++;
          if (plan.webhook) {
            acceptedEvents += plan.webhook.batch;
            storedEvents += (JSON.parse(text) as { stored: number }).stored;
          }
        } catch (error) {
          failed++;
          firstFailure ??= String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: ok + failed,
    ok,
    failed,
    acceptedEvents,
    storedEvents,
    seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    firstFailure,
  };
}

// Forked: one plan in, one result out, then exit.
if (process.send) {
  process.once('message', (plan: LoadPlan) => {
    void runLoad(plan).then((result) => process.send?.(result, () => process.exit(0)));
  });
}
