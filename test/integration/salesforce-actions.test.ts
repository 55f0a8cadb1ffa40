import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, crmActionCalls, enrollmentEvents, enrollments, sequences } from '../../src/db/schema';
import { createApiKey, createInstallation } from '../../src/services/installations';
import { issueCalloutSecret } from '../../src/services/salesforce/callout-secret';
import { useTestContext } from '../helpers/context';
import { apiFor, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();
const ORG = '00D5g000004OrgAEAS';
const OTHER_ORG = '00D5g000009ZzzzEAC';
const LEAD15 = '00Q5g00000AbCdE';
const LEAD = '00Q5g00000AbCdEEAV'; // the 18-character form, as the API and Apex give it
const CONTACT = '0035g00000XyZ12AAF';
const UNSYNCED = '00Q5g00000NoPe1EAF';

type Auth = { org?: string; secret: string; mode?: 'secret' | 'signature'; t?: number; sentBody?: string };

/** A call as the org's Named Credential makes it: the org id, then the secret or an HMAC over t + "." + body. */
async function callout(path: string, body: unknown, auth: Auth) {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-tandem-org': auth.org ?? ORG,
  };
  if ((auth.mode ?? 'secret') === 'secret') headers['x-tandem-secret'] = auth.secret;
  else {
    const t = auth.t ?? Math.floor(ctx.clock.now().getTime() / 1000);
    const enc = new TextEncoder();
    const key = await crypto.subtle.importKey(
      'raw',
      enc.encode(auth.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(`${t}.${rawBody}`)));
    headers['x-tandem-signature'] = `t=${t},v1=${Buffer.from(mac).toString('hex')}`;
  }
  const res = await ctx.app.request(path, { method: 'POST', headers, body: auth.sentBody ?? rawBody });
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** An installed org with its callout secret, a published sequence, a synced Lead and Contact. */
async function org(externalId = ORG) {
  const installation = await createInstallation(ctx.handle.db, {
    name: 'Acme',
    crm: 'salesforce',
    externalId,
  });
  const secret = await issueCalloutSecret(ctx.deps, ctx.handle.db, installation.id);
  const { key } = await createApiKey(ctx.handle.db, {
    installationId: installation.id,
    name: 't',
    role: 'admin',
  });
  const api = apiFor(ctx, key);
  const { sequenceId } = await publishedSequence(api, [{ key: 's1', subject: 'One' }]);
  const lead = await api.post('/v1/contacts', { email: 'ada@example.com', externalId: LEAD });
  const contact = await api.post('/v1/contacts', { email: 'bob@example.com', externalId: CONTACT });
  return {
    installationId: installation.id,
    secret,
    sequenceId,
    leadId: lead.body.id as string,
    contactId: contact.body.id as string,
  };
}

const request = (sequenceId: string, over: Record<string, unknown> = {}) => ({
  requestId: 'req-1',
  recordId: LEAD,
  sequenceId,
  flowInterviewId: '0Fo5g000000Flow1',
  ...over,
});

async function counts() {
  const db = ctx.handle.db;
  const [e] = await db.select({ n: count() }).from(enrollments);
  const [a] = await db.select({ n: count() }).from(crmActionCalls);
  return { enrollments: e!.n, calls: a!.n };
}

const enrollmentsOf = (contactId: string) =>
  ctx.handle.db.select().from(enrollments).where(eq(enrollments.contactId, contactId));

describe('Salesforce callout auth', () => {
  it('happy: enrolls by the secret header and by an HMAC signature', async () => {
    const o = await org();
    const bySecret = await callout('/salesforce/actions/enroll', request(o.sequenceId), { secret: o.secret });
    expect(bySecret.status).toBe(200);
    expect(bySecret.body).toMatchObject({ requestId: 'req-1', outcome: 'enrolled', success: true });
    const bySignature = await callout(
      '/salesforce/actions/enroll',
      request(o.sequenceId, { requestId: 'req-2', recordId: CONTACT }),
      { secret: o.secret, mode: 'signature' },
    );
    expect(bySignature.status).toBe(200);
    expect(bySignature.body).toMatchObject({
      requestId: 'req-2',
      outcome: 'enrolled',
      message: 'Enrolled in "Seq"',
    });
    const [row] = await enrollmentsOf(o.leadId);
    expect(row).toMatchObject({ source: 'workflow', sourceRef: 'req-1', status: 'active' });
    expect(bySecret.body.enrollmentId).toBe(row!.id);
  });

  it('security: replayed, forged, altered, unsigned calls and unknown orgs are 401 and store nothing', async () => {
    const o = await org();
    const body = request(o.sequenceId);
    const now = Math.floor(ctx.clock.now().getTime() / 1000);
    const attempts = [
      await callout('/salesforce/actions/enroll', body, {
        secret: o.secret,
        mode: 'signature',
        t: now - 301,
      }),
      await callout('/salesforce/actions/enroll', body, {
        secret: o.secret,
        mode: 'signature',
        t: now + 301,
      }),
      await callout('/salesforce/actions/enroll', body, { secret: 'tcs_not-the-secret' }),
      await callout('/salesforce/actions/enroll', body, { secret: 'tcs_not-the-secret', mode: 'signature' }),
      await callout('/salesforce/actions/enroll', body, {
        secret: o.secret,
        mode: 'signature',
        sentBody: JSON.stringify({ ...body, recordId: CONTACT }),
      }),
      await callout('/salesforce/actions/unenroll', body, { secret: 'tcs_not-the-secret' }),
      await callout('/salesforce/actions/enroll', body, { secret: o.secret, org: OTHER_ORG }),
      // Proof first: an unproven caller learns nothing about what a valid body looks like.
      await callout('/salesforce/actions/enroll', 'not json', { secret: 'tcs_not-the-secret' }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
    expect(attempts[0]!.body.error).toMatchObject({
      code: 'unauthorized',
      message: 'X-Tandem-Signature is outside the five-minute window',
    });
    expect(attempts[6]!.body.error.message).toBe(`Salesforce org ${OTHER_ORG} has not installed Tandem`);
    const bare = await ctx.app.request('/salesforce/actions/enroll', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(bare.status).toBe(401);
    expect(await counts()).toEqual({ enrollments: 0, calls: 0 });
  });

  it("security: another org's secret cannot enroll into this org, and its own calls see only its records", async () => {
    const mine = await org();
    const theirs = await org(OTHER_ORG);
    // Their secret presented as this org: refused.
    const asMine = await callout('/salesforce/actions/enroll', request(mine.sequenceId), {
      secret: theirs.secret,
      org: ORG,
    });
    expect(asMine.status).toBe(401);
    // Their org naming this org's sequence: unknown there; this org's Lead is untouched.
    const cross = await callout('/salesforce/actions/enroll', request(mine.sequenceId), {
      secret: theirs.secret,
      org: OTHER_ORG,
    });
    expect(cross.body).toMatchObject({ outcome: 'sequence_unknown', success: false });
    expect(await enrollmentsOf(mine.leadId)).toHaveLength(0);
    expect(await enrollmentsOf(theirs.leadId)).toHaveLength(0);
  });
});

describe('POST /salesforce/actions/enroll', () => {
  it('happy: answered once per requestId: a retry gets the same answer and changes nothing', async () => {
    const o = await org();
    const first = await callout('/salesforce/actions/enroll', request(o.sequenceId), { secret: o.secret });
    const [row] = await enrollmentsOf(o.leadId);
    const trail = await ctx.handle.db
      .select()
      .from(enrollmentEvents)
      .where(eq(enrollmentEvents.enrollmentId, row!.id));
    expect(trail.map((t) => t.actor)).toContain('salesforce:flow:0Fo5g000000Flow1');
    await ctx.handle.db.update(enrollments).set({ status: 'removed' }).where(eq(enrollments.id, row!.id));
    const retry = await callout('/salesforce/actions/enroll', request(o.sequenceId), { secret: o.secret });
    expect(retry.body).toEqual(first.body);
    expect(await enrollmentsOf(o.leadId)).toHaveLength(1);
  });

  it('happy: 20 identical calls in parallel make one enrollment and give identical answers', async () => {
    const o = await org();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        callout('/salesforce/actions/enroll', request(o.sequenceId), { secret: o.secret, mode: 'signature' }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    expect(answers[0]!.body.outcome).toBe('enrolled');
    expect(await enrollmentsOf(o.leadId)).toHaveLength(1);
    expect((await counts()).calls).toBe(1);
  });

  it('happy: a batch is answered per request, in order; a 15-character Id finds the 18-character record', async () => {
    const o = await org();
    const res = await callout(
      '/salesforce/actions/enroll',
      {
        requests: [
          request(o.sequenceId, { requestId: 'b-1', recordId: LEAD15 }),
          request(o.sequenceId, { requestId: 'b-2', recordId: UNSYNCED }),
          request(o.sequenceId, { requestId: 'b-3', recordId: CONTACT.toLowerCase() }),
        ],
      },
      { secret: o.secret },
    );
    expect(res.status).toBe(200);
    expect(
      res.body.results.map((r: { requestId: string; outcome: string }) => [r.requestId, r.outcome]),
    ).toEqual([
      ['b-1', 'enrolled'],
      ['b-2', 'contact_unknown'],
      ['b-3', 'enrolled'],
    ]);
    expect(res.body.results[1]).toEqual({
      requestId: 'b-2',
      outcome: 'contact_unknown',
      success: false,
      message: `Not enrolled: Lead ${UNSYNCED} is not synced to Tandem yet (it is synced within minutes if it has an email address)`,
    });
    expect(await enrollmentsOf(o.leadId)).toHaveLength(1);
    expect(await enrollmentsOf(o.contactId)).toHaveLength(1);
  });

  it('happy: a second request for an enrolled record says already enrolled', async () => {
    const o = await org();
    const first = await callout('/salesforce/actions/enroll', request(o.sequenceId), { secret: o.secret });
    const again = await callout('/salesforce/actions/enroll', request(o.sequenceId, { requestId: 'req-2' }), {
      secret: o.secret,
    });
    expect(again.body).toEqual({
      requestId: 'req-2',
      outcome: 'already_enrolled',
      success: true,
      message: 'Already enrolled in "Seq" (active)',
      enrollmentId: first.body.enrollmentId,
    });
  });

  it('error: refusals are readable 200 answers for the Flow to branch on', async () => {
    const o = await org();
    const db = ctx.handle.db;
    await db
      .update(contacts)
      .set({ suppressedAt: ctx.clock.now(), suppressionReason: 'hard_bounced' })
      .where(eq(contacts.id, o.leadId));
    const call = (over: Record<string, unknown>) =>
      callout('/salesforce/actions/enroll', request(o.sequenceId, over), { secret: o.secret });
    expect((await call({ requestId: 'r-sup' })).body).toEqual({
      requestId: 'r-sup',
      outcome: 'suppressed',
      success: false,
      message: 'Not enrolled: the Lead is suppressed (hard bounced)',
    });
    expect(
      (await call({ requestId: 'r-seq', recordId: CONTACT, sequenceId: 'seq_nope' })).body,
    ).toMatchObject({
      outcome: 'sequence_unknown',
      message: "Not enrolled: no sequence seq_nope in this org's Tandem",
    });
    expect((await call({ requestId: 'r-none', recordId: CONTACT, sequenceId: null })).body.outcome).toBe(
      'no_sequence_chosen',
    );
    expect((await call({ requestId: 'r-acc', recordId: '0015g00000Acct1AAB' })).body.outcome).toBe(
      'unsupported_object',
    );
    await db
      .update(sequences)
      .set({ archivedAt: ctx.clock.now() })
      .where(and(eq(sequences.installationId, o.installationId), eq(sequences.id, o.sequenceId)));
    expect((await call({ requestId: 'r-arch', recordId: CONTACT })).body).toMatchObject({
      outcome: 'sequence_archived',
      message: 'Not enrolled: sequence "Seq" is archived',
    });
    expect((await counts()).enrollments).toBe(0);
  });

  it('error: a malformed body is 400 and nothing in it is decided or stored', async () => {
    const o = await org();
    const bad = [
      'not json',
      { recordId: LEAD, sequenceId: o.sequenceId },
      request(o.sequenceId, { recordId: 'not-an-id' }),
      request(o.sequenceId, { recordId: '00Q5g00000AbCdE999' }),
      { requests: [] },
      { requests: [request(o.sequenceId, { requestId: 'ok-1' }), request(o.sequenceId, { recordId: 42 })] },
      { requests: Array.from({ length: 201 }, (_, i) => request(o.sequenceId, { requestId: `r${i}` })) },
    ];
    const answers = [];
    for (const body of bad)
      answers.push(await callout('/salesforce/actions/enroll', body, { secret: o.secret }));
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
    expect(answers[2]!.body.error.message).toBe(
      'recordId: must be a 15- or 18-character Salesforce record Id',
    );
    expect(answers[5]!.body.error.message).toMatch(/^requests\.1\.recordId: /);
    expect(await counts()).toEqual({ enrollments: 0, calls: 0 });
  });
});

describe('POST /salesforce/actions/unenroll', () => {
  it('happy: removes the live enrollment through the exit path, then says not enrolled', async () => {
    const o = await org();
    const enrolled = await callout('/salesforce/actions/enroll', request(o.sequenceId), { secret: o.secret });
    // The same interview id for the opposite action is a different call, not the enroll's answer.
    const out = await callout('/salesforce/actions/unenroll', request(o.sequenceId), { secret: o.secret });
    expect(out.body).toEqual({
      requestId: 'req-1',
      outcome: 'unenrolled',
      success: true,
      message: 'Unenrolled from "Seq"',
      enrollmentId: enrolled.body.enrollmentId,
    });
    const [row] = await enrollmentsOf(o.leadId);
    expect(row).toMatchObject({
      status: 'removed',
      jobId: null,
      exitReason: 'unenrolled by a Salesforce Flow',
    });
    const jobs = await ctx.boss.findJobs('sequence.runEmail', { data: { enrollmentId: row!.id } });
    expect(jobs.every((j) => j.state === 'cancelled')).toBe(true);

    const again = await callout(
      '/salesforce/actions/unenroll',
      request(o.sequenceId, { requestId: 'req-2' }),
      {
        secret: o.secret,
      },
    );
    expect(again.body).toMatchObject({ outcome: 'not_enrolled', success: true });
    const unknown = await callout(
      '/salesforce/actions/unenroll',
      {
        requests: [
          request(o.sequenceId, { requestId: 'req-3', recordId: UNSYNCED }),
          request('seq_nope', { requestId: 'req-4' }),
        ],
      },
      { secret: o.secret, mode: 'signature' },
    );
    expect(unknown.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'contact_unknown',
      'sequence_unknown',
    ]);
  });

  it('error: a malformed unenroll is 400', async () => {
    const o = await org();
    const res = await callout('/salesforce/actions/unenroll', { requestId: 'x' }, { secret: o.secret });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});
