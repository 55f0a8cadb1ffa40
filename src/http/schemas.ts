import { z } from '@hono/zod-openapi';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const errorResponses = {
  400: json(errorSchema, 'Invalid request'),
  401: json(errorSchema, 'Missing or invalid API key'),
  404: json(errorSchema, 'Not found'),
  409: json(errorSchema, 'Conflict'),
  422: json(errorSchema, 'Refused by a business rule'),
};

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

export function ok<T extends z.ZodType>(schema: T, description = 'OK') {
  return json(schema, description);
}

export const idParam = (name: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(64)
      .openapi({ param: { name: 'id', in: 'path' }, example: name }),
  });

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
