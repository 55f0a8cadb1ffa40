import { createHash, randomBytes } from 'node:crypto';
import { createApiKey, createInstallation } from '../../src/services/installations';
import { type SalesforceCredentials, writeCredentials } from '../../src/services/salesforce/token-store';
import type { TestContext } from './context';
import { apiFor } from './fixtures';
import type { FakeOrg } from './salesforce-fake';

const REDIRECT = 'http://tandem.test/oauth/salesforce/callback';

/** The web-server flow with PKCE against the fake, as install does it: authorize, then the code for tokens. */
async function grantTokens(org: FakeOrg) {
  const verifier = randomBytes(48).toString('base64url');
  const authorize = new URL('/services/oauth2/authorize', org.url);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'sfcid',
    redirect_uri: REDIRECT,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const consent = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`authorize gave no code (${consent.status})`);
  const res = await fetch(new URL('/services/oauth2/token', org.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: 'sfcid',
      client_secret: 'sfsec',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as {
    access_token: string;
    refresh_token: string;
    instance_url: string;
    id: string;
    scope: string;
  };
}

/** A connected Salesforce installation (tokens issued by the fake, sealed as install stores them) and an API client. */
export async function connectedSalesforce(
  ctx: TestContext,
  org: FakeOrg,
  settings: Record<string, unknown> = {},
) {
  const grant = await grantTokens(org);
  const [orgId = '', userId = ''] = new URL(grant.id).pathname.split('/').slice(-2);
  const row = await createInstallation(ctx.deps.db, {
    name: `org ${orgId}`,
    crm: 'salesforce',
    externalId: orgId,
    settings,
  });
  const creds: SalesforceCredentials = {
    accessToken: grant.access_token,
    refreshToken: grant.refresh_token,
    instanceUrl: grant.instance_url,
    orgId,
    userId,
    loginUrl: org.url,
    scopes: grant.scope.split(' '),
  };
  await writeCredentials(ctx.deps, ctx.deps.db, row.id, creds);
  const { key } = await createApiKey(ctx.deps.db, { installationId: row.id, name: 't', role: 'admin' });
  return { installationId: row.id, api: apiFor(ctx, key) };
}
