/** Progress of a sync pass from its stored counters; pure, `now` passed in. */
export type ProgressInput = {
  done: number;
  total: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type Progress = {
  done: number;
  total: number | null;
  /** 0-100, null while the total is unknown. */
  percent: number | null;
  /** Records per second since the pass started (downtime after a crash included). */
  ratePerSecond: number | null;
  etaSeconds: number | null;
};

export function progressOf(p: ProgressInput, now: Date): Progress {
  const end = p.finishedAt ?? now;
  const seconds = p.startedAt ? (end.getTime() - p.startedAt.getTime()) / 1000 : 0;
  const rate = seconds > 0 ? p.done / seconds : null;
  const left = p.total === null ? null : Math.max(0, p.total - p.done);
  let eta: number | null = null;
  if (p.finishedAt || left === 0) eta = 0;
  else if (left !== null && rate) eta = Math.ceil(left / rate);
  const percent =
    p.total === null ? null : p.total === 0 ? 100 : Math.min(100, Math.round((p.done / p.total) * 1000) / 10);
  return {
    done: p.done,
    total: p.total,
    percent,
    ratePerSecond: rate === null ? null : Math.round(rate * 10) / 10,
    etaSeconds: eta,
  };
}
