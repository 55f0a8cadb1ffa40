// getUpdated / getDeleted: /sobjects/<Type>/updated|deleted?start=&end= with Salesforce's window rules.
import type { Context, Hono } from 'hono';
import { sfError } from './errors';
import { sobjectName } from './schema';
import { type State, sfDateTime, table } from './state';

const DAY_MS = 86_400_000;
const floorMinute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
const modstamp = (value: unknown) => Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

function window(c: Context, state: State, daysBack: number) {
  const start = Date.parse(c.req.query('start') ?? '');
  const end = Date.parse(c.req.query('end') ?? '');
  if (Number.isNaN(start) || Number.isNaN(end)) {
    return {
      error: sfError(c, 400, 'INVALID_REPLICATION_DATE', 'start and end must be valid dateTime values'),
    };
  }
  if (end - start <= 60_000) {
    return {
      error: sfError(
        c,
        400,
        'INVALID_REPLICATION_DATE',
        'startDate must chronologically precede endDate by more than one minute',
      ),
    };
  }
  const now = state.clock.now();
  if (daysBack === 30 && start < now - 30 * DAY_MS) {
    return {
      error: sfError(c, 400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago'),
    };
  }
  // Salesforce works in whole minutes and never covers the future.
  return { start: floorMinute(start), end: floorMinute(Math.min(end, now)), now };
}

export function replicationRoutes(app: Hono, state: State) {
  const updated = (c: Context) => {
    const sobject = sobjectName(c.req.param('type') ?? '');
    if (!sobject) return sfError(c, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const w = window(c, state, 30);
    if ('error' in w) return w.error;
    const ids = [...table(state, sobject).values()]
      .filter(
        (r) => !r.IsDeleted && modstamp(r.SystemModstamp) >= w.start && modstamp(r.SystemModstamp) < w.end,
      )
      .map((r) => r.Id);
    return c.json({ ids, latestDateCovered: sfDateTime(w.end) });
  };
  const deleted = (c: Context) => {
    const sobject = sobjectName(c.req.param('type') ?? '');
    if (!sobject) return sfError(c, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const w = window(c, state, 15);
    if ('error' in w) return w.error;
    // The recycle bin keeps 15 days: older deletions are gone and the answer says since when it knows.
    const earliest = floorMinute(w.now - 15 * DAY_MS);
    const deletedRecords = state.deleted
      .filter((d) => d.sobject === sobject && d.at >= earliest && d.at >= w.start && d.at < w.end)
      .map((d) => ({ id: d.id, deletedDate: d.deletedDate }));
    return c.json({
      deletedRecords,
      earliestDateAvailable: sfDateTime(earliest),
      latestDateCovered: sfDateTime(w.end),
    });
  };
  for (const suffix of ['', '/']) {
    app.get(`/services/data/:version/sobjects/:type/updated${suffix}`, updated);
    app.get(`/services/data/:version/sobjects/:type/deleted${suffix}`, deleted);
  }
}
