/** @jsxImportSource hono/jsx */
import type { EnrollmentStory } from '../../services/console/enrollments';
import type { ConsoleSession } from '../../services/console/sessions';
import { local, StatusBadge, utc } from './enrollments';
import { Csrf, type Flash, Page } from './layout';

function When(props: { at: Date | null; zone: string | null }) {
  const there = local(props.at, props.zone);
  return (
    <span>
      <time datetime={props.at?.toISOString()}>{utc(props.at)}</time>
      {there ? ` · ${there} (${props.zone})` : ''}
    </span>
  );
}

function Action(props: {
  session: ConsoleSession;
  id: string;
  action: string;
  label: string;
  danger?: boolean;
}) {
  return (
    <form class="inline" method="post" action={`/app/enrollments/${props.id}/${props.action}`}>
      <Csrf session={props.session} />
      <button type="submit" class={props.danger ? 'danger' : 'secondary'}>
        {props.label}
      </button>
    </form>
  );
}

export function EnrollmentStoryPage(props: {
  session: ConsoleSession;
  flash?: Flash | undefined;
  story: EnrollmentStory;
}) {
  const { story: s, session } = props;
  const zone = s.contact.zone;
  const who = s.contact.name ? `${s.contact.name} <${s.contact.email}>` : s.contact.email;
  return (
    <Page
      title={`Enrollment of ${s.contact.email}`}
      session={session}
      section="enrollments"
      flash={props.flash}
    >
      <p>
        <a href="/app/enrollments">All enrollments</a>
      </p>
      <dl class="facts">
        <dt>Contact</dt>
        <dd>
          {who}
          {zone
            ? ` · zone ${zone}${s.contact.zoneSource ? ` (${s.contact.zoneSource})` : ''}`
            : ' · no zone known'}
        </dd>
        <dt>Sequence</dt>
        <dd>
          <a href={`/app/sequences/${s.sequence.id}`}>{s.sequence.name}</a>
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={s.status} />
          {s.pauseReason ? ` (${s.pauseReason})` : ''}
          {s.exitReason ? ` · ${s.exitReason}` : ''}
        </dd>
        <dt>Enrolled</dt>
        <dd>
          <When at={s.enrolledAt} zone={zone} />
        </dd>
      </dl>
      <div class="row">
        {s.status === 'active' ? <Action session={session} id={s.id} action="pause" label="Pause" /> : null}
        {s.status === 'paused' ? <Action session={session} id={s.id} action="resume" label="Resume" /> : null}
        {(s.status === 'active' || s.status === 'paused') && session.role === 'admin' ? (
          <Action session={session} id={s.id} action="remove" label="Remove from sequence" danger />
        ) : null}
      </div>
      <section class="card" aria-labelledby="next-h">
        <h2 id="next-h">Next step</h2>
        {s.status === 'active' || s.status === 'paused' ? (
          <div id="next-step">
            <p>
              Step <strong>{s.stepKey ?? '—'}</strong>
              {s.status === 'active' ? (
                <span>
                  {' '}
                  is due <When at={s.stepDueAt} zone={zone} />
                </span>
              ) : (
                ' is on hold'
              )}
            </p>
            <ul>
              {s.next.why.map((w) => (
                <li>{w}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p>None: the enrollment has ended.</p>
        )}
      </section>
      <section aria-labelledby="story-h">
        <h2 id="story-h">Story</h2>
        <div class="table-wrap">
          <table id="story">
            <caption>Every transition and every send, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">What</th>
                <th scope="col">Step</th>
                <th scope="col">Why</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {s.items.map((i) =>
                i.kind === 'event' ? (
                  <tr class="event">
                    <td>
                      <When at={i.at} zone={zone} />
                    </td>
                    <td>
                      {i.type}: {i.from ?? 'new'} → {i.to}
                    </td>
                    <td>{i.stepKey ?? ''}</td>
                    <td>{i.reason}</td>
                    <td>{i.actor}</td>
                  </tr>
                ) : (
                  <tr class="send">
                    <td>
                      <When at={i.at} zone={zone} />
                    </td>
                    <td>
                      Email {i.status}: “{i.subject}”{i.error ? ` (${i.error})` : ''}
                    </td>
                    <td>{i.stepKey}</td>
                    <td>
                      {i.reasons.length > 0 ? i.reasons.join('; ') : 'due now, inside the send window'}
                      {i.plannedAt ? ` · planned ${utc(i.plannedAt)}` : ''}
                      {` · zone ${i.zone ?? 'UTC'} (${i.zoneSource ?? 'default'})`}
                    </td>
                    <td>sequence</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      </section>
    </Page>
  );
}
