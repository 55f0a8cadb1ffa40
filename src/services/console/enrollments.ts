import { and, desc, eq, ilike, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { getVersion } from '../../db/queries/sequences';
import { contacts, enrollments, sends, sequences } from '../../db/schema';
import { enrollmentStatuses } from '../../domain/sequences/machine';
import { err, ok, type Result } from '../../lib/result';
import { explainNextStep, SCHEDULING_EVENTS, type WhyThen } from '../crm/card-why';
import type { AppDeps } from '../deps';
import { type EnrollError, type Enrolled, enrollInTx } from '../sequences/enroll';
import { getEnrollmentStory } from '../sequences/enrollment-history';
import { exitEnrollment } from '../sequences/exit';
import { pauseEnrollment, resumeEnrollment } from '../sequences/pause';

export const PAGE_SIZE = 50;

/** Event types that record what became of a send. */
const OUTCOMES = new Set(['email_sent', 'send_refused', 'send_unknown', 'bounced']);

export type EnrollmentListRow = {
  id: string;
  email: string;
  name: string | null;
  sequenceName: string;
  status: string;
  pauseReason: string | null;
  stepKey: string | null;
  stepDueAt: Date | null;
};

export function isStatus(v: unknown): v is (typeof enrollmentStatuses)[number] {
  return typeof v === 'string' && (enrollmentStatuses as readonly string[]).includes(v);
}

/** One page of the installation's enrollments, newest first, searched by contact email or name. */
export async function listConsoleEnrollments(
  db: Queryable,
  params: { installationId: string; q?: string; status?: string; offset: number },
): Promise<{ rows: EnrollmentListRow[]; more: boolean }> {
  const where: SQL[] = [eq(enrollments.installationId, params.installationId)];
  if (params.status && isStatus(params.status)) where.push(eq(enrollments.status, params.status));
  const q = params.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const match = or(
      ilike(contacts.email, like),
      sql`concat_ws(' ', ${contacts.firstName}, ${contacts.lastName}) ilike ${like}`,
    );
    if (match) where.push(match);
  }
  const rows = await db
    .select({
      id: enrollments.id,
      email: contacts.email,
      first: contacts.firstName,
      last: contacts.lastName,
      sequenceName: sequences.name,
      status: enrollments.status,
      pauseReason: enrollments.pauseReason,
      stepKey: enrollments.currentStepKey,
      stepDueAt: enrollments.stepDueAt,
    })
    .from(enrollments)
    .innerJoin(contacts, eq(contacts.id, enrollments.contactId))
    .innerJoin(sequences, eq(sequences.id, enrollments.sequenceId))
    .where(and(...where))
    .orderBy(desc(enrollments.enrolledAt), desc(enrollments.id))
    .limit(PAGE_SIZE + 1)
    .offset(params.offset);
  return {
    rows: rows.slice(0, PAGE_SIZE).map(({ first, last, ...r }) => ({
      ...r,
      name: [first, last].filter(Boolean).join(' ') || null,
    })),
    more: rows.length > PAGE_SIZE,
  };
}

/** Sequences that take enrollments: published and not archived. */
export function listEnrollableSequences(db: Queryable, installationId: string) {
  return db
    .select({ id: sequences.id, name: sequences.name })
    .from(sequences)
    .where(
      and(
        eq(sequences.installationId, installationId),
        isNotNull(sequences.activeVersionId),
        isNull(sequences.archivedAt),
      ),
    )
    .orderBy(sequences.name);
}

/** Enrolls an existing contact, found by email, with the service POST /v1/enrollments uses. */
export async function enrollByEmail(
  deps: AppDeps,
  params: { installationId: string; email: string; sequenceId: string; actor: string },
): Promise<Result<Enrolled, EnrollError>> {
  return deps.db.transaction(async (tx) => {
    const [contact] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          eq(contacts.installationId, params.installationId),
          eq(contacts.email, params.email.trim().toLowerCase()),
        ),
      );
    if (!contact) return err({ code: 'contact_not_found' as const });
    return enrollInTx(deps, tx, {
      installationId: params.installationId,
      contactId: contact.id,
      sequenceId: params.sequenceId,
      source: 'api',
      actor: params.actor,
    });
  });
}

export type StoryItem =
  | {
      kind: 'event';
      at: Date;
      type: string;
      from: string | null;
      to: string;
      stepKey: string | null;
      reason: string;
      actor: string;
    }
  | {
      kind: 'send';
      at: Date;
      stepKey: string;
      status: string;
      subject: string;
      sentAt: Date | null;
      plannedAt: Date | null;
      zone: string | null;
      zoneSource: string | null;
      reasons: string[];
      error: string | null;
    };

