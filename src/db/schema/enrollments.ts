import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { enrollmentStatuses } from '../../domain/sequences/machine';
import { contacts } from './contacts';
import { installationRef } from './installations';
import { sequences, sequenceVersions } from './sequences';

// The state machine owns the list of states; the column follows it.
export const enrollmentStatus = pgEnum('enrollment_status', enrollmentStatuses);
export const pauseReason = pgEnum('pause_reason', ['ooo', 'deal_in_progress', 'manual']);
export const enrollmentSource = pgEnum('enrollment_source', ['api', 'workflow', 'trigger', 'score']);

export const enrollments = pgTable(
  'enrollments',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    sequenceId: text('sequence_id')
      .notNull()
      .references(() => sequences.id, { onDelete: 'cascade' }),
    sequenceVersionId: text('sequence_version_id')
      .notNull()
      .references(() => sequenceVersions.id),
    status: enrollmentStatus('status').notNull(),
    pauseReason: pauseReason('pause_reason'),
    pausedUntil: timestamp('paused_until', { withTimezone: true }),
    /** The step the enrollment is on (null once it has left the sequence). */
    currentStepKey: text('current_step_key'),
    /** When the current step is due; the recovery sweep re-enqueues from this. */
    stepDueAt: timestamp('step_due_at', { withTimezone: true }),
    /** pg-boss id of the live job for the current step, so exits can cancel it. */
    jobId: text('job_id'),
    jobName: text('job_name'),
    /** Number of steps entered; part of the job identity. */
    stepCount: integer('step_count').notNull().default(0),
    source: enrollmentSource('source').notNull(),
    sourceRef: text('source_ref'),
    exitReason: text('exit_reason'),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    // Invariant 3: one live enrollment per contact and sequence.
    uniqueIndex('enrollments_one_live_uq')
      .on(t.installationId, t.contactId, t.sequenceId)
      .where(sql`${t.status} in ('active', 'paused')`),
    index('enrollments_contact_idx').on(t.installationId, t.contactId),
    // The recovery sweep pages these in (due, id) order; partial, so completed rows cost nothing.
    index('enrollments_active_due_idx').on(t.stepDueAt, t.id).where(sql`${t.status} = 'active'`),
    index('enrollments_paused_until_idx').on(t.pausedUntil, t.id).where(sql`${t.status} = 'paused'`),
  ],
);

export const enrollmentEvents = pgTable(
  'enrollment_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    installationId: installationRef(),
    enrollmentId: text('enrollment_id')
      .notNull()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromStatus: enrollmentStatus('from_status'),
    toStatus: enrollmentStatus('to_status').notNull(),
    stepKey: text('step_key'),
    reason: text('reason').notNull(),
    actor: text('actor').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('enrollment_events_enrollment_idx').on(t.enrollmentId, t.id)],
);
