/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { ConsoleSession } from '../../services/console/sessions';
import { consoleCss } from './styles';

/** The console's sections, in the order of the navigation. */
export const sections = [
  { key: 'overview', href: '/app', label: 'Overview' },
  { key: 'connections', href: '/app/connections', label: 'Connections' },
  { key: 'sequences', href: '/app/sequences', label: 'Sequences' },
  { key: 'enrollments', href: '/app/enrollments', label: 'Enrollments' },
  { key: 'inbound', href: '/app/inbound', label: 'Inbound' },
  { key: 'suppressions', href: '/app/suppressions', label: 'Suppressions' },
  { key: 'scoring', href: '/app/scoring', label: 'Scoring' },
  { key: 'settings', href: '/app/settings', label: 'Settings' },
] as const;

export type SectionKey = (typeof sections)[number]['key'];

export type Flash = { kind: 'ok' | 'error'; text: string };

/** Every form that changes something carries the session's CSRF token. */
export function Csrf(props: { session: ConsoleSession }) {
  return <input type="hidden" name="_csrf" value={props.session.csrfToken} />;
}

/** A page of the signed-in console. */
export function Page(props: {
  title: string;
  session: ConsoleSession;
  section: SectionKey;
  flash?: Flash | undefined;
  children?: Child;
  /** Small page scripts (progressive: the page works without them). */
  script?: string;
}) {
  const { session } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={session.csrfToken} />
        <title>{`${props.title} · Tandem`}</title>
        <style>{consoleCss}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/app">
            Tandem
          </a>
          <nav class="main" aria-label="Console">
            <ul>
              {sections.map((s) => (
                <li>
                  <a href={s.href} aria-current={s.key === props.section ? 'page' : undefined}>
                    {s.label}
                  </a>
                </li>
              ))}
              <li>
                <a href="/docs">API reference</a>
              </li>
            </ul>
          </nav>
          <div class="who">
            <span>
              {session.label} ({session.role})
            </span>
            <form class="inline" method="post" action="/app/logout">
              <Csrf session={session} />
              <button type="submit" class="secondary">
                Sign out
              </button>
            </form>
          </div>
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.flash ? (
            <p class={`flash ${props.flash.kind}`} role={props.flash.kind === 'error' ? 'alert' : 'status'}>
              {props.flash.text}
            </p>
          ) : null}
          {props.children}
        </main>
        {/* Our own code, never user input: JSX would escape its quotes and break it. */}
        {props.script ? <script dangerouslySetInnerHTML={{ __html: props.script }} /> : null}
      </body>
    </html>
  );
}

/** Pages outside a session (sign-in, errors). */
export function Bare(props: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Tandem`}</title>
        <style>{consoleCss}</style>
      </head>
      <body>
        <header class="top">
          <span class="brand">Tandem</span>
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A labelled field with its hint and, when publish or validation refused it, the error beside it. */
export function Field(props: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: (aria: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => Child;
}) {
  const described = [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children({
        id: props.id,
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
