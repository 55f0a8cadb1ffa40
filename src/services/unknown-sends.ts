import { and, desc, eq } from 'drizzle-orm';
import { sends } from '../db/schema';
import type { Scope } from './api-keys';
import type { AppDeps } from './deps';

export type SendStatus = (typeof sends.$inferSelect)['status'];

export type SendSummary = {
  id: string;
  installationId: string;
  enrollmentId: string;
  contactId: string;
  stepKey: string;
  status: SendStatus;
  toAddress: string;
  subject: string;
  messageId: string;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/**
 * Sends by status, newest first. `unknown` ones (the transport may or may not have delivered them)
 * are never retried automatically (invariant 5): a person decides.
 */
export async function listSends(
  deps: Pick<AppDeps, 'db'>,
  scope: Scope,
  input: { status: SendStatus; limit?: number },
): Promise<SendSummary[]> {
  return deps.db
    .select({
      id: sends.id,
      installationId: sends.installationId,
      enrollmentId: sends.enrollmentId,
      contactId: sends.contactId,
      stepKey: sends.stepKey,
      status: sends.status,
      toAddress: sends.toAddress,
      subject: sends.subject,
      messageId: sends.messageId,
      error: sends.error,
      createdAt: sends.createdAt,
      sentAt: sends.sentAt,
    })
    .from(sends)
    .where(
      and(
        eq(sends.status, input.status),
        scope.installationId === null ? undefined : eq(sends.installationId, scope.installationId),
      ),
    )
    .orderBy(desc(sends.createdAt), sends.id)
    .limit(input.limit ?? 500);
}

export const sendStatuses = sends.status.enumValues;
