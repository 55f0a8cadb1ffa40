import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { installationRef } from './installations';

export const templates = pgTable('templates', {
  id: text('id').primaryKey(),
  installationId: installationRef(),
  name: text('name').notNull(),
  subject: text('subject').notNull(),
  html: text('html').notNull(),
  text: text('text'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
