/** @jsxImportSource hono/jsx */
import type { BackfillProgress, ConnectionsView, CrmName } from '../../services/console/connections';
import type { ConsoleSession } from '../../services/console/sessions';
import { Csrf, type Flash, Page } from './layout';

const names: Record<CrmName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };
const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'never');

/** The words under the bar; the inline script writes the same sentence from the JSON. */
export function progressText(p: BackfillProgress): string {
  if (!p.started) return 'The backfill has not started yet.';
  if (p.finished) return `Backfill done: ${p.done} records.`;
  const of = p.total === null ? `${p.done} records` : `${p.done} of ${p.total} (${p.percent}%)`;
  const rate = p.ratePerSecond === null ? '' : `, ${p.ratePerSecond} per second`;
  const eta = p.etaSeconds === null ? '' : `, about ${p.etaSeconds} s left`;
  return `Backfill: ${of}${rate}${eta}.`;
}

// Polls every second until the backfill is done; the page works without it (Refresh link).
const pollScript = `(() => {
  const bar = document.getElementById('backfill-bar');
  const text = document.getElementById('backfill-text');
  if (!bar || !text || bar.dataset.finished === 'true') return;
  const say = (p) => {
    if (!p.started) return 'The backfill has not started yet.';
    if (p.finished) return 'Backfill done: ' + p.done + ' records.';
    const of = p.total === null ? p.done + ' records' : p.done + ' of ' + p.total + ' (' + p.percent + '%)';
    const rate = p.ratePerSecond === null ? '' : ', ' + p.ratePerSecond + ' per second';
    const eta = p.etaSeconds === null ? '' : ', about ' + p.etaSeconds + ' s left';
    return 'Backfill: ' + of + rate + eta + '.';
  };
  const tick = async () => {
    try {
      const res = await fetch('/app/connections/progress', { headers: { accept: 'application/json' } });
      if (res.ok) {
        const p = await res.json();
        if (p.total !== null) bar.max = Math.max(1, p.total);
        bar.value = p.finished ? bar.max : p.done;
        bar.dataset.finished = String(p.finished);
        const line = say(p);
        if (text.textContent !== line) text.textContent = line;
        if (p.finished) return;
      }
    } catch {}
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
})();`;

function ProgressBar(props: { progress: BackfillProgress }) {
  const p = props.progress;
  const max = Math.max(1, p.total ?? p.done);
  return (
    <section class="card" aria-labelledby="backfill-h">
      <h2 id="backfill-h">Backfill</h2>
      <label for="backfill-bar">Records read from the CRM</label>
      <progress
        id="backfill-bar"
        max={max}
        value={p.finished ? max : p.done}
        data-finished={String(p.finished)}
        aria-describedby="backfill-text"
      >
        {p.percent === null ? `${p.done}` : `${p.percent}%`}
      </progress>
      <p id="backfill-text" role="status" aria-live="polite">
        {progressText(p)}
      </p>
      <p>
        <a href="/app/connections">Refresh</a>
      </p>
    </section>
  );
}

