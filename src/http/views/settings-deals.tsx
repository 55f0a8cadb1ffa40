/** @jsxImportSource hono/jsx */
import { lostPolicies, stageKinds } from '../../domain/crm/deal-rules';
import type { ConsoleSession } from '../../services/console/sessions';
import type { DealStagesView } from '../../services/crm/deal-settings';
import { Csrf, Field } from './layout';

/** Errors of one pipeline's form, by field name (enabled, lost, stage:<id>) or '' for the form. */
export type DealErrors = { pipelineId: string; fields: Record<string, string> };

/** One form per pipeline read from the CRM: whether it acts, the lost policy, and each stage's kind. */
export function DealStagesSection(props: {
  session: ConsoleSession;
  view: DealStagesView;
  errors?: DealErrors;
}) {
  const { session, view } = props;
  return (
    <section class="card" aria-labelledby="deals-h">
      <h2 id="deals-h">Deal stages</h2>
      {view.pipelines.length === 0 ? (
        <p>No pipeline read from the CRM yet: connect HubSpot or Salesforce first.</p>
      ) : null}
      {view.pipelines.map((p, pi) => {
        const e = props.errors?.pipelineId === p.id ? props.errors.fields : {};
        return (
          <form
            method="post"
            action={`/app/settings/deal-stages/${encodeURIComponent(p.id)}`}
            data-pipeline={p.id}
          >
            <Csrf session={session} />
            <h3>{p.label}</h3>
            {Object.entries(e)
              .filter(([k]) => k !== 'lost' && !p.stages.some((s) => `stage:${s.id}` === k))
              .map(([k, v]) => (
                <p class="field-error" role="alert">
                  {k ? `${k.replace(/^stage:/, 'Stage ')}: ${v}` : v}
                </p>
              ))}
            <label>
              <input type="checkbox" name="enabled" value="1" checked={p.enabled} /> Stages of this pipeline
              touch enrollments
            </label>
            <Field id={`p${pi}-lost`} label="A lost deal" error={e.lost}>
              {(aria) => (
                <select {...aria} name="lost">
                  {lostPolicies.map((l) => (
                    <option value={l} selected={p.lost === l}>
                      {l === 'resume' ? 'resumes the enrollments it paused' : 'exits them'}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {p.stages.map((s, si) => (
              <Field
                id={`p${pi}-s${si}`}
                label={`Stage: ${s.label}`}
                hint={s.source === 'crm' ? 'From the CRM flags' : 'Set here'}
                error={e[`stage:${s.id}`]}
              >
                {(aria) => (
                  <select {...aria} name={`stage:${s.id}`}>
                    <option value="crm" selected={s.source === 'crm'}>
                      {`From the CRM (${s.closed ? (s.won ? 'won' : 'lost') : 'pause'})`}
                    </option>
                    {stageKinds.map((k) => (
                      <option value={k} selected={s.source === 'setting' && s.action === k}>
                        {k}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
            {session.role === 'admin' ? (
              <button type="submit">{`Save ${p.label}`}</button>
            ) : (
              <p class="hint">Only an admin can save.</p>
            )}
          </form>
        );
      })}
    </section>
  );
}
