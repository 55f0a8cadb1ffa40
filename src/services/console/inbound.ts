import { and, eq } from 'drizzle-orm';
import { contacts, enrollments } from '../../db/schema';
import type { AppDeps } from '../deps';
import { listCorrections } from '../engagement/inbound-correct';
import { getInbound, type InboundStatus, listInbound } from '../engagement/inbound-list';

export type InboundDetail = NonNullable<Awaited<ReturnType<typeof loadInboundDetail>>>;

/** The inbound page's list: newest first, unmatched only when asked. */
export async function loadInboundList(
  deps: Pick<AppDeps, 'db'>,
  installationId: string,
  status: InboundStatus | undefined,
) {
  return listInbound(deps.db, { installationId, status, limit: 200 });
}

/** One message with the contact and enrollment it matched (their state now) and its corrections. */
export async function loadInboundDetail(deps: Pick<AppDeps, 'db'>, installationId: string, id: string) {
  const message = await getInbound(deps.db, { installationId, id });
  if (!message) return null;
  const [contact] = message.contactId
    ? await deps.db
        .select({ id: contacts.id, email: contacts.email, suppressedAt: contacts.suppressedAt })
        .from(contacts)
        .where(and(eq(contacts.installationId, installationId), eq(contacts.id, message.contactId)))
    : [];
  const [enrollment] = message.enrollmentId
    ? await deps.db
        .select({
          id: enrollments.id,
          status: enrollments.status,
          pauseReason: enrollments.pauseReason,
          pausedUntil: enrollments.pausedUntil,
          currentStepKey: enrollments.currentStepKey,
          exitReason: enrollments.exitReason,
        })
        .from(enrollments)
        .where(and(eq(enrollments.installationId, installationId), eq(enrollments.id, message.enrollmentId)))
    : [];
  const corrections = await listCorrections(deps.db, { installationId, inboundId: id });
  return { message, contact: contact ?? null, enrollment: enrollment ?? null, corrections };
}
