/** @jsxImportSource hono/jsx */
import { enrollmentStatuses } from '../../domain/sequences/machine';
import type { SequenceSummary } from '../../services/console/sequences';
import type { ConsoleSession } from '../../services/console/sessions';
import { Csrf, Field, type Flash, Page } from './layout';

export function SequenceListPage(props: {
  session: ConsoleSession;
  sequences: SequenceSummary[];
  flash?: Flash | undefined;
  nameError?: string | undefined;
}) {
  return (
    <Page title="Sequences" session={props.session} section="sequences" flash={props.flash}>
      <div class="table-wrap">
        <table>
          <caption>Sequences and their enrollments by state</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Published</th>
              {enrollmentStatuses.map((s) => (
                <th scope="col">{s.replace('_', ' ')}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.sequences.length === 0 ? (
              <tr>
                <td colspan={enrollmentStatuses.length + 2}>No sequence yet.</td>
              </tr>
            ) : (
              props.sequences.map((s) => (
                <tr>
                  <td>
                    <a href={`/app/sequences/${s.id}`}>{s.name}</a>
                    {s.archived ? <span class="badge warn"> archived</span> : null}
                  </td>
                  <td>
                    {s.activeVersionId ? (
                      <span class="badge ok">{s.activeVersionId}</span>
                    ) : (
                      <span class="badge warn">draft only</span>
                    )}
                  </td>
                  {enrollmentStatuses.map((st) => (
                    <td>{s.counts[st] ?? 0}</td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <section class="card" aria-labelledby="new-sequence">
        <h2 id="new-sequence">New sequence</h2>
        <form method="post" action="/app/sequences">
          <Csrf session={props.session} />
          <Field id="name" label="Name" error={props.nameError}>
            {(aria) => <input {...aria} name="name" required maxlength={200} />}
          </Field>
          <button type="submit">Create sequence</button>
        </form>
      </section>
    </Page>
  );
}
