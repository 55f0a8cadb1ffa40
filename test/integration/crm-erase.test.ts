import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, crmWebhookEvents, crmWrites, suppressionLifts } from '../../src/db/schema';
import { upsertContact } from '../../src/services/contacts';
import { eraseContact } from '../../src/services/crm/erase';
import { mergeContacts } from '../../src/services/crm/merge';
import { useTestContext } from '../helpers/context';
import { inboundToken, postInbound, rawMail } from '../helpers/engagement';
import { type Api, drainJobs, newInstallation } from '../helpers/fixtures';
import { drainScoring, publishedModel, recordEvent } from '../helpers/scoring';

const ctx = useTestContext();

const EMAIL = 'zephyrine.quill@example.com';
const OLD_EMAIL = 'z.quill@oldmail.example.com';
const FIRST = 'Zephyrine';
const LAST = 'Quillfeather';

/** Every column of every table (ours and pg-boss's), as text: where does `needle` still appear? */
async function whereIs(needle: string): Promise<string[]> {
  const { rows: columns } = await ctx.handle.pool.query<{ s: string; t: string; c: string }>(
    `select c.table_schema as s, c.table_name as t, c.column_name as c
       from information_schema.columns c
       join information_schema.tables t using (table_schema, table_name)
      where c.table_schema in ('public', 'pgboss') and t.table_type = 'BASE TABLE'`,
  );
  const hits: string[] = [];
  for (const { s, t, c } of columns) {
    const { rows } = await ctx.handle.pool.query(
      `select count(*)::int as n from "${s}"."${t}" where strpos(lower("${c}"::text), lower($1)) > 0`,
      [needle],
    );
    if (rows[0].n > 0) hits.push(`${s === 'public' ? '' : `${s}.`}${t}.${c}`);
  }
  return hits.sort();
}

async function sequence(api: Api, name: string) {
  const intro = await api.post('/v1/templates', {
    name: `${name} intro`,
    subject: 'Hi {{contact.firstName | "there"}} {{contact.lastName | ""}}',
    html: '<p>Hello {{contact.firstName | "there"}}, see <a href="https://example.com/pricing">pricing</a></p>',
  });
  const bump = await api.post('/v1/templates', {
    name: `${name} bump`,
    subject: 'Bump',
    html: '<p>Bump</p>',
  });
  const seq = await api.post('/v1/sequences', {
    name,
    draft: {
      steps: [
        { key: 'intro', kind: 'email', templateId: intro.body.id, delay: { amount: 1, unit: 'days' } },
        { key: 'bump', kind: 'email', templateId: bump.body.id, delay: { amount: 3, unit: 'days' } },
      ],
    },
  });
  expect((await api.post(`/v1/sequences/${seq.body.id}/publish`)).status).toBe(201);
  return seq.body.id as string;
}

const person = { email: EMAIL, externalId: '901', firstName: FIRST, lastName: LAST, company: 'Quill & Co' };
const other = { email: 'bob@example.com', externalId: '777', firstName: 'Bob', lastName: 'Stone' };

/** Zephyrine with everything a contact can leave behind, plus Bob, who must be left alone. */
async function personWithHistory() {
  const setup = await newInstallation(ctx);
  const { api, installationId } = setup;
  await publishedModel(api, {
    name: 'Engagement',
    halfLifeDays: null,
    rules: [{ id: 'clicked', label: 'Clicked a link', kind: 'event', event: 'email_clicked', points: 10 }],
    thresholds: [],
  });
  const s = await sequence(api, 'S');
  const t = await sequence(api, 'T');
  // An older record of her, merged into the current one in the CRM (a tombstone here).
  await api.post('/v1/contacts', { ...person, email: OLD_EMAIL, externalId: '902' });
  for (const contact of [person, other]) {
    expect((await api.post('/v1/enrollments', { sequenceId: s, contact })).status).toBe(201);
  }
  expect(
    await mergeContacts(
      ctx.deps,
      installationId,
      { primaryExternalId: '901', mergedExternalIds: ['902'] },
      ctx.clock.now(),
    ),
  ).toBe('applied');
  expect(await drainJobs(ctx, 2)).toEqual(['sent', 'sent']); // both intros, through the SMTP sink
  const intro = ctx.sink.messages.find((m) => m.to.includes(EMAIL))!;
  expect(intro.subject).toBe(`Hi ${FIRST} ${LAST}`);
  const [zeph] = await ctx.handle.db.select().from(contacts).where(eq(contacts.email, EMAIL));
  const contactId = zeph!.id;
  // She replies (S ends `replied`, the owner gets a task with her words) and is live in T.
  const token = await inboundToken(api);
  const reply = rawMail({
    from: `${FIRST} ${LAST} <${EMAIL}>`,
    inReplyTo: intro.messageId!,
    subject: `Re: Hi ${FIRST} ${LAST}`,
    body: `Call me at the office. ${FIRST} ${LAST}, ${EMAIL}`,
  });
  expect((await postInbound(ctx, token, reply)).body.action).toBe('exited_replied');
  // A colleague forwards something about her old address: unmatched, kept, and about her.
  const forward = rawMail({
    from: 'Eve <eve@example.net>',
    subject: 'Fwd',
    body: `From ${OLD_EMAIL}: hello`,
  });
  expect((await postInbound(ctx, token, forward)).status).toBe(201);
  const inT = await api.post('/v1/enrollments', { sequenceId: t, contactId });
  expect(inT.status).toBe(201);
  const note = { note: `${FIRST} asked to wait, write to ${EMAIL}` };
  expect((await api.post(`/v1/enrollments/${inT.body.enrollment.id}/pause`, note)).status).toBe(200);
  await recordEvent(ctx, {
    installationId,
    contactId,
    type: 'clicked',
    url: `https://example.com/?who=${EMAIL}`,
    data: { name: FIRST },
  });
  await drainScoring(ctx);
  const at = ctx.clock.now();
  await ctx.handle.db.insert(crmWebhookEvents).values({
    id: 'whe_1',
    installationId,
    dedupeKey: 'k1',
    subscriptionType: 'contact.propertyChange',
    objectId: '901',
    occurredAt: at,
    payload: { objectId: 901, propertyName: 'lastname', propertyValue: LAST },
    receivedAt: at,
  });
  await ctx.handle.db
    .insert(crmWrites)
    .values({ installationId, objectId: '901', property: 'email', value: EMAIL, writtenAt: at });
  await ctx.handle.db.insert(suppressionLifts).values({
    id: 'lift_1',
    installationId,
    contactId,
    email: OLD_EMAIL,
    liftedBy: 'cli:ops',
    reason: `asked by ${FIRST}`,
    liftedAt: at,
  });
  const jobId = await ctx.boss.send('scoring.runAction', { actionId: 'act_x' });
  await ctx.boss.fail('scoring.runAction', jobId!, { message: `webhook refused for ${EMAIL}` });
  return { ...setup, s, t, contactId };
}

