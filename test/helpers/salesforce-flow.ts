import type { TestContext } from './context';
import type { FakeOrg } from './salesforce-fake';

/** A Flow's HTTP Callout through the Named Credential: the org id and its secret as custom headers. */
export async function flowCallout(
  ctx: TestContext,
  org: FakeOrg,
  secret: string,
  path: string,
  body: unknown,
) {
  const res = await ctx.app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-tandem-org': org.fake.state.orgId,
      'x-tandem-secret': secret,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
