import type { AppDeps } from '../deps';

/**
 * A privacy deletion (GDPR): ends the contact's enrollments and erases its personal data from every
 * table, keeping only anonymous counts.
 */
export async function eraseContact(
  _deps: AppDeps,
  _installationId: string,
  _externalId: string,
  _now: Date,
): Promise<'applied' | 'ignored'> {
  return 'ignored';
}
