import { and, eq } from 'drizzle-orm';
import { contacts, crmOutbox, engagementEvents, enrollments, inboundMessages } from '../../src/db/schema';
import type { TestContext } from './context';
import { type Api, drainJobs, newInstallation, publishedSequence, type StepSpec, sendRows } from './fixtures';

// The real-mail corpus beside the repo; tests that read it declare themselves with `itCorpus`.
export { corpusDir, corpusFile } from './corpus';

/** The installation's inbound token, as an admin would fetch it once. */
export async function inboundToken(api: Api): Promise<string> {
  const res = await api.post('/v1/inbound/token');
  if (res.status !== 201) throw new Error(`token: ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export async function postInbound(
  ctx: TestContext,
  token: string | null,
  body: string,
  contentType = 'message/rfc822',
  extraHeaders: Record<string, string> = {},
) {
  const res = await ctx.app.request('/v1/inbound/email', {
    method: 'POST',
    headers: {
      'content-type': contentType,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extraHeaders,
    },
    body,
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

export type RawMail = {
  from?: string;
  to?: string;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  headers?: string[];
  body: string;
};

/** A plain RFC 822 message, CRLF line ends. */
export function rawMail(m: RawMail): string {
  const lines = [
    `From: ${m.from ?? 'Ann <ann@example.com>'}`,
    `To: ${m.to ?? 'Tandem <sequences@tandem.localhost>'}`,
    `Subject: ${m.subject ?? 'Re: Intro'}`,
    'Date: Mon, 02 Mar 2026 15:00:00 +0000',
    `Message-ID: ${m.messageId ?? `<r${Math.random().toString(16).slice(2)}@mail.example.com>`}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`, `References: ${m.inReplyTo}`] : []),
    ...(m.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body,
  ];
  return lines.join('\r\n');
}

export const threeSteps: StepSpec[] = [
  { key: 'intro', subject: 'Intro' },
  { key: 'bump', subject: 'Bump', delay: { amount: 2, unit: 'days' } },
  { key: 'last', subject: 'Last', delay: { amount: 3, unit: 'days' } },
];

/** An installation with its inbound token and one contact enrolled in a published sequence. */
export async function enrolledSetup(ctx: TestContext, email = 'ann@example.com', steps = threeSteps) {
  const setup = await newInstallation(ctx);
  const seq = await publishedSequence(setup.api, steps);
  const res = await setup.api.post('/v1/enrollments', {
    sequenceId: seq.sequenceId,
    contact: { email, firstName: 'Ann' },
  });
  if (res.status !== 201) throw new Error(`enroll: ${JSON.stringify(res.body)}`);
  const token = await inboundToken(setup.api);
  return {
    ...setup,
    ...seq,
    token,
    enrollmentId: res.body.enrollment.id as string,
    contactId: res.body.enrollment.contactId as string,
  };
}

/** Sends the first step and returns its send row (with our Message-ID). */
export async function sendFirst(ctx: TestContext, enrollmentId: string) {
  await drainJobs(ctx, 1);
  const [send] = await sendRows(ctx, enrollmentId);
  if (!send) throw new Error('no send');
  return send;
}

export async function enrollmentRow(ctx: TestContext, id: string) {
  const [row] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, id));
  return row!;
}

export async function contactRow(ctx: TestContext, id: string) {
  const [row] = await ctx.handle.db.select().from(contacts).where(eq(contacts.id, id));
  return row!;
}

export async function outboxRows(ctx: TestContext, contactId: string) {
  return ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.contactId, contactId));
}

export async function eventsOf(ctx: TestContext, contactId: string, type?: string) {
  const rows = await ctx.handle.db
    .select()
    .from(engagementEvents)
    .where(eq(engagementEvents.contactId, contactId))
    .orderBy(engagementEvents.occurredAt);
  return type ? rows.filter((r) => r.type === type) : rows;
}

export async function inboundRows(ctx: TestContext, installationId: string) {
  return ctx.handle.db
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.installationId, installationId)));
}
