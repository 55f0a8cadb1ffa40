/** @jsxImportSource hono/jsx */
import type { ConsoleSession } from '../../services/console/sessions';
import type { SuppressionsView } from '../../services/console/suppressions';
import { Csrf, type Flash, Page } from './layout';

const when = (d: Date | null | undefined) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '');

export function SuppressionsPage(props: {
  session: ConsoleSession;
  view: SuppressionsView;
  flash?: Flash | undefined;
  /** A lift the server refused: the contact and the message to show beside its reason field. */
  error?: { contactId: string; message: string } | undefined;
}) {
  const { suppressed, lifts, unknown } = props.view;
  const admin = props.session.role === 'admin';
  return (
    <Page title="Suppressions" session={props.session} section="suppressions" flash={props.flash}>
      <h2 id="suppressed">Suppressed contacts</h2>
      <p class="hint">
        Nothing is sent to these contacts. Lifting lets them be enrolled again; enrollments that exited stay
        exited. {admin ? '' : 'Lifting needs an admin sign-in.'}
      </p>
      {suppressed.length === 0 ? (
        <p>No suppressed contacts.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Reason</th>
                <th scope="col">Since</th>
                {admin ? <th scope="col">Lift</th> : null}
              </tr>
            </thead>
            <tbody>
              {suppressed.map((s) => {
                const err = props.error?.contactId === s.contactId ? props.error.message : undefined;
                const id = `reason-${s.contactId}`;
                return (
                  <tr>
                    <td>{s.email}</td>
                    <td>{s.reason}</td>
                    <td>{when(s.suppressedAt)}</td>
                    {admin ? (
                      <td>
                        <form class="row" method="post" action={`/app/suppressions/${s.contactId}/lift`}>
                          <Csrf session={props.session} />
                          <div class="field">
                            <label for={id}>Reason to lift {s.email}</label>
                            <input
                              type="text"
                              id={id}
                              name="reason"
                              required
                              maxlength={500}
                              {...(err ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {})}
                            />
                            {err ? (
                              <p class="field-error" id={`${id}-error`}>
                                {err}
                              </p>
                            ) : null}
                          </div>
                          <button type="submit" class="danger">
                            Lift
                          </button>
                        </form>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="lifted">Lifted suppressions</h2>
      {lifts.length === 0 ? (
        <p>No suppression has been lifted.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Was suppressed for</th>
                <th scope="col">Since</th>
                <th scope="col">Lifted</th>
                <th scope="col">By</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {lifts.map((l) => (
                <tr>
                  <td>{l.email}</td>
                  <td>{l.suppressionReason ?? 'manual'}</td>
                  <td>{when(l.suppressedAt)}</td>
                  <td>{when(l.liftedAt)}</td>
                  <td>{l.liftedBy}</td>
                  <td>{l.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="unknown-sends">Sends with unknown outcome</h2>
      <p class="hint">
        The mail server neither confirmed nor refused these, so the message may or may not have gone out. They
        are never retried automatically, to never send twice. Check the mail provider's log for the
        Message-ID: if it was delivered, do nothing; if not, send it again by hand or re-enroll the contact.
      </p>
      {unknown.length === 0 ? (
        <p>No sends with unknown outcome.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Step</th>
                <th scope="col">Message-ID</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {unknown.map((s) => (
                <tr>
                  <td>{when(s.createdAt)}</td>
                  <td>{s.toAddress}</td>
                  <td>{s.subject}</td>
                  <td>
                    <a href={`/app/enrollments/${s.enrollmentId}`}>{s.stepKey}</a>
                  </td>
                  <td>
                    <code>{s.messageId}</code>
                  </td>
                  <td>{s.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
