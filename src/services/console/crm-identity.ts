// Console sign-in through a CRM: the identity the CRM vouches for -> the installation of its portal
// or org -> a session. Only the identity is kept; the sign-in's own tokens are dropped.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';
import { type ConsoleSession, startSession } from './sessions';

export type CrmIdentity = {
  crm: 'hubspot' | 'salesforce';
  /** HubSpot's hub id or Salesforce's 18-character org id: the installation's external_id. */
  externalId: string;
  userId: string;
  email: string | null;
};

export type IdentityError = { code: 'oauth_code_rejected' | 'crm_unavailable'; message: string };

export type SignInResult =
  | { ok: true; token: string; session: ConsoleSession }
  | { ok: false; code: 'not_installed'; message: string };

const place = (identity: CrmIdentity) =>
  identity.crm === 'hubspot'
    ? `HubSpot portal ${identity.externalId}`
    : `Salesforce org ${identity.externalId}`;

/**
 * A session in the installation of the identity's portal or org. Every CRM user is an admin for
 * now: mapping CRM roles (HubSpot super admin, Salesforce profile) to admin or rep is still to do.
 */
export async function signInWithCrm(db: Queryable, identity: CrmIdentity, now: Date): Promise<SignInResult> {
  const [row] = await db
    .select({ id: installations.id })
    .from(installations)
    .where(and(eq(installations.crm, identity.crm), eq(installations.externalId, identity.externalId)));
  if (!row)
    return { ok: false, code: 'not_installed', message: `Tandem is not installed in ${place(identity)}` };
  const started = await startSession(db, {
    installationId: row.id,
    identity: `${identity.crm}:${identity.userId}`,
    label: identity.email ?? `${identity.crm} user ${identity.userId}`,
    role: 'admin',
    now,
  });
  return { ok: true, ...started };
}
