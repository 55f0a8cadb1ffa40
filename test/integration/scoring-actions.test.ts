import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, enrollments } from '../../src/db/schema';
import { runScoreAction } from '../../src/services/scoring/actions';
import { recomputeContact } from '../../src/services/scoring/recompute';
import { requestRescore } from '../../src/services/scoring/rescore';
import { useTestContext } from '../helpers/context';
import { newInstallation, publishedSequence } from '../helpers/fixtures';
import { actionRows, drainScoring, outboxRows, publishedModel, recordEvent } from '../helpers/scoring';

const ctx = useTestContext();

async function setup() {
  const { installationId, api } = await newInstallation(ctx);
  const nurture = await publishedSequence(api, [{ key: 'n1', subject: 'Nurture' }]);
  const sales = await publishedSequence(api, [{ key: 's1', subject: 'Sales' }]);
  await publishedModel(api, {
    name: 'Routing',
    halfLifeDays: null,
    rules: [{ id: 'demo', label: 'Booked a meeting', kind: 'event', event: 'meeting_booked', points: 60 }],
    thresholds: [
      {
        id: 'sql',
        label: 'SQL',
        score: 50,
        hysteresis: 10,
        direction: 'up',
        actions: [
          { type: 'crm_task', subject: 'Call within the hour', dueInDays: 2 },
          { type: 'set_lifecycle', stage: 'salesqualifiedlead' },
          { type: 'set_lead_status', status: 'Open deal' },
          { type: 'exit_sequence', sequenceId: nurture.sequenceId },
          { type: 'enroll', sequenceId: sales.sequenceId },
        ],
      },
    ],
  });
  const enrolled = await api.post('/v1/enrollments', {
    sequenceId: nurture.sequenceId,
    contact: { email: 'lead@example.com', firstName: 'Lee', ownerId: 'owner-1', externalId: 'hs-42' },
  });
  expect(enrolled.status).toBe(201);
  const contactId = enrolled.body.enrollment.contactId as string;
  return {
    installationId,
    api,
    contactId,
    nurture,
    sales,
    nurtureEnrollment: enrolled.body.enrollment.id as string,
  };
}

describe('threshold actions', () => {
  it('a crossing writes the CRM task and updates, exits one sequence and enrolls in another, once', async () => {
    const { installationId, contactId, sales, nurtureEnrollment } = await setup();
    await recordEvent(ctx, { installationId, contactId, type: 'meeting_booked' });
    await drainScoring(ctx);

    const actions = await actionRows(ctx, contactId);
    expect(actions.map((a) => [a.idempotencyKey, a.status, a.attempts, a.score])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [`${contactId}:sql:up:1:${i}`, 'done', 1, 60]),
    );
    const [task] = await outboxRows(ctx, contactId, 'task');
    expect(task?.idempotencyKey).toBe(`${contactId}:sql:up:1:0`);
    expect(task?.payload).toEqual({
      subject: 'Call within the hour',
      body: 'Score 60 crossed SQL (up).',
      ownerId: 'owner-1',
      externalContactId: 'hs-42',
      dueAt: '2026-03-04T14:00:00.000Z',
      source: 'scoring',
      scoreActionId: actions[0]?.id,
    });
    const updates = await outboxRows(ctx, contactId, 'property_update');
    expect(updates.map((u) => [u.payload.property, u.payload.value])).toEqual([
      ['lifecycle_stage', 'salesqualifiedlead'],
      ['lead_status', 'Open deal'],
    ]);
    const rows = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.contactId, contactId));
    const byId = new Map(rows.map((e) => [e.id, e]));
    expect(byId.get(nurtureEnrollment)).toMatchObject({
      status: 'removed',
      exitReason: 'score rose above SQL',
    });
    const salesEnrollment = rows.find((e) => e.sequenceId === sales.sequenceId);
    expect(salesEnrollment).toMatchObject({
      status: 'active',
      source: 'score',
      sourceRef: `${contactId}:sql:up:1:4`,
    });

    // The same crossing evaluated again (a retried job, a new event above the line) fires nothing,
    // and a duplicate action job finds its row settled.
    await recordEvent(ctx, { installationId, contactId, type: 'meeting_booked' });
    await ctx.handle.db.transaction((tx) =>
      requestRescore(ctx.deps, tx, { installationId, contactId, reason: 'test' }),
    );
    await drainScoring(ctx);
    for (const action of actions) {
      expect(await runScoreAction(ctx.deps, action.id, { lastAttempt: false })).toBe('skipped');
    }
    expect(await actionRows(ctx, contactId)).toHaveLength(5);
    expect(await outboxRows(ctx, contactId)).toHaveLength(3);
    const after = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.contactId, contactId));
    expect(after).toHaveLength(2);
  });

  it('parallel recomputes of one crossing record each action once', async () => {
    const { installationId, contactId } = await setup();
    await recordEvent(ctx, { installationId, contactId, type: 'meeting_booked' });
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => recomputeContact(ctx.deps, { installationId, contactId })),
    );
    const created = outcomes.map((o) => (o.status === 'scored' ? o.actionsCreated : -1));
    expect(created.filter((n) => n === 5)).toHaveLength(1);
    expect(created.filter((n) => n === 0)).toHaveLength(9);
    expect(await actionRows(ctx, contactId)).toHaveLength(5);
  });

  it('a refused enrollment marks its action failed with the reason and leaves the others done', async () => {
    const { installationId, contactId } = await setup();
    await ctx.handle.db
      .update(contacts)
      .set({ suppressedAt: ctx.clock.now(), suppressionReason: 'unsubscribed' })
      .where(eq(contacts.id, contactId));
    await recordEvent(ctx, { installationId, contactId, type: 'meeting_booked' });
    const ran = await drainScoring(ctx);
    expect(ran.every((r) => r.ok)).toBe(true);
    const actions = await actionRows(ctx, contactId);
    expect(actions.map((a) => [a.status, a.lastError])).toEqual([
      ['done', null],
      ['done', null],
      ['done', null],
      ['done', null],
      ['failed', 'enroll refused: suppressed'],
    ]);
  });
});
