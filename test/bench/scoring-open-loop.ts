/** One offered event of an open-loop run. Times are epoch milliseconds. */
export type Offered = {
  index: number;
  contactId: string;
  /** When the schedule offered it (start + index / rate): what latency from the offer counts from. */
  offeredAt: number;
  /** When its insert committed; null while it waits or is in flight, or when the run ended first. */
  committedAt: number | null;
};

export type OpenLoop = {
  events: Offered[];
  /** Resolves when the last event has been offered (not inserted). */
  offered: Promise<void>;
  /** Events offered and not yet committed. */
  pending: () => number;
  /** Stops taking queued events and waits for the inserts in flight. */
  stop: () => Promise<void>;
};

/**
 * A fixed-rate generator that does not slow down when the system does: events are offered on a
 * schedule and queue here; `senders` loops insert them in offer order, so a slow database grows the
 * queue (and the latency measured from the offer) instead of lowering the offered rate.
 */
export function startOpenLoop(options: {
  rate: number;
  seconds: number;
  senders: number;
  contactOf: (index: number) => string;
  insert: (event: Offered) => Promise<void>;
}): OpenLoop {
  const total = Math.round(options.rate * options.seconds);
  const events: Offered[] = [];
  const queue: Offered[] = [];
  const start = Date.now();
  let stopped = false;
  let committed = 0;
  const offered = new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * options.rate) + 1);
      while (events.length < due) {
        const index = events.length;
        const event = {
          index,
          contactId: options.contactOf(index),
          offeredAt: start + (index / options.rate) * 1000,
          committedAt: null,
        };
        events.push(event);
        queue.push(event);
      }
      if (events.length >= total) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  const senders = Array.from({ length: options.senders }, async () => {
    while (!stopped) {
      const event = queue.shift();
      if (!event) {
        if (events.length >= total) return;
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      await options.insert(event);
      event.committedAt = Date.now();
      committed += 1;
    }
  });
  return {
    events,
    offered,
    pending: () => events.length - committed,
    stop: async () => {
      stopped = true;
      await Promise.all(senders);
    },
  };
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
