import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { templates } from '../db/schema';
import { checkMergeFields, type MergeIssue } from '../domain/sequences/merge-fields';
import { newId } from '../lib/ids';
import { err, ok, type Result } from '../lib/result';

export type TemplateInput = { name: string; subject: string; html: string; text?: string | null | undefined };
export type TemplateRow = typeof templates.$inferSelect;

/** Problems are reported on save as warnings and enforced on publish. */
export function templateIssues(t: {
  subject: string;
  html: string;
  text?: string | null;
}): Array<MergeIssue & { in: string }> {
  return [
    ...checkMergeFields(t.subject).map((i) => ({ ...i, in: 'subject' })),
    ...checkMergeFields(t.html).map((i) => ({ ...i, in: 'html' })),
    ...checkMergeFields(t.text ?? '').map((i) => ({ ...i, in: 'text' })),
  ];
}

export async function createTemplate(db: Queryable, installationId: string, input: TemplateInput, now: Date) {
  const [row] = await db
    .insert(templates)
    .values({
      id: newId('tpl'),
      installationId,
      ...input,
      text: input.text ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

export async function updateTemplate(
  db: Queryable,
  params: { installationId: string; id: string },
  input: Partial<TemplateInput>,
  now: Date,
): Promise<Result<TemplateRow, 'not_found'>> {
  const [row] = await db
    .update(templates)
    .set({ ...input, updatedAt: now })
    .where(and(eq(templates.installationId, params.installationId), eq(templates.id, params.id)))
    .returning();
  return row ? ok(row) : err('not_found');
}

export async function getTemplate(db: Queryable, params: { installationId: string; id: string }) {
  const rows = await db
    .select()
    .from(templates)
    .where(and(eq(templates.installationId, params.installationId), eq(templates.id, params.id)));
  return rows[0] ?? null;
}

export async function listTemplates(db: Queryable, installationId: string) {
  return db
    .select()
    .from(templates)
    .where(eq(templates.installationId, installationId))
    .orderBy(desc(templates.createdAt));
}
