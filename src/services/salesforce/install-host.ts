import { err, ok, type Result } from '../../lib/result';

export type HostError = { code: 'invalid_domain' | 'invalid_env'; message: string };

/** Salesforce's sandbox login host, whatever the configured production one is. */
export const SANDBOX_LOGIN_URL = 'https://test.salesforce.com';

// A My Domain login host: `acme`, `acme--uat.sandbox`, `acme-dev-ed.develop`, `x.scratch`. Nothing
// else: the host receives the code and, at the callback, our client secret and the PKCE verifier.
const MY_DOMAIN =
  /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?(?:\.(?:sandbox|develop|scratch))?\.my\.salesforce\.com$/;

/**
 * Where the admin logs in: their My Domain when given (an org may block the generic hosts), else
 * test.salesforce.com for a sandbox, else the configured production login URL.
 */
export function loginUrlFor(
  configured: string,
  input: { env?: string | undefined; domain?: string | undefined },
): Result<string, HostError> {
  const env = input.env ?? 'production';
  if (env !== 'production' && env !== 'sandbox')
    return err({ code: 'invalid_env', message: 'env must be production or sandbox' });
  if (input.domain !== undefined) {
    // `https://acme.my.salesforce.com/` is accepted as its host; any other scheme, path or port is not.
    const host = input.domain
      .trim()
      .toLowerCase()
      .replace(/^https:\/\//, '')
      .replace(/\/$/, '');
    if (!MY_DOMAIN.test(host))
      return err({
        code: 'invalid_domain',
        message: 'domain must be a My Domain host such as acme.my.salesforce.com (https only)',
      });
    return ok(`https://${host}`);
  }
  return ok(env === 'sandbox' ? SANDBOX_LOGIN_URL : configured.replace(/\/$/, ''));
}