/** Counts that must survive an erasure: per sequence, step, status and event type. */
async function counts() {
  const { rows } = await ctx.handle.pool.query(
    `select (select json_agg(x order by x) from (select e.sequence_id || ':' || count(*) as x from enrollments e group by e.sequence_id) q) as enrollments,
            (select json_agg(x order by x) from (select s.step_key || ':' || s.status || ':' || count(*) as x from sends s group by s.step_key, s.status) q) as sends,
            (select json_agg(x order by x) from (select g.type || ':' || count(*) as x from engagement_events g group by g.type) q) as engagement,
            (select count(*)::int from inbound_messages) as inbound`,
  );
  return rows[0];
}

describe('privacy deletion', () => {
  it('leaves no trace of the address or the names in any table, and the counts stay', async () => {
    const p = await personWithHistory();
    // The scan sees her wherever she is (so it would see a table the erasure forgot).
    const before = await whereIs(EMAIL);
    for (const place of [
      'contacts.email',
      'sends.to_address',
      'inbound_messages.raw',
      'crm_outbox.payload',
      'crm_writes.value',
      'engagement_events.url',
      'enrollment_events.data',
      'pgboss.job.output',
    ]) {
      expect(before).toContain(place);
    }
    expect(await whereIs(OLD_EMAIL)).toEqual([
      'contacts.email',
      'inbound_messages.raw',
      'suppression_lifts.email',
    ]);
    expect(await whereIs(LAST)).toEqual(
      expect.arrayContaining(['sends.subject', 'crm_webhook_events.payload', 'contacts.last_name']),
    );
    const kept = await counts();

    expect(await eraseContact(ctx.deps, p.installationId, '901', ctx.clock.now())).toBe('applied');

    for (const needle of [EMAIL, OLD_EMAIL, FIRST, LAST])
      expect({ needle, hits: await whereIs(needle) }).toEqual({ needle, hits: [] });
    expect(await counts()).toEqual(kept);
    const { rows: live } = await ctx.handle.pool.query(
      `select status, exit_reason from enrollments where contact_id = $1 order by sequence_id = $2`,
      [p.contactId, p.t],
    );
    expect(live).toEqual([
      { status: 'replied', exit_reason: 'replied' },
      { status: 'removed', exit_reason: 'privacy_deletion' },
    ]);
    // Bob is untouched, and nothing more goes out to her.
    expect(await whereIs('bob@example.com')).toContain('sends.to_address');
    expect((await whereIs('Stone')).length).toBeGreaterThan(0);
    ctx.sink.messages.length = 0;
    await drainJobs(ctx);
    expect(ctx.sink.messages.map((m) => m.to)).toEqual([['bob@example.com']]);
  });

  it('a repeated deletion changes nothing; the CRM creating her again makes a new contact', async () => {
    const p = await personWithHistory();
    expect(await eraseContact(ctx.deps, p.installationId, '901', ctx.clock.now())).toBe('applied');
    const { rows: before } = await ctx.handle.pool.query('select * from contacts order by id');
    expect(await eraseContact(ctx.deps, p.installationId, '901', ctx.clock.now())).toBe('ignored');
    const { rows: after } = await ctx.handle.pool.query('select * from contacts order by id');
    expect(after).toEqual(before);
    // Forgotten, not suppressed: the address is not kept anywhere, so it comes back as a stranger.
    const again = await upsertContact(ctx.handle.db, p.installationId, person, ctx.clock.now());
    expect(again.id).not.toBe(p.contactId);
    expect(again.suppressedAt).toBeNull();
    expect(again.externalId).toBe('901');
  });
});