function CrmCard(props: { crm: CrmName; view: ConnectionsView; session: ConsoleSession }) {
  const { crm, view, session } = props;
  const c = view.connection;
  const mine = c.crm === crm;
  const configured = view.configured[crm];
  const state = mine ? c.status : 'not_connected';
  const badge =
    state === 'connected' ? (
      <span class="badge ok">connected</span>
    ) : state === 'disconnected' ? (
      <span class="badge bad">disconnected</span>
    ) : (
      <span class="badge warn">not connected</span>
    );
  return (
    <section class="card" aria-labelledby={`${crm}-h`}>
      <h2 id={`${crm}-h`}>
        {names[crm]} {badge}
      </h2>
      <dl class="facts">
        <dt>App on this server</dt>
        <dd>
          {configured
            ? 'configured'
            : `not configured (set ${crm === 'hubspot' ? 'HUBSPOT_CLIENT_ID' : 'SALESFORCE_CLIENT_ID'})`}
        </dd>
        {mine && c.externalId ? (
          <>
            <dt>{crm === 'hubspot' ? 'Portal' : 'Org'}</dt>
            <dd>{c.externalId}</dd>
          </>
        ) : null}
        {mine && state === 'connected' ? (
          <>
            <dt>Connected since</dt>
            <dd>{when(c.since)}</dd>
          </>
        ) : null}
        {mine && state === 'disconnected' ? (
          <>
            <dt>Disconnected</dt>
            <dd>
              {when(c.since)}: {c.reason ?? 'no reason recorded'}
            </dd>
          </>
        ) : null}
        {mine && state !== 'not_connected' ? (
          <>
            <dt>Access token</dt>
            <dd>
              {view.token === 'valid'
                ? `valid until ${when(c.tokenExpiresAt)} (refreshed automatically before then)`
                : view.token === 'expired'
                  ? `expired ${when(c.tokenExpiresAt)}: the next call refreshes it`
                  : 'no token stored'}
            </dd>
            {view.refreshFailure ? (
              <>
                <dt>Last refresh failure</dt>
                <dd>{view.refreshFailure}: connect again.</dd>
              </>
            ) : null}
            <dt>Last sync</dt>
            <dd>{when(view.lastSyncAt)}</dd>
            <dt>Outbox</dt>
            <dd>
              {view.outbox.pending} pending, {view.outbox.failed} failed
            </dd>
          </>
        ) : null}
        {mine && view.webhooks ? (
          <>
            <dt>Webhook lag</dt>
            <dd>
              {view.webhooks.pending === 0
                ? 'none waiting'
                : `${view.webhooks.pending} waiting, oldest ${view.webhooks.lagSeconds} s`}
              ; last received {when(view.webhooks.lastReceivedAt)}
            </dd>
          </>
        ) : null}
        {mine && view.rateLimit ? (
          <>
            <dt>API rate limit</dt>
            <dd>
              {view.rateLimit.recentCalls} calls in the last 10 s (HubSpot allows 110)
              {view.rateLimit.blockedUntil
                ? `; waiting out a 429 until ${when(view.rateLimit.blockedUntil)}`
                : ''}
            </dd>
          </>
        ) : null}
        {mine && crm === 'salesforce' ? (
          <>
            <dt>API budget</dt>
            <dd>
              {view.budget
                ? `org at ${view.budget.used} of ${view.budget.max} calls (24 h); ours ${view.budget.ours24h}; seen ${when(view.budget.observedAt)}`
                : 'no Sforce-Limit-Info seen yet'}
            </dd>
          </>
        ) : null}
      </dl>
      <div class="row">
        {configured && state !== 'connected' && (c.crm === 'none' || mine) ? (
          <a class="button" href={`/oauth/${crm}/install`}>
            {state === 'disconnected' ? `Reconnect ${names[crm]}` : `Connect ${names[crm]}`}
          </a>
        ) : null}
        {mine && state === 'connected' && session.role === 'admin' ? (
          <a class="button secondary" href="/app/connections/disconnect">
            Disconnect {names[crm]}
          </a>
        ) : null}
      </div>
    </section>
  );
}

export function ConnectionsPage(props: { session: ConsoleSession; view: ConnectionsView; flash?: Flash }) {
  const { view, session } = props;
  return (
    <Page title="Connections" session={session} section="connections" flash={props.flash}>
      <div class="cards">
        <CrmCard crm="hubspot" view={view} session={session} />
        <CrmCard crm="salesforce" view={view} session={session} />
      </div>
      {view.connection.crm !== 'none' ? <ProgressBar progress={view.progress} /> : null}
      {view.connection.status === 'connected' && !view.progress.finished ? (
        // Not Page's `script` prop: the layout escapes it as text (quotes and `>` become entities).
        <script dangerouslySetInnerHTML={{ __html: pollScript }} />
      ) : null}
      {view.objects.length ? (
        <section aria-labelledby="objects-h">
          <h2 id="objects-h">Sync by object</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Object</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Done</th>
                  <th scope="col">Total</th>
                  <th scope="col">Skipped</th>
                  <th scope="col">Last run</th>
                </tr>
              </thead>
              <tbody>
                {view.objects.map((o) => (
                  <tr>
                    <td>{o.object}</td>
                    <td>{o.phase}</td>
                    <td>{o.done}</td>
                    <td>{o.total ?? '?'}</td>
                    <td>{o.skipped}</td>
                    <td>{when(o.lastRunAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <section aria-labelledby="errors-h">
        <h2 id="errors-h">Recent sync errors</h2>
        {view.errors.length ? (
          <ul>
            {view.errors.map((e) => (
              <li>
                <strong>{e.object}</strong>: {e.error}
                <br />
                <span class="hint">What to do: {e.advice}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>No sync errors.</p>
        )}
      </section>
    </Page>
  );
}

export function DisconnectPage(props: { session: ConsoleSession; crm: CrmName }) {
  const name = names[props.crm];
  return (
    <Page title={`Disconnect ${name}?`} session={props.session} section="connections">
      <p>
        Sync and CRM writes stop until someone connects again. Contacts, sequences and their history stay.
      </p>
      <form method="post" action="/app/connections/disconnect" class="row">
        <Csrf session={props.session} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="danger">
          Yes, disconnect {name}
        </button>
        <a href="/app/connections">Cancel</a>
      </form>
    </Page>
  );
}
