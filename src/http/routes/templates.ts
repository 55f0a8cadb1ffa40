import { createRoute, z } from '@hono/zod-openapi';
import {
  createTemplate,
  getTemplate,
  listTemplates,
  type TemplateRow,
  templateIssues,
  updateTemplate,
} from '../../services/templates';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, idParam, jsonBody, ok } from '../schemas';

const templateInput = z
  .object({
    name: z.string().min(1).max(200),
    subject: z.string().min(1).max(500),
    html: z.string().min(1).max(500_000),
    text: z.string().max(500_000).nullable().optional(),
  })
  .openapi('TemplateInput');

const template = z
  .object({
    id: z.string(),
    name: z.string(),
    subject: z.string(),
    html: z.string(),
    text: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    warnings: z.array(z.object({ field: z.string(), problem: z.string(), in: z.string() })),
  })
  .openapi('Template');

function toBody(t: TemplateRow) {
  return {
    id: t.id,
    name: t.name,
    subject: t.subject,
    html: t.html,
    text: t.text,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    warnings: templateIssues(t).map(({ field, problem, in: where }) => ({ field, problem, in: where })),
  };
}

export function registerTemplateRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/templates',
      tags: ['templates'],
      summary: 'Create a reusable email template',
      request: jsonBody(templateInput),
      responses: { 201: ok(template, 'Created'), ...errorResponses },
    }),
    async (c) => {
      const row = await createTemplate(
        c.var.deps.db,
        c.var.installationId,
        c.req.valid('json'),
        c.var.deps.clock.now(),
      );
      return c.json(toBody(row), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/templates',
      tags: ['templates'],
      summary: 'List templates',
      responses: { 200: ok(z.object({ data: z.array(template) })), ...errorResponses },
    }),
    async (c) =>
      c.json({ data: (await listTemplates(c.var.deps.db, c.var.installationId)).map(toBody) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/templates/{id}',
      tags: ['templates'],
      summary: 'Get a template',
      request: { params: idParam('tpl_...') },
      responses: { 200: ok(template), ...errorResponses },
    }),
    async (c) => {
      const row = await getTemplate(c.var.deps.db, {
        installationId: c.var.installationId,
        id: c.req.valid('param').id,
      });
      if (!row) throw new AppError('not_found', 'Template not found');
      return c.json(toBody(row), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/templates/{id}',
      tags: ['templates'],
      summary: 'Edit a template (published sequence versions keep their snapshot)',
      request: { params: idParam('tpl_...'), ...jsonBody(templateInput.partial()) },
      responses: { 200: ok(template), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const result = await updateTemplate(
        c.var.deps.db,
        { installationId: c.var.installationId, id: c.req.valid('param').id },
        {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.subject !== undefined ? { subject: body.subject } : {}),
          ...(body.html !== undefined ? { html: body.html } : {}),
          ...(body.text !== undefined ? { text: body.text } : {}),
        },
        c.var.deps.clock.now(),
      );
      if (!result.ok) throw new AppError('not_found', 'Template not found');
      return c.json(toBody(result.value), 200);
    },
  );
}
