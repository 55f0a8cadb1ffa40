import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { contacts } from './contacts';
import { installationRef } from './installations';

/**
 * One row per (installation, scope): the start times of the last calls, newest last. A worker may
 * call only when fewer than `limit` of them fall inside the window; the row lock makes every worker
 * of every process share one sliding window per portal (HubSpot: 110 per 10 s).
 */
export const crmRateLimits = pgTable(
  'crm_rate_limits',
  {
    installationId: installationRef(),
    scope: text('scope').notNull(),
    recent: timestamp('recent', { withTimezone: true }).array().notNull().default([]),
    /** Set from Retry-After or a 429: nobody calls before it. */
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.installationId, t.scope] })],
);

/** Webhook deliveries, stored once by their content (HubSpot's eventId is not unique), then applied by jobs. */
export const crmWebhookEvents = pgTable(
  'crm_webhook_events',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    subscriptionType: text('subscription_type').notNull(),
    objectId: text('object_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /** What applying it did (`applied`, `stale`, `echo`, `ignored`) or why it failed. */
    outcome: text('outcome'),
  },
  (t) => [index('crm_webhook_events_pending_idx').on(t.installationId, t.processedAt, t.occurredAt)],
);

/** Workflow-action calls, answered once per callbackId: a retried call gets the same answer. */
export const crmActionCalls = pgTable(
  'crm_action_calls',
  {
    installationId: installationRef(),
    callbackId: text('callback_id').notNull(),
    action: text('action').notNull(),
    response: jsonb('response').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.installationId, t.callbackId] })],
);

/** Where each object's sync stands: backfill progress, the incremental cursor, the last error. */
export const crmSyncState = pgTable(
  'crm_sync_state',
  {
    installationId: installationRef(),
    object: text('object').notNull(),
    /** `backfill` until the first full pass is done, then `incremental`. */
    phase: text('phase').notNull().default('backfill'),
    cursor: text('cursor'),
    /** Incremental pulls ask for changes after this instant. */
    since: timestamp('since', { withTimezone: true }),
    done: integer('done').notNull().default(0),
    total: integer('total'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (t) => [primaryKey({ columns: [t.installationId, t.object] })],
);

export const crmOwners = pgTable(
  'crm_owners',
  {
    installationId: installationRef(),
    externalId: text('external_id').notNull(),
    userId: text('user_id'),
    email: text('email'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    archived: boolean('archived').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.installationId, t.externalId] })],
);

/** Pipelines with their stages as read from the CRM: `{id,label,closed,won}[]`. */
export const crmPipelines = pgTable(
  'crm_pipelines',
  {
    installationId: installationRef(),
    externalId: text('external_id').notNull(),
    label: text('label').notNull(),
    stages: jsonb('stages')
      .$type<Array<{ id: string; label: string; closed: boolean; won: boolean }>>()
      .notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.installationId, t.externalId] })],
);

export const crmDeals = pgTable(
  'crm_deals',
  {
    installationId: installationRef(),
    externalId: text('external_id').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    stageId: text('stage_id').notNull(),
    /** The CRM's modification time of the version we hold: older updates are ignored. */
    crmUpdatedAt: timestamp('crm_updated_at', { withTimezone: true }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.installationId, t.externalId] })],
);

export const crmDealContacts = pgTable(
  'crm_deal_contacts',
  {
    installationId: installationRef(),
    dealExternalId: text('deal_external_id').notNull(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.installationId, t.dealExternalId, t.contactId] }),
    index('crm_deal_contacts_contact_idx').on(t.installationId, t.contactId),
  ],
);

/**
 * Values we wrote to a CRM record, kept so the webhook that echoes them back is recognised
 * and not re-applied (echo suppression).
 */
export const crmWrites = pgTable(
  'crm_writes',
  {
    installationId: installationRef(),
    objectId: text('object_id').notNull(),
    property: text('property').notNull(),
    value: text('value'),
    writtenAt: timestamp('written_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('crm_writes_uq').on(t.installationId, t.objectId, t.property)],
);
