/** @jsxImportSource hono/jsx */
import type { ScoringModelIssue } from '../../domain/scoring/model';
import type { ConsoleSession } from '../../services/console/sessions';
import type { ScoreModelRow, ScoreModelVersionRow } from '../../services/scoring/models';
import type { ReplayReport } from '../../services/scoring/replay';
import { Csrf, Field, type Flash, Page } from './layout';
import { binScores, CrossingsTable, DistributionChart } from './scoring-chart';

export function ScoringListPage(props: { session: ConsoleSession; models: ScoreModelRow[] }) {
  return (
    <Page title="Scoring" session={props.session} section="scoring">
      {props.models.length === 0 ? (
        <p>No scoring model yet. Create one with POST /v1/scoring/models (see the API reference).</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Status</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {props.models.map((m) => (
                <tr>
                  <td>
                    <a href={`/app/scoring/${m.id}`}>{m.name}</a>
                  </td>
                  <td>
                    {m.activeVersionId ? (
                      <span class="badge ok">published</span>
                    ) : (
                      <span class="badge warn">draft only</span>
                    )}
                  </td>
                  <td>{m.updatedAt.toISOString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

export type ModelPageProps = {
  session: ConsoleSession;
  model: ScoreModelRow;
  /** The textarea's text: the stored draft, or what was submitted when it did not parse. */
  draftText: string;
  parseError?: string | undefined;
  issues: ScoringModelIssue[];
  versions: ScoreModelVersionRow[];
  /** The stored Markdown document of the live version. */
  document: string | null;
  replay?: ReplayReport | undefined;
  flash?: Flash | undefined;
};

export function ScoringModelPage(props: ModelPageProps) {
  const { session, model, issues } = props;
  const isAdmin = session.role === 'admin';
  const fieldError =
    props.parseError ??
    (issues.length > 0 ? issues.map((i) => `${i.path || '(model)'}: ${i.message}`).join('; ') : undefined);
  return (
    <Page title={`Scoring model: ${model.name}`} session={session} section="scoring" flash={props.flash}>
      <section class="card" aria-labelledby="draft-h">
        <h2 id="draft-h">Draft</h2>
        <form method="post" action={`/app/scoring/${model.id}/draft`}>
          <Csrf session={session} />
          <Field
            id="draft"
            label="Model definition (JSON)"
            hint="Rules, thresholds and decay. Saving never changes a published version or a stored score."
            error={fieldError}
          >
            {(aria) => (
              <textarea
                {...aria}
                name="draft"
                rows={18}
                spellcheck={false}
                style="width:100%;font-family:monospace"
              >
                {props.draftText}
              </textarea>
            )}
          </Field>
          {issues.length > 0 ? (
            <ul class="field-error" aria-label="Problems in the draft">
              {issues.map((i) => (
                <li>
                  <code>{i.path || '(model)'}</code>: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
          {isAdmin ? (
            <button type="submit">Save draft</button>
          ) : (
            <p class="hint">Only an admin can save the draft; a replay shows what it would do.</p>
          )}
        </form>
        <div class="row">
          <form method="post" action={`/app/scoring/${model.id}/replay`} class="inline">
            <Csrf session={session} />
            <button type="submit" class="secondary">
              Run what-if replay
            </button>
          </form>
          {isAdmin ? (
            <form method="post" action={`/app/scoring/${model.id}/publish`} class="inline">
              <Csrf session={session} />
              <button type="submit">Publish draft</button>
            </form>
          ) : (
            <p class="hint">Only an admin can publish.</p>
          )}
        </div>
      </section>

      {props.replay ? <ReplaySection report={props.replay} /> : null}

      <section class="card" aria-labelledby="versions-h">
        <h2 id="versions-h">Published versions</h2>
        {props.versions.length === 0 ? (
          <p>Not published yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Published</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {props.versions.map((v) => (
                  <tr>
                    <td>{v.version}</td>
                    <td>{v.publishedAt.toISOString()}</td>
                    <td>
                      {v.id === model.activeVersionId ? <span class="badge ok">live</span> : 'superseded'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {props.document ? (
        <section class="card" aria-labelledby="doc-h">
          <h2 id="doc-h">Document of the live version</h2>
          <pre style="white-space:pre-wrap" data-document>
            {props.document}
          </pre>
        </section>
      ) : null}
    </Page>
  );
}

function ReplaySection(props: { report: ReplayReport }) {
  const { report } = props;
  return (
    <section class="card" aria-labelledby="replay-h" data-replay>
      <h2 id="replay-h">What-if replay</h2>
      <p>
        {`${report.contacts} contacts scored under the draft at ${report.asOf}, compared with ${
          report.comparedWith ? `version ${report.comparedWith.version}` : 'no published version'
        }: ${report.scoreChanges.increased} up, ${report.scoreChanges.decreased} down, ${
          report.scoreChanges.unchanged
        } unchanged. Nothing was written.`}
      </p>
      <DistributionChart bins={binScores(report.distribution)} />
      <h3>Threshold crossings</h3>
      <CrossingsTable report={report} />
    </section>
  );
}
