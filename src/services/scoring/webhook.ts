import { and, eq, sql } from 'drizzle-orm';
import { contacts, scoreActions } from '../../db/schema';
import type { ThresholdAction } from '../../domain/scoring/model';
import { checkTarget, loggableUrl, postPinned } from '../../lib/guarded-fetch';
import type { AppDeps } from '../deps';
import type { ActionOutcome, ScoreActionRow } from './action-row';
import { thresholdLabel } from './models';
import { getWebhookSecret } from './webhook-secret';
import { signatureHeader, signWebhook } from './webhook-signature';
import { webhookAllowList } from './webhook-target';

const timeoutMs = 10_000;

/**
 * POSTs the crossing as JSON, signed with the installation's secret, to the checked address of the
 * URL's host (a loopback, private, link-local or metadata target is refused for good, unless allow-
 * listed by `WEBHOOK_ALLOWED_HOSTS`). A non-2xx answer, a DNS or a network error throws, so pg-boss
 * retries with backoff; the last attempt marks the row failed instead.
 * Delivery is at least once (a crash after the receiver's 2xx and before we record it repeats the
 * call), so the body and headers carry the action's id and idempotency key for receivers to dedupe.
 */
export async function deliverWebhookAction(
  deps: AppDeps,
  row: ScoreActionRow,
  action: Extract<ThresholdAction, { type: 'webhook' }>,
  options: { lastAttempt: boolean },
): Promise<ActionOutcome> {
  // Count the attempt first, and only while still pending: a settled row is never delivered again.
  const [claimed] = await deps.db
    .update(scoreActions)
    .set({ attempts: sql`${scoreActions.attempts} + 1` })
    .where(and(eq(scoreActions.id, row.id), eq(scoreActions.status, 'pending')))
    .returning({ attempts: scoreActions.attempts });
  if (!claimed) return 'skipped';

  // The host is resolved and checked on every attempt, and the call connects to the checked address.
  const target = await checkTarget(action.url, webhookAllowList(deps.config));
  if (!target.ok && target.error.code !== 'unresolved') {
    // A forbidden target can never succeed: no retry.
    const failure = `refused: ${target.error.message}`;
    await deps.db
      .update(scoreActions)
      .set({ status: 'failed', lastError: failure, doneAt: deps.clock.now() })
      .where(eq(scoreActions.id, row.id));
    deps.logger.warn('score webhook refused', {
      actionId: row.id,
      url: loggableUrl(action.url),
      failure,
    });
    return 'failed';
  }

  let failure: string | null = null;
  if (!target.ok) {
    failure = target.error.message;
  } else {
    const body = JSON.stringify(await webhookBody(deps, row));
    const secret = await getWebhookSecret(deps, deps.db, row.installationId);
    try {
      // node's request follows no redirects: a 3xx is a failure, never a second target.
      const res = await postPinned(target.value, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tandem-Webhooks/1',
          [signatureHeader]: await signWebhook(secret, body, deps.clock.now()),
          'X-Tandem-Delivery': row.id,
          'Idempotency-Key': row.idempotencyKey,
        },
        body,
        timeoutMs,
      });
      if (res.status < 200 || res.status > 299) failure = `HTTP ${res.status}`;
    } catch (error) {
      failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }

  const now = deps.clock.now();
  if (failure === null) {
    await deps.db
      .update(scoreActions)
      .set({ status: 'done', lastError: null, doneAt: now })
      .where(eq(scoreActions.id, row.id));
    return 'done';
  }
  await deps.db
    .update(scoreActions)
    .set(options.lastAttempt ? { status: 'failed', lastError: failure, doneAt: now } : { lastError: failure })
    .where(eq(scoreActions.id, row.id));
  if (options.lastAttempt) {
    deps.logger.warn('score webhook failed for good', {
      actionId: row.id,
      url: loggableUrl(action.url),
      attempts: claimed.attempts,
      failure,
    });
    return 'failed';
  }
  throw new Error(`webhook ${row.id} attempt ${claimed.attempts} failed: ${failure}`);
}

async function webhookBody(deps: AppDeps, row: ScoreActionRow) {
  const [contact] = await deps.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, row.installationId), eq(contacts.id, row.contactId)));
  return {
    id: row.id,
    type: 'score.threshold_crossed',
    idempotencyKey: row.idempotencyKey,
    occurredAt: row.createdAt.toISOString(),
    installationId: row.installationId,
    contact: {
      id: row.contactId,
      externalId: contact?.externalId ?? null,
      email: contact?.email ?? null,
      firstName: contact?.firstName ?? null,
      lastName: contact?.lastName ?? null,
      company: contact?.company ?? null,
      ownerId: contact?.ownerId ?? null,
    },
    threshold: {
      id: row.thresholdId,
      label: await thresholdLabel(deps.db, row),
      direction: row.direction,
      crossingNumber: row.crossingNumber,
    },
    score: { value: row.score, modelVersionId: row.modelVersionId },
  };
}
