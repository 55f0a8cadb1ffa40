/** @jsxImportSource hono/jsx */
import type { EnrollmentListRow } from '../../services/console/enrollments';
import type { ConsoleSession } from '../../services/console/sessions';
import { Csrf, Field, type Flash, Page } from './layout';

const STATUSES = ['active', 'paused', 'completed', 'exited', 'failed'] as const;

export function utc(d: Date | null): string {
  return d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—';
}

/** The contact's wall clock, when a zone is known. */
export function local(d: Date | null, zone: string | null): string | null {
  if (!d || !zone) return null;
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(d);
  } catch {
    return null;
  }
}

export function EnrollmentsPage(props: {
  session: ConsoleSession;
  flash?: Flash | undefined;
  q: string;
  status: string;
  offset: number;
  rows: EnrollmentListRow[];
  more: boolean;
  sequences: { id: string; name: string }[];
  form?: { email: string; sequenceId: string };
}) {
  const { rows, q, status } = props;
  const link = (offset: number) =>
    `/app/enrollments?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), offset: String(offset) })}`;
  return (
    <Page title="Enrollments" session={props.session} section="enrollments" flash={props.flash}>
      <section class="card" aria-labelledby="enroll-h">
        <h2 id="enroll-h">Enroll a contact</h2>
        {props.sequences.length === 0 ? (
          <p class="hint">No published sequence yet: publish one first.</p>
        ) : (
          <form method="post" action="/app/enrollments">
            <Csrf session={props.session} />
            <Field id="enroll-email" label="Contact email" hint="An existing contact of this installation.">
              {(aria) => (
                <input {...aria} type="email" name="email" required value={props.form?.email ?? ''} />
              )}
            </Field>
            <Field id="enroll-sequence" label="Sequence">
              {(aria) => (
                <select {...aria} name="sequenceId" required>
                  {props.sequences.map((s) => (
                    <option value={s.id} selected={props.form?.sequenceId === s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit">Enroll</button>
          </form>
        )}
      </section>
      <form method="get" action="/app/enrollments" class="row" aria-label="Search enrollments">
        <Field id="q" label="Contact (email or name)">
          {(aria) => <input {...aria} type="search" name="q" value={q} />}
        </Field>
        <Field id="status" label="Status">
          {(aria) => (
            <select {...aria} name="status">
              <option value="">Any</option>
              {STATUSES.map((s) => (
                <option value={s} selected={s === status}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      <div class="table-wrap">
        <table>
          <caption>
            {rows.length === 0
              ? 'No enrollment matches.'
              : `Enrollments ${props.offset + 1}–${props.offset + rows.length}`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Contact</th>
              <th scope="col">Sequence</th>
              <th scope="col">Status</th>
              <th scope="col">Current step</th>
              <th scope="col">Next due</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/app/enrollments/${r.id}`}>{r.name ? `${r.name} <${r.email}>` : r.email}</a>
                </td>
                <td>{r.sequenceName}</td>
                <td>
                  <StatusBadge status={r.status} />
                  {r.pauseReason ? ` (${r.pauseReason})` : ''}
                </td>
                <td>{r.stepKey ?? '—'}</td>
                <td>{r.status === 'active' ? utc(r.stepDueAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" class="row">
        {props.offset > 0 ? <a href={link(Math.max(0, props.offset - 50))}>Previous page</a> : null}
        {props.more ? <a href={link(props.offset + rows.length)}>Next page</a> : null}
      </nav>
    </Page>
  );
}

export function StatusBadge(props: { status: string }) {
  const kind =
    props.status === 'active' || props.status === 'completed'
      ? 'ok'
      : props.status === 'paused'
        ? 'warn'
        : 'bad';
  return <span class={`badge ${kind}`}>{props.status}</span>;
}
