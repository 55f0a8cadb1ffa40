import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { contacts } from './contacts';
import { installationRef, installations } from './installations';

/**
 * A scoring model: an editable draft; publishing snapshots it into an immutable version.
 * One per installation, so "the" score of a contact is never ambiguous.
 */
export const scoreModels = pgTable(
  'score_models',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    name: text('name').notNull(),
    draft: jsonb('draft').$type<Record<string, unknown>>().notNull(),
    activeVersionId: text('active_version_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('score_models_installation_uq').on(t.installationId)],
);

export const scoreModelVersions = pgTable(
  'score_model_versions',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    modelId: text('model_id')
      .notNull()
      .references(() => scoreModels.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    documentMarkdown: text('document_markdown').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('score_model_versions_uq').on(t.modelId, t.version)],
);

/** The current score of a contact under one model, with the version that produced it. */
export const contactScores = pgTable(
  'contact_scores',
  {
    installationId: installationRef(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    modelId: text('model_id')
      .notNull()
      .references(() => scoreModels.id, { onDelete: 'cascade' }),
    modelVersionId: text('model_version_id').notNull(),
    score: doublePrecision('score').notNull(),
    breakdown: jsonb('breakdown').$type<Record<string, unknown>[]>().notNull().default([]),
    thresholdState: jsonb('threshold_state').$type<Record<string, unknown>>().notNull().default({}),
    /** Machine opens/clicks left out of this score (the explanation says so). */
    ignoredMachineEvents: integer('ignored_machine_events').notNull().default(0),
    /** When the newest event that went into the score happened (latency is measured from it). */
    lastEventAt: timestamp('last_event_at', { withTimezone: true }),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.contactId, t.modelId] }),
    index('contact_scores_model_idx').on(t.modelId, t.score),
  ],
);

export const actionStatus = pgEnum('score_action_status', ['pending', 'done', 'failed']);

/** One row per threshold action of one crossing; the key makes each fire exactly once. */
export const scoreActions = pgTable(
  'score_actions',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    modelVersionId: text('model_version_id').notNull(),
    thresholdId: text('threshold_id').notNull(),
    direction: text('direction').notNull(),
    crossingNumber: integer('crossing_number').notNull(),
    /** The score that made the crossing (sent with webhooks, shown in tasks). */
    score: doublePrecision('score'),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    action: jsonb('action').$type<Record<string, unknown>>().notNull(),
    status: actionStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('score_actions_contact_idx').on(t.installationId, t.contactId)],
);

/** The per-installation key outgoing score webhooks are signed with (AES-GCM sealed at rest). */
export const scoreWebhookSecrets = pgTable('score_webhook_secrets', {
  installationId: text('installation_id')
    .primaryKey()
    .references(() => installations.id, { onDelete: 'cascade' }),
  secretSealed: text('secret_sealed').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
