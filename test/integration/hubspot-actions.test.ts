import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, crmActionCalls, enrollments, sequences } from '../../src/db/schema';
import { createApiKey, createInstallation } from '../../src/services/installations';
import { useTestContext } from '../helpers/context';
import { apiFor, publishedSequence } from '../helpers/fixtures';
import { type SignOptions, signedHubSpotCall } from '../helpers/hubspot-signed';

const SECRET = 'hubspot-client-secret-for-tests';
const PORTAL = 4455667;
const ctx = useTestContext({ env: { HUBSPOT_CLIENT_SECRET: SECRET } });
const hubspotCall = (method: string, path: string, body: unknown, o: SignOptions = {}) =>
  signedHubSpotCall(ctx, SECRET, method, path, body, o);

async function portal(externalId = String(PORTAL)) {
  const installation = await createInstallation(ctx.handle.db, { name: 'Acme', crm: 'hubspot', externalId });
  const { key } = await createApiKey(ctx.handle.db, {
    installationId: installation.id,
    name: 't',
    role: 'admin',
  });
  const api = apiFor(ctx, key);
  const { sequenceId } = await publishedSequence(api, [{ key: 's1', subject: 'One' }]);
  const contact = await api.post('/v1/contacts', { email: 'ada@example.com', externalId: '101' });
  return { installationId: installation.id, api, sequenceId, contactId: contact.body.id as string };
}

function actionBody(sequenceId: string, over: Record<string, unknown> = {}) {
  return {
    callbackId: 'ap-4455667-1-1-0',
    origin: { portalId: PORTAL, actionDefinitionId: 9001, actionDefinitionVersion: 1 },
    context: { source: 'WORKFLOWS', workflowId: 777 },
    object: { objectId: 101, objectType: 'CONTACT' },
    inputFields: { sequenceId },
    ...over,
  };
}

async function counts() {
  const db = ctx.handle.db;
  const [e] = await db.select({ n: count() }).from(enrollments);
  const [c] = await db.select({ n: count() }).from(contacts);
  const [a] = await db.select({ n: count() }).from(crmActionCalls);
  return { enrollments: e!.n, contacts: c!.n, calls: a!.n };
}

