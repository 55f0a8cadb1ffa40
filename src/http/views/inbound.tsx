/** @jsxImportSource hono/jsx */
import type { InboundDetail } from '../../services/console/inbound';
import type { ConsoleSession } from '../../services/console/sessions';
import type { InboundRow } from '../../services/engagement/inbound-receive';
import { Csrf, Field, type Flash, Page } from './layout';

const when = (d: Date | null | undefined) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '');

/** What each class means, for the correction form. */
export const kindLabels: Record<string, string> = {
  human_reply: 'Reply (a person wrote back)',
  auto_reply: 'Auto-reply / out of office',
  hard_bounce: 'Hard bounce',
  soft_bounce: 'Soft bounce',
  complaint: 'Complaint (spam report)',
  unsubscribe: 'Unsubscribe request',
};

function StatusBadge(props: { status: string }) {
  const tone = props.status === 'processed' ? 'ok' : props.status === 'unmatched' ? 'warn' : 'bad';
  return <span class={`badge ${tone}`}>{props.status}</span>;
}

export function InboundListPage(props: {
  session: ConsoleSession;
  rows: InboundRow[];
  status: string | undefined;
}) {
  return (
    <Page title="Inbound mail" session={props.session} section="inbound">
      <p class="row">
        <a href="/app/inbound" aria-current={props.status ? undefined : 'page'}>
          All recent
        </a>
        <a
          href="/app/inbound?status=unmatched"
          aria-current={props.status === 'unmatched' ? 'page' : undefined}
        >
          Unmatched
        </a>
        <a href="/app/inbound?status=failed" aria-current={props.status === 'failed' ? 'page' : undefined}>
          Failed
        </a>
      </p>
      {props.rows.length === 0 ? (
        <p>No inbound mail{props.status ? ` with status ${props.status}` : ''}.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="hint">Newest first, up to 200</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">From</th>
                <th scope="col">Subject</th>
                <th scope="col">Class</th>
                <th scope="col">Confidence</th>
                <th scope="col">Action</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>{when(r.receivedAt)}</td>
                  <td>{r.fromAddress}</td>
                  <td>
                    <a href={`/app/inbound/${r.id}`}>{r.subject || '(no subject)'}</a>
                  </td>
                  <td>{r.kind}</td>
                  <td>{r.confidence}</td>
                  <td>{r.action ?? ''}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

export function InboundDetailPage(props: {
  session: ConsoleSession;
  detail: InboundDetail;
  kinds: readonly string[];
  flash?: Flash | undefined;
  error?: string | undefined;
}) {
  const { message: m, contact, enrollment, corrections } = props.detail;
  return (
    <Page title={m.subject || '(no subject)'} session={props.session} section="inbound" flash={props.flash}>
      <p>
        <a href="/app/inbound">Back to inbound mail</a>
      </p>
      <dl class="facts">
        <dt>From</dt>
        <dd>{m.fromAddress}</dd>
        <dt>Received</dt>
        <dd>{when(m.receivedAt)}</dd>
        <dt>Class</dt>
        <dd id="inbound-kind">{m.kind}</dd>
        <dt>Confidence</dt>
        <dd>{m.confidence}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={m.status} />
        </dd>
        <dt>Action</dt>
        <dd>{m.action ?? 'none'}</dd>
        <dt>Matched by</dt>
        <dd>{m.matchedBy ?? 'not matched'}</dd>
        <dt>Contact</dt>
        <dd>{contact ? `${contact.email}${contact.suppressedAt ? ' (suppressed)' : ''}` : 'none'}</dd>
        <dt>Enrollment</dt>
        <dd id="enrollment-state">
          {enrollment ? (
            <>
              <a href={`/app/enrollments/${enrollment.id}`}>{enrollment.id}</a>{' '}
              <span class="badge">{enrollment.status}</span>
              {enrollment.pauseReason ? ` (${enrollment.pauseReason}` : ''}
              {enrollment.pausedUntil ? ` until ${when(enrollment.pausedUntil)}` : ''}
              {enrollment.pauseReason ? ')' : ''}
              {enrollment.exitReason ? ` (${enrollment.exitReason})` : ''}
            </>
          ) : (
            'none'
          )}
        </dd>
      </dl>
      <h2>Evidence</h2>
      {m.evidence.length ? (
        <ul>
          {m.evidence.map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      ) : (
        <p>No evidence recorded.</p>
      )}
      {m.flags.length ? <p>Flags: {m.flags.join(', ')}</p> : null}

      <h2>Correct the class</h2>
      <p class="hint">
        The mail is kept as a labelled example. A reply exits the enrollment as replied; an auto-reply undoes
        a reply exit this mail caused (when nothing happened since) and pauses until the return date.
      </p>
      {props.session.role !== 'admin' ? (
        <p>Only an admin can correct a class.</p>
      ) : (
        <form method="post" action={`/app/inbound/${m.id}/correct`}>
          <Csrf session={props.session} />
          <Field id="kind" label="New class" error={props.error}>
            {(aria) => (
              <select name="kind" {...aria}>
                {props.kinds.map((k) => (
                  <option value={k} selected={k === m.kind}>
                    {kindLabels[k] ?? k}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="note" label="Note (optional)" hint="Why the class was wrong">
            {(aria) => <input type="text" name="note" maxlength={500} {...aria} />}
          </Field>
          <button type="submit">Correct the class</button>
        </form>
      )}

      <h2>Corrections</h2>
      {corrections.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">From class</th>
                <th scope="col">To class</th>
                <th scope="col">By</th>
                <th scope="col">Effect</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {corrections.map((c) => (
                <tr>
                  <td>{when(c.createdAt)}</td>
                  <td>{c.previousKind}</td>
                  <td>{c.kind}</td>
                  <td>{c.actor}</td>
                  <td>{c.effect}</td>
                  <td>{c.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
