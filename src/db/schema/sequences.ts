import { integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { installationRef } from './installations';

export const sequences = pgTable('sequences', {
  id: text('id').primaryKey(),
  installationId: installationRef(),
  name: text('name').notNull(),
  /** The editable draft; validated on publish, never read by running enrollments. */
  draft: jsonb('draft').$type<Record<string, unknown>>().notNull(),
  activeVersionId: text('active_version_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});

/** Immutable snapshots: a row is inserted on publish and never updated. */
export const sequenceVersions = pgTable(
  'sequence_versions',
  {
    id: text('id').primaryKey(),
    installationId: installationRef(),
    sequenceId: text('sequence_id')
      .notNull()
      .references(() => sequences.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sequence_versions_sequence_version_uq').on(t.sequenceId, t.version)],
);