describe('HubSpot workflow action signatures', () => {
  it('refuses forged, altered, replayed and unsigned calls with 401 and changes nothing', async () => {
    const { sequenceId } = await portal();
    const body = actionBody(sequenceId, {
      object: { objectId: 999, objectType: 'CONTACT', properties: { email: 'x@example.com' } },
    });
    const before = await counts();
    const stale = ctx.clock.now().getTime() - 6 * 60 * 1000;
    const attempts = [
      await hubspotCall('POST', '/hubspot/actions/enroll', body, { secret: 'not-the-secret' }),
      await hubspotCall('POST', '/hubspot/actions/enroll', body, {
        sentBody: JSON.stringify({ ...body, inputFields: { sequenceId: 'seq_other' } }),
      }),
      await hubspotCall('POST', '/hubspot/actions/enroll', body, { v3: true, timestamp: stale }),
      await hubspotCall('POST', '/hubspot/actions/enroll', body, { v2: false }),
      await hubspotCall('POST', '/hubspot/actions/unenroll', body, { secret: 'not-the-secret' }),
      await hubspotCall(
        'POST',
        '/hubspot/actions/sequences',
        { origin: { portalId: PORTAL } },
        { secret: 'x' },
      ),
    ];
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(attempts[0]!.body.error.code).toBe('unauthorized');
    expect(await counts()).toEqual(before);
  });

  it('accepts a v3-signed call and checks v2 against the public URL', async () => {
    const { sequenceId } = await portal();
    const v3Only = await hubspotCall('POST', '/hubspot/actions/enroll', actionBody(sequenceId), {
      v2: false,
      v3: true,
    });
    expect(v3Only.status).toBe(200);
    expect(v3Only.body.outputFields.hs_execution_state).toBe('SUCCESS');
  });

  it('answers 400 to a signed body that is not a workflow call, and stores nothing', async () => {
    await portal();
    const before = await counts();
    const res = await hubspotCall('POST', '/hubspot/actions/enroll', { hello: 'world' });
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe('POST /hubspot/actions/enroll', () => {
  it('enrolls the contact, from a workflow, once per callbackId', async () => {
    const { sequenceId, contactId } = await portal();
    const first = await hubspotCall('POST', '/hubspot/actions/enroll', actionBody(sequenceId));
    expect(first.status).toBe(200);
    expect(first.body.outputFields).toMatchObject({
      hs_execution_state: 'SUCCESS',
      outcome: 'enrolled',
      reason: 'Enrolled in "Seq"',
    });
    const rows = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.contactId, contactId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'workflow', sourceRef: 'ap-4455667-1-1-0', status: 'active' });
    expect(first.body.outputFields.enrollment_id).toBe(rows[0]!.id);

    // The enrollment ends; HubSpot retries the same call: same answer, no new enrollment.
    await ctx.handle.db.update(enrollments).set({ status: 'removed' }).where(eq(enrollments.id, rows[0]!.id));
    const retry = await hubspotCall('POST', '/hubspot/actions/enroll', actionBody(sequenceId));
    expect(retry.body).toEqual(first.body);
    expect(
      await ctx.handle.db.select().from(enrollments).where(eq(enrollments.contactId, contactId)),
    ).toHaveLength(1);
  });

  it('5 identical calls in parallel make one enrollment and give identical answers', async () => {
    const { sequenceId, contactId } = await portal();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => hubspotCall('POST', '/hubspot/actions/enroll', actionBody(sequenceId))),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    expect(answers[0]!.body.outputFields.outcome).toBe('enrolled');
    expect(
      await ctx.handle.db.select().from(enrollments).where(eq(enrollments.contactId, contactId)),
    ).toHaveLength(1);
    expect((await counts()).calls).toBe(1);
  });

  it('a second workflow call for an enrolled contact says already enrolled', async () => {
    const { sequenceId } = await portal();
    const first = await hubspotCall('POST', '/hubspot/actions/enroll', actionBody(sequenceId));
    const again = await hubspotCall(
      'POST',
      '/hubspot/actions/enroll',
      actionBody(sequenceId, { callbackId: 'ap-2' }),
    );
    expect(again.body.outputFields).toEqual({
      hs_execution_state: 'SUCCESS',
      outcome: 'already_enrolled',
      reason: 'Already enrolled in "Seq" (active)',
      enrollment_id: first.body.outputFields.enrollment_id,
    });
  });

  it('refuses a suppressed contact, an unknown or archived sequence, with readable reasons', async () => {
    const { sequenceId, contactId, installationId } = await portal();
    const db = ctx.handle.db;
    await db
      .update(contacts)
      .set({ suppressedAt: ctx.clock.now(), suppressionReason: 'unsubscribed' })
      .where(eq(contacts.id, contactId));
    const suppressed = await hubspotCall('POST', '/hubspot/actions/enroll', actionBody(sequenceId));
    expect(suppressed.body.outputFields).toEqual({
      hs_execution_state: 'FAIL_CONTINUE',
      outcome: 'suppressed',
      reason: 'Not enrolled: the contact is suppressed (unsubscribed)',
    });
    await db
      .update(contacts)
      .set({ suppressedAt: null, suppressionReason: null })
      .where(eq(contacts.id, contactId));

    const unknown = await hubspotCall(
      'POST',
      '/hubspot/actions/enroll',
      actionBody('seq_nope', { callbackId: 'ap-unknown' }),
    );
    expect(unknown.body.outputFields).toMatchObject({
      hs_execution_state: 'FAIL_CONTINUE',
      outcome: 'unknown_sequence',
    });
    expect(unknown.body.outputFields.reason).toBe('Not enrolled: no sequence seq_nope in this portal');

    await db
      .update(sequences)
      .set({ archivedAt: ctx.clock.now() })
      .where(and(eq(sequences.installationId, installationId), eq(sequences.id, sequenceId)));
    const archived = await hubspotCall(
      'POST',
      '/hubspot/actions/enroll',
      actionBody(sequenceId, { callbackId: 'ap-arch' }),
    );
    expect(archived.body.outputFields).toMatchObject({
      hs_execution_state: 'FAIL_CONTINUE',
      outcome: 'sequence_archived',
      reason: 'Not enrolled: sequence "Seq" is archived',
    });
    expect((await counts()).enrollments).toBe(0);
  });

  it("does not reach another portal's sequence", async () => {
    const other = await portal('999000');
    await hubspotCall('POST', '/hubspot/actions/enroll', actionBody(other.sequenceId)).then((r) => {
      // PORTAL has no installation yet: the portal itself is unknown.
      expect(r.body.outputFields.outcome).toBe('unknown_portal');
      expect(r.body.outputFields.reason).toBe(`HubSpot portal ${PORTAL} has not installed Tandem`);
    });
    await portal();
    const res = await hubspotCall(
      'POST',
      '/hubspot/actions/enroll',
      actionBody(other.sequenceId, { callbackId: 'ap-x' }),
    );
    expect(res.body.outputFields.outcome).toBe('unknown_sequence');
    expect((await counts()).enrollments).toBe(0);
  });

  it('creates a contact it does not hold from the properties HubSpot sent, else says it is unknown', async () => {
    const { sequenceId, installationId } = await portal();
    const withEmail = actionBody(sequenceId, {
      callbackId: 'ap-new',
      object: {
        objectId: 202,
        objectType: 'CONTACT',
        properties: { email: 'Grace@Example.com', firstname: 'Grace' },
      },
    });
    const created = await hubspotCall('POST', '/hubspot/actions/enroll', withEmail);
    expect(created.body.outputFields.outcome).toBe('enrolled');
    const [row] = await ctx.handle.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.installationId, installationId), eq(contacts.externalId, '202')));
    expect(row).toMatchObject({ email: 'grace@example.com', firstName: 'Grace' });

    const cases = [
      [{ objectId: 303, objectType: 'CONTACT' }, 'Not enrolled: contact 303 is not synced to Tandem yet'],
      [
        { objectId: 304, objectType: 'CONTACT', properties: { email: '', firstname: 'Nomail' } },
        'Not enrolled: contact 304 has no email address in HubSpot',
      ],
    ] as const;
    for (const [object, reason] of cases) {
      const res = await hubspotCall(
        'POST',
        '/hubspot/actions/enroll',
        actionBody(sequenceId, { callbackId: `ap-${object.objectId}`, object }),
      );
      expect(res.body.outputFields).toEqual({
        hs_execution_state: 'FAIL_CONTINUE',
        outcome: 'contact_unknown',
        reason,
      });
    }
    expect((await counts()).contacts).toBe(2);
  });
});