export type EnrollmentStory = {
  id: string;
  status: string;
  pauseReason: string | null;
  stepKey: string | null;
  stepDueAt: Date | null;
  enrolledAt: Date;
  exitReason: string | null;
  contact: { email: string; name: string | null; zone: string | null; zoneSource: string | null };
  sequence: { id: string; name: string };
  items: StoryItem[];
  next: WhyThen;
};

/** Every transition and every send of one enrollment in time order, with why the next step goes when it does. */
export async function loadEnrollmentStory(
  db: Queryable,
  params: { installationId: string; id: string },
): Promise<EnrollmentStory | null> {
  const story = await getEnrollmentStory(db, params);
  if (!story) return null;
  const e = story.enrollment;
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, e.contactId));
  const [sequence] = await db.select().from(sequences).where(eq(sequences.id, e.sequenceId));
  const sendRows = await db
    .select()
    .from(sends)
    .where(and(eq(sends.installationId, params.installationId), eq(sends.enrollmentId, e.id)));
  const items: StoryItem[] = [
    ...story.events.map((v) => ({
      kind: 'event' as const,
      at: v.at,
      type: v.type,
      from: v.fromStatus,
      to: v.toStatus,
      stepKey: v.stepKey,
      reason: v.reason,
      actor: v.actor,
    })),
    ...sendRows.map((s) => ({
      kind: 'send' as const,
      at: s.sentAt ?? s.createdAt,
      stepKey: s.stepKey,
      status: s.status,
      subject: s.subject,
      sentAt: s.sentAt,
      plannedAt: s.plannedAt,
      zone: s.zone,
      zoneSource: s.zoneSource,
      reasons: s.reasons,
      error: s.error,
    })),
  ];
  // At equal times (one job run), a send sits just before the event that recorded its outcome.
  const rank = (i: StoryItem, n: number): number => {
    if (i.kind === 'event') return n * 2;
    const k = story.events.findIndex((v) => v.stepKey === i.stepKey && OUTCOMES.has(v.type));
    return k >= 0 ? k * 2 - 1 : Number.MAX_SAFE_INTEGER;
  };
  const ranked = items.map((item, n) => ({ item, r: rank(item, n) }));
  ranked.sort((a, b) => a.item.at.getTime() - b.item.at.getTime() || a.r - b.r);
  const scheduled =
    [...story.events]
      .reverse()
      .find((v) => SCHEDULING_EVENTS.has(v.type) && v.stepKey === e.currentStepKey) ?? null;
  const version = await getVersion(db, e.sequenceVersionId);
  const steps = version?.definition.steps ?? [];
  const index = steps.findIndex((s) => s.key === e.currentStepKey);
  const live = e.status === 'active' || e.status === 'paused';
  return {
    id: e.id,
    status: e.status,
    pauseReason: e.pauseReason,
    stepKey: e.currentStepKey,
    stepDueAt: e.stepDueAt,
    enrolledAt: e.enrolledAt,
    exitReason: e.exitReason,
    contact: {
      email: contact?.email ?? '',
      name: [contact?.firstName, contact?.lastName].filter(Boolean).join(' ') || null,
      zone: contact?.timeZone ?? null,
      zoneSource: contact?.timeZoneSource ?? null,
    },
    sequence: { id: e.sequenceId, name: sequence?.name ?? e.sequenceId },
    items: ranked.map((x) => x.item),
    next: live
      ? explainNextStep({
          status: e.status,
          pauseReason: e.pauseReason,
          pausedUntil: e.pausedUntil,
          stepDueAt: e.stepDueAt,
          delay: steps[index]?.delay ?? null,
          firstStep: index === 0,
          scheduled,
        })
      : { nextStepAt: null, local: null, timeZone: null, why: [] },
  };
}

export type EnrollmentAction = 'pause' | 'resume' | 'remove';
export type ActionError = { code: 'not_found' } | { code: 'invalid_transition'; status: string };

/** Pause, resume or remove, with the services the /v1/enrollments/{id}/... routes use; scoped first. */
export async function changeEnrollment(
  deps: AppDeps,
  params: { installationId: string; id: string; action: EnrollmentAction; actor: string },
): Promise<Result<{ status: string }, ActionError>> {
  const [found] = await deps.db
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.installationId, params.installationId), eq(enrollments.id, params.id)));
  if (!found) return err({ code: 'not_found' });
  const { id, actor } = params;
  const result = await deps.db.transaction((tx) => {
    switch (params.action) {
      case 'pause':
        return pauseEnrollment(deps, tx, id, { reason: 'manual', until: null, actor });
      case 'resume':
        return resumeEnrollment(deps, tx, id, { actor, reason: 'manual resume' });
      case 'remove':
        return exitEnrollment(
          deps,
          tx,
          id,
          { type: 'remove', reason: 'manual' },
          { reason: 'manual', actor },
        );
    }
  });
  return result.ok ? ok({ status: result.value.status }) : result;
}
