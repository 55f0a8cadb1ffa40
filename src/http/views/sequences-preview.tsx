/** @jsxImportSource hono/jsx */
import type { SequencePreview } from '../../services/cadence/preview';
import type { ConsoleSession } from '../../services/console/sessions';
import { Field, Page } from './layout';

export function SequencePreviewPage(props: {
  session: ConsoleSession;
  sequence: { id: string; name: string };
  zones: readonly string[];
  query: { zone: string; email: string };
  preview: SequencePreview | null;
  error?: string | undefined;
}) {
  const { preview, query } = props;
  return (
    <Page title={`Send calendar: ${props.sequence.name}`} session={props.session} section="sequences">
      <p>
        <a href={`/app/sequences/${props.sequence.id}`}>Back to the editor</a>
      </p>
      <form method="get" action={`/app/sequences/${props.sequence.id}/preview`} class="card">
        <Field
          id="zone"
          label="Time zone"
          hint="An IANA zone, e.g. Europe/Berlin"
          error={props.error && !query.email ? props.error : undefined}
        >
          {(aria) => <input {...aria} name="zone" value={query.zone} list="zones" />}
        </Field>
        <datalist id="zones">
          {props.zones.map((z) => (
            <option value={z} />
          ))}
        </datalist>
        <Field
          id="email"
          label="Or a contact's email"
          hint="Its zone, holidays and existing mail count"
          error={props.error && query.email ? props.error : undefined}
        >
          {(aria) => <input {...aria} name="email" type="email" value={query.email} />}
        </Field>
        <button type="submit">Preview</button>
      </form>
      {preview ? (
        <section aria-labelledby="plan-title">
          <h2 id="plan-title">
            Version {preview.version} in {preview.zone.zone} ({preview.zone.source}: {preview.zone.basis})
          </h2>
          <div class="table-wrap">
            <table>
              <caption>Each step's planned slot, from {preview.start.toISOString()}</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Local time</th>
                  <th scope="col">UTC</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {preview.steps.map((s) => (
                  <tr>
                    <td>{s.stepKey}</td>
                    <td>{s.kind}</td>
                    <td>{s.local}</td>
                    <td>{s.at.toISOString()}</td>
                    <td>
                      {s.reasons.length === 0 ? <span class="hint">On time: no rule moved it</span> : null}
                      <ul class="reasons">
                        {s.reasons.map((r) => (
                          <li>
                            <span class="badge">{r.code}</span> {r.detail}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.warnings.length ? (
            <ul>
              {preview.warnings.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
