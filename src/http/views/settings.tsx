/** @jsxImportSource hono/jsx */
import type { CadenceSettings } from '../../domain/cadence/settings';
import type { ReplyPolicy } from '../../domain/inbound/reply-policy';
import type { ConsoleSession } from '../../services/console/sessions';
import type { DealStagesView } from '../../services/crm/deal-settings';
import { Csrf, Field, type Flash, Page } from './layout';
import { type DealErrors, DealStagesSection } from './settings-deals';

/** What the form shows: strings, so a refused value is shown back as typed. */
export type CadenceForm = {
  days: number[];
  start: string;
  end: string;
  weekend: string;
  excludeHolidays: boolean;
  minSpacingHours: string;
  capCount: string;
  capDays: string;
  defaultZone: string;
  countTasksTowardCap: boolean;
};

export function cadenceForm(s: CadenceSettings): CadenceForm {
  return {
    days: [...s.window.days],
    start: s.window.start,
    end: s.window.end,
    weekend: Array.isArray(s.weekend) ? s.weekend.join(',') : String(s.weekend),
    excludeHolidays: s.excludeHolidays,
    minSpacingHours: String(s.minSpacingHours),
    capCount: String(s.cap.count),
    capDays: String(s.cap.days),
    defaultZone: s.defaultZone,
    countTasksTowardCap: s.countTasksTowardCap,
  };
}

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Errors by the service's paths (window.end, cap.count, ...). */
export type FieldErrors = Record<string, string>;

export function SettingsPage(props: {
  session: ConsoleSession;
  form: CadenceForm;
  reply: ReplyPolicy;
  deals: DealStagesView;
  dealErrors?: DealErrors | undefined;
  errors?: FieldErrors | undefined;
  replyErrors?: FieldErrors | undefined;
  flash?: Flash | undefined;
}) {
  const { session, form } = props;
  const e = props.errors ?? {};
  const isAdmin = session.role === 'admin';
  const other = Object.entries(e).filter(([k]) => !known.includes(k));
  return (
    <Page title="Settings" session={session} section="settings" flash={props.flash}>
      <section class="card" aria-labelledby="cadence-h">
        <h2 id="cadence-h">Cadence</h2>
        <form method="post" action="/app/settings/cadence" novalidate>
          <Csrf session={session} />
          <fieldset aria-describedby={e['window.days'] ? 'days-error' : undefined}>
            <legend>Send window days</legend>
            {weekdays.map((d, i) => (
              <label class="inline">
                <input
                  type="checkbox"
                  name="days"
                  value={String(i + 1)}
                  checked={form.days.includes(i + 1)}
                />
                {` ${d} `}
              </label>
            ))}
            {e['window.days'] ? (
              <p class="field-error" id="days-error">
                {e['window.days']}
              </p>
            ) : null}
          </fieldset>
          <Field id="start" label="Window start" hint="HH:mm in the contact's zone" error={e['window.start']}>
            {(aria) => <input {...aria} name="start" value={form.start} />}
          </Field>
          <Field
            id="end"
            label="Window end"
            hint="HH:mm after the start; 24:00 for midnight"
            error={e['window.end']}
          >
            {(aria) => <input {...aria} name="end" value={form.end} />}
          </Field>
          <Field
            id="weekend"
            label="Weekend"
            hint="country (the contact's country), sat_sun, or ISO weekdays such as 5,6"
            error={e.weekend}
          >
            {(aria) => <input {...aria} name="weekend" value={form.weekend} />}
          </Field>
          <label>
            <input type="checkbox" name="excludeHolidays" value="1" checked={form.excludeHolidays} /> Skip
            public holidays of the contact's country
          </label>
          <Field id="minSpacingHours" label="Minimum spacing (hours)" error={e.minSpacingHours}>
            {(aria) => (
              <input {...aria} name="minSpacingHours" inputmode="decimal" value={form.minSpacingHours} />
            )}
          </Field>
          <Field id="capCount" label="Cap: messages" error={e['cap.count']}>
            {(aria) => <input {...aria} name="capCount" inputmode="numeric" value={form.capCount} />}
          </Field>
          <Field id="capDays" label="Cap: per this many days" error={e['cap.days']}>
            {(aria) => <input {...aria} name="capDays" inputmode="numeric" value={form.capDays} />}
          </Field>
          <Field
            id="defaultZone"
            label="Default time zone"
            hint="IANA name, for contacts without one"
            error={e.defaultZone}
          >
            {(aria) => <input {...aria} name="defaultZone" value={form.defaultZone} />}
          </Field>
          <label>
            <input type="checkbox" name="countTasksTowardCap" value="1" checked={form.countTasksTowardCap} />{' '}
            CRM tasks count toward the cap
          </label>
          {other.length > 0 ? (
            <ul class="field-error">
              {other.map(([k, v]) => (
                <li>{k ? `${k}: ${v}` : v}</li>
              ))}
            </ul>
          ) : null}
          {isAdmin ? (
            <button type="submit">Save cadence</button>
          ) : (
            <p class="hint">Only an admin can save.</p>
          )}
        </form>
      </section>
      <ReplyPolicyForm session={session} reply={props.reply} errors={props.replyErrors ?? {}} />
      <DealStagesSection
        session={session}
        view={props.deals}
        {...(props.dealErrors ? { errors: props.dealErrors } : {})}
      />
    </Page>
  );
}

const known = [
  'window.days',
  'window.start',
  'window.end',
  'weekend',
  'minSpacingHours',
  'cap.count',
  'cap.days',
  'defaultZone',
];

const scopes = [
  { value: 'contact', label: 'Every live enrollment of the contact' },
  { value: 'enrollment', label: 'Only the answered enrollment' },
];

function ReplyPolicyForm(props: { session: ConsoleSession; reply: ReplyPolicy; errors: FieldErrors }) {
  const { session, reply, errors } = props;
  return (
    <section class="card" aria-labelledby="reply-h">
      <h2 id="reply-h">Replies and out-of-office</h2>
      <form method="post" action="/app/settings/reply-policy">
        <Csrf session={session} />
        <Field id="replyScope" label="A human reply ends" error={errors.replyScope}>
          {(aria) => (
            <select {...aria} name="replyScope">
              {scopes.map((o) => (
                <option value={o.value} selected={reply.replyScope === o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="oooScope" label="An out-of-office pauses" error={errors.oooScope}>
          {(aria) => (
            <select {...aria} name="oooScope">
              {scopes.map((o) => (
                <option value={o.value} selected={reply.oooScope === o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label>
          <input type="checkbox" name="accountStop" value="1" checked={reply.accountStop} /> A reply also ends
          the enrollments of colleagues at the same company domain
        </label>
        {session.role === 'admin' ? (
          <button type="submit">Save reply policy</button>
        ) : (
          <p class="hint">Only an admin can save.</p>
        )}
      </form>
    </section>
  );
}
