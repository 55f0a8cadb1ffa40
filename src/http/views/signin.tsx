/** @jsxImportSource hono/jsx */
import { Bare } from './layout';

export function SignInPage(props: {
  hubspot: boolean;
  salesforce: boolean;
  next: string;
  error?: string | undefined;
}) {
  const next = props.next === '/app' ? '' : `?next=${encodeURIComponent(props.next)}`;
  return (
    <Bare title="Sign in">
      {props.error ? (
        <p class="flash error" role="alert">
          {props.error}
        </p>
      ) : null}
      <p>
        Sign in with the CRM account of a portal or org where Tandem is installed. You see that installation
        only.
      </p>
      <div class="row">
        {props.hubspot ? (
          <a class="button" href={`/app/login/hubspot${next}`}>
            Sign in with HubSpot
          </a>
        ) : null}
        {props.salesforce ? (
          <a class="button" href={`/app/login/salesforce${next}`}>
            Sign in with Salesforce
          </a>
        ) : null}
      </div>
      {!props.hubspot && !props.salesforce ? (
        <p class="hint">No CRM app is configured on this server, so only login links work.</p>
      ) : null}
      <h2>Self-hosted operators</h2>
      <p>
        Run <code>npm run cli -- login-link --installation ins_...</code> on the server and open the link it
        prints. A link works once, for 15 minutes.
      </p>
    </Bare>
  );
}

/** The link's landing page: a button, so a mail scanner or a preview that fetches the link spends nothing. */
export function LoginLinkPage(props: { token: string; next: string }) {
  return (
    <Bare title="Sign in with a login link">
      <form method="post" action="/app/login/link">
        <input type="hidden" name="token" value={props.token} />
        <input type="hidden" name="next" value={props.next} />
        <button type="submit">Sign in</button>
      </form>
    </Bare>
  );
}

export function ErrorPage(props: { status: number; message: string }) {
  const title =
    props.status === 404 ? 'Not found' : props.status === 403 ? 'Forbidden' : 'Something went wrong';
  return (
    <Bare title={title}>
      <p>{props.message}</p>
      <p>
        <a href="/app">Back to the console</a>
      </p>
    </Bare>
  );
}
