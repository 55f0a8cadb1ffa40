/** @jsxImportSource hono/jsx */
import { delayUnits } from '../../domain/sequences/definition';
import type { ConsoleSession } from '../../services/console/sessions';
import { Csrf, Field, type Flash, Page } from './layout';

export const stepKinds = ['email', 'task', 'wait', 'branch', 'update_crm'] as const;
/** The structured form's fields; any other path of an error goes to the draft's JSON. */
const stepFields = ['key', 'kind', 'templateId', 'delay'] as const;

export type Issue = { path: string; message: string };
export type EditorStep = {
  key: string;
  kind: string;
  templateId: string;
  delayAmount: string;
  delayUnit: string;
};
export type VersionView = { id: string; version: number; publishedAt: Date | null; definition: unknown };

/** `steps.1.delay.amount` -> the id of step 1's delay field; null when no structured field shows it. */
export function fieldIdFor(path: string): string | null {
  const [root, index, field] = path.split('.');
  if (root === 'name') return 'seq-name';
  if (root !== 'steps' || index === undefined || !/^\d+$/.test(index)) return null;
  const f = stepFields.find((s) => s === field);
  return f ? `step-${index}-${f}` : null;
}

/** Reads a draft's step for the form, whatever shape the JSON left it in. */
export function toEditorStep(raw: unknown): EditorStep {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const d = (s.delay && typeof s.delay === 'object' ? s.delay : {}) as Record<string, unknown>;
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    key: str(s.key),
    kind: str(s.kind) || 'email',
    templateId: str(s.templateId),
    delayAmount: str(d.amount ?? 0),
    delayUnit: str(d.unit) || 'days',
  };
}

export function SequenceEditorPage(props: {
  session: ConsoleSession;
  sequence: { id: string; name: string; activeVersionId: string | null; draft: Record<string, unknown> };
  templates: { id: string; name: string }[];
  versions: VersionView[];
  issues: Issue[];
  /** The JSON textarea's text when it could not be parsed (kept so nothing typed is lost). */
  draftText?: string | undefined;
  jsonError?: string | undefined;
  flash?: Flash | undefined;
}) {
  const { sequence, session } = props;
  const steps = (Array.isArray(sequence.draft.steps) ? sequence.draft.steps : []).map(toEditorStep);
  const errorFor = (id: string) => {
    const found = props.issues.filter((i) => fieldIdFor(i.path) === id);
    return found.length ? found.map((i) => i.message).join('; ') : undefined;
  };
  const unplaced = props.issues.filter((i) => fieldIdFor(i.path) === null);
  const jsonError =
    [props.jsonError, ...unplaced.map((i) => `${i.path || '(draft)'}: ${i.message}`)]
      .filter(Boolean)
      .join('; ') || undefined;
  return (
    <Page title={sequence.name} session={session} section="sequences" flash={props.flash}>
      {props.issues.length ? (
        <section class="flash error" role="alert" aria-labelledby="issues-title">
          <h2 id="issues-title">The draft cannot be published ({props.issues.length})</h2>
          <ul>
            {props.issues.map((i) => (
              <li>
                <a href={`#${fieldIdFor(i.path) ?? 'draft-json'}`}>{i.path || '(draft)'}</a>: {i.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p class="facts">
        Published version:{' '}
        {sequence.activeVersionId ? (
          <span class="badge ok">{sequence.activeVersionId}</span>
        ) : (
          <span class="badge warn">none</span>
        )}{' '}
        · <a href={`/app/sequences/${sequence.id}/preview`}>Send calendar preview</a>
      </p>
      <section class="card" aria-labelledby="steps-title">
        <h2 id="steps-title">Draft steps</h2>
        <form method="post" action={`/app/sequences/${sequence.id}`}>
          <Csrf session={session} />
          <Field id="seq-name" label="Name" error={errorFor('seq-name')}>
            {(aria) => <input {...aria} name="name" value={sequence.name} required maxlength={200} />}
          </Field>
          {steps.map((s, i) => (
            <fieldset class="step">
              <legend>Step {i + 1}</legend>
              <Field id={`step-${i}-key`} label="Key" error={errorFor(`step-${i}-key`)}>
                {(aria) => <input {...aria} name={`steps.${i}.key`} value={s.key} />}
              </Field>
              <Field id={`step-${i}-kind`} label="Kind" error={errorFor(`step-${i}-kind`)}>
                {(aria) => (
                  <select {...aria} name={`steps.${i}.kind`}>
                    {stepKinds.map((k) => (
                      <option value={k} selected={k === s.kind}>
                        {k}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                id={`step-${i}-templateId`}
                label="Template"
                hint="Email steps only"
                error={errorFor(`step-${i}-templateId`)}
              >
                {(aria) => (
                  <select {...aria} name={`steps.${i}.templateId`}>
                    <option value="">(none)</option>
                    {props.templates.map((t) => (
                      <option value={t.id} selected={t.id === s.templateId}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id={`step-${i}-delay`} label="Delay" error={errorFor(`step-${i}-delay`)}>
                {(aria) => (
                  <input
                    {...aria}
                    name={`steps.${i}.delayAmount`}
                    value={s.delayAmount}
                    inputmode="numeric"
                  />
                )}
              </Field>
              <Field id={`step-${i}-delayUnit`} label="Delay unit">
                {(aria) => (
                  <select {...aria} name={`steps.${i}.delayUnit`}>
                    {delayUnits.map((u) => (
                      <option value={u} selected={u === s.delayUnit}>
                        {u.replace('_', ' ')}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" class="secondary" name="action" value={`remove:${i}`}>
                Remove step {i + 1}
              </button>
            </fieldset>
          ))}
          <div class="row">
            <button type="submit" class="secondary" name="action" value="add">
              Add step
            </button>
            <button type="submit" name="action" value="save">
              Save draft
            </button>
            <button type="submit" name="action" value="publish">
              Save and publish
            </button>
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="json-title">
        <h2 id="json-title">Advanced: the whole draft as JSON</h2>
        <form method="post" action={`/app/sequences/${sequence.id}/draft`}>
          <Csrf session={session} />
          <Field
            id="draft-json"
            label="Draft JSON"
            hint="Branches (condition, ifTrue, ifFalse), send windows (cadence), exit rules: everything PATCH /v1/sequences/{id} accepts."
            error={jsonError}
          >
            {(aria) => (
              <textarea {...aria} name="draft" rows={16} cols={80}>
                {props.draftText ?? JSON.stringify(sequence.draft, null, 2)}
              </textarea>
            )}
          </Field>
          <button type="submit">Save JSON draft</button>
        </form>
      </section>
      <section class="card" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        {props.versions.length === 0 ? (
          <p>No published version yet.</p>
        ) : (
          <ul class="versions">
            {props.versions.map((v) => (
              <li>
                <details>
                  <summary>
                    Version {v.version} ({v.id}) published {v.publishedAt?.toISOString() ?? ''}
                    {v.id === sequence.activeVersionId ? <span class="badge ok"> active</span> : null}
                  </summary>
                  <pre>{JSON.stringify(v.definition, null, 2)}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