describe('POST /hubspot/actions/unenroll', () => {
  it('removes a live enrollment, then says not enrolled', async () => {
    const { sequenceId, contactId } = await portal();
    const enrolled = await hubspotCall('POST', '/hubspot/actions/enroll', actionBody(sequenceId));
    const out = await hubspotCall(
      'POST',
      '/hubspot/actions/unenroll',
      actionBody(sequenceId, { callbackId: 'ap-out' }),
    );
    expect(out.body.outputFields).toEqual({
      hs_execution_state: 'SUCCESS',
      outcome: 'unenrolled',
      reason: 'Unenrolled from "Seq"',
      enrollment_id: enrolled.body.outputFields.enrollment_id,
    });
    const [row] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.contactId, contactId));
    expect(row).toMatchObject({
      status: 'removed',
      jobId: null,
      exitReason: 'unenrolled by a HubSpot workflow',
    });
    const jobs = await ctx.boss.findJobs('sequence.runEmail', { data: { enrollmentId: row!.id } });
    expect(jobs.every((j) => j.state === 'cancelled')).toBe(true);

    const again = await hubspotCall(
      'POST',
      '/hubspot/actions/unenroll',
      actionBody(sequenceId, { callbackId: 'ap-out2' }),
    );
    expect(again.body.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', outcome: 'not_enrolled' });
    const unknown = await hubspotCall(
      'POST',
      '/hubspot/actions/unenroll',
      actionBody('seq_nope', { callbackId: 'ap-out3' }),
    );
    expect(unknown.body.outputFields).toMatchObject({
      hs_execution_state: 'FAIL_CONTINUE',
      outcome: 'unknown_sequence',
    });
  });
});
