import { createRoute, z } from '@hono/zod-openapi';
import { canonicalRecordId } from '../../../../connectors/salesforce/ids';
import { verifyCallout } from '../../../services/salesforce/callout-secret';
import { getSalesforceCard, NOT_INSTALLED, runSalesforceCardAction } from '../../../services/salesforce/card';
import type { App } from '../../context';
import { AppError } from '../../errors';
import { readBody } from '../../middleware/body-limit';
import { parseStrictJson } from '../../middleware/strict-json';
import { errorResponses, ok } from '../../schemas';
import { calloutAuth, verifiedCallout } from './actions';

const cardSchema = z
  .object({ status: z.enum(['ok', 'not_installed', 'unknown_contact']) })
  .catchall(z.unknown())
  .openapi('SalesforceCard');

const actionSchema = z.looseObject({
  recordId: z.string().max(18),
  action: z.enum(['pause', 'resume', 'unenroll']),
  enrollmentId: z.string().min(1).max(64),
});

function recordIdOf(raw: string | undefined): string {
  const id = raw === undefined ? null : canonicalRecordId(raw.trim());
  if (!id)
    throw new AppError('validation_failed', 'recordId must be a 15- or 18-character Salesforce record Id');
  return id;
}

/** The Lightning card's Apex controller calls these through the org's Named Credential. */
export function registerSalesforceCardRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/salesforce/card',
      tags: ['salesforce'],
      summary: "The card's data for a Lead or Contact: score, band, trend, reasons, live enrollments and why",
      description: `${calloutAuth} A signature is over the empty body. Query: \`recordId\` (15 or 18 characters).`,
      responses: { 200: ok(cardSchema), ...errorResponses },
    }),
    async (c) => {
      const auth = await verifyCallout(c.var.deps, { headers: c.req.raw.headers, rawBody: '' });
      // An org without Tandem has no secret to prove anything with: the card shows its empty state.
      if (!auth.ok && auth.error.code === 'unknown_org') return c.json(NOT_INSTALLED, 200);
      if (!auth.ok) throw new AppError('unauthorized', auth.error.message);
      const recordId = recordIdOf(c.req.query('recordId'));
      return c.json(
        await getSalesforceCard(c.var.deps, { installationId: auth.value.installationId, recordId }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/salesforce/card/actions',
      tags: ['salesforce'],
      summary: 'Pause, resume or unenroll one of the record’s enrollments from the card',
      description:
        `${calloutAuth} Body \`{"recordId","enrollmentId","action":"pause"|"resume"|"unenroll"}\`. Answers the ` +
        'refreshed card. An enrollment of another record is a 404; one that cannot change that way is a 409.',
      responses: { 200: ok(cardSchema), ...errorResponses },
    }),
    async (c) => {
      const rawBody = new TextDecoder().decode(await readBody(c));
      const { installationId } = await verifiedCallout(c, rawBody);
      const json = parseStrictJson(rawBody);
      if (!json.ok) throw new AppError('bad_request', json.error);
      const body = actionSchema.safeParse(json.value);
      if (!body.success)
        throw new AppError(
          'validation_failed',
          'recordId, enrollmentId and action (pause, resume or unenroll) are required',
        );
      const { action, enrollmentId } = body.data;
      const recordId = recordIdOf(body.data.recordId);
      const result = await runSalesforceCardAction(c.var.deps, {
        installationId,
        recordId,
        action,
        enrollmentId,
      });
      if (result.ok) return c.json(result.value, 200);
      if (result.error.code === 'not_found') throw new AppError('not_found', 'Enrollment not found');
      throw new AppError('invalid_transition', `Not possible while the enrollment is ${result.error.status}`);
    },
  );
}
