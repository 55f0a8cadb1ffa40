import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enrollments } from '../../src/db/schema';
import { useTestContext } from '../helpers/context';
import { contactRow, eventsOf, outboxRows } from '../helpers/engagement';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

const ONE_CLICK = 'List-Unsubscribe=One-Click';

/** One contact in three sequences, with the first mail out (its List-Unsubscribe URL). */
async function inThreeSequences() {
  const setup = await newInstallation(ctx);
  const ids: string[] = [];
  let contactId = '';
  for (const name of ['A', 'B', 'C']) {
    const seq = await publishedSequence(setup.api, [
      { key: 'one', subject: `${name} one` },
      { key: 'two', subject: `${name} two`, delay: { amount: 1, unit: 'days' } },
    ]);
    const res = await setup.api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: 'ann@example.com', firstName: 'Ann' },
    });
    ids.push(res.body.enrollment.id);
    contactId = res.body.enrollment.contactId;
  }
  for (let i = 0; i < 10 && ctx.sink.messages.length === 0; i++) await drainJobs(ctx, 1);
  const header = ctx.sink.messages[0]?.headers['list-unsubscribe'] ?? '';
  const url = /^<(http:\/\/tandem\.test\/u\/[^>]+)>$/.exec(header)?.[1];
  if (!url) throw new Error(`no List-Unsubscribe: ${header}`);
  return { ...setup, enrollmentIds: ids, contactId, path: url.replace('http://tandem.test', '') };
}

async function statuses(ids: string[]) {
  const rows = await Promise.all(
    ids.map((id) => ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, id))),
  );
  return rows.map(([r]) => r!.status);
}

function post(path: string, body: string | null, contentType = 'application/x-www-form-urlencoded') {
  return ctx.app.request(path, {
    method: 'POST',
    headers: { 'content-type': contentType },
    ...(body === null ? {} : { body }),
  });
}

describe('unsubscribe', () => {
  it('one-click POST exits all three sequences at once, suppresses, queues the CRM write-back', async () => {
    const s = await inThreeSequences();
    const sent = ctx.sink.messages.length;
    const jobIds = await Promise.all(
      s.enrollmentIds.map(async (id) => {
        const [e] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, id));
        return [e!.jobName!, e!.jobId!] as const;
      }),
    );

    const res = await post(s.path, ONE_CLICK);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');
    expect(await statuses(s.enrollmentIds)).toEqual(['opted_out', 'opted_out', 'opted_out']);
    for (const [name, id] of jobIds)
      expect((await ctx.boss.getJobById(name as never, id))?.state).toBe('cancelled');
    const contact = await contactRow(ctx, s.contactId);
    expect(contact.suppressionReason).toBe('unsubscribed');
    expect((await outboxRows(ctx, s.contactId)).map((r) => r.kind)).toEqual(['opt_out']);
    expect(await eventsOf(ctx, s.contactId, 'unsubscribed')).toHaveLength(1);
    // Nothing more goes out, whatever is still queued.
    expect(await drainJobs(ctx)).toEqual([]);
    expect(ctx.sink.messages).toHaveLength(sent);
    // Idempotent: mail clients may POST twice.
    expect((await post(s.path, ONE_CLICK)).status).toBe(200);
    expect(await outboxRows(ctx, s.contactId)).toHaveLength(1);
    // A suppressed contact cannot be enrolled again.
    const seq = await publishedSequence(s.api, [{ key: 'x', subject: 'X' }]);
    const again = await s.api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contactId: s.contactId });
    expect(again.status).toBe(422);
  });

  it('the page confirms with a button that POSTs; the GET alone changes nothing', async () => {
    const s = await inThreeSequences();
    const res = await ctx.app.request(s.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('ann@example.com');
    expect(html).toContain('<form method="post"');
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await statuses(s.enrollmentIds)).toEqual(['active', 'active', 'active']);
    // The form's own submission is the same one-click body.
    const action = /action="([^"]+)"/.exec(html)![1]!;
    expect((await post(action, ONE_CLICK)).status).toBe(200);
    const after = await (await ctx.app.request(s.path)).text();
    expect(after).toContain('You are unsubscribed');
    expect(after).not.toContain('<form');
  });

  it('refuses a forged or unknown token and a malformed body; nothing changes', async () => {
    const s = await inThreeSequences();
    const token = s.path.slice('/u/'.length);
    const sendId = decodeURIComponent(token).split('.')[0]!;
    const forged = [
      `/u/${sendId}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      `/u/${sendId}`,
      '/u/nonsense',
    ];
    for (const path of forged) {
      const res = await post(path, ONE_CLICK);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
      expect((await ctx.app.request(path)).status).toBe(404);
    }
    // A valid link, but not an RFC 8058 body.
    expect((await post(s.path, null)).status).toBe(400);
    expect((await post(s.path, 'List-Unsubscribe=Yes')).status).toBe(400);
    const json = await post(s.path, JSON.stringify({ 'List-Unsubscribe': 'One-Click' }), 'application/json');
    expect(json.status).toBe(415);
    expect(await statuses(s.enrollmentIds)).toEqual(['active', 'active', 'active']);
    expect((await contactRow(ctx, s.contactId)).suppressedAt).toBeNull();
    expect(await outboxRows(ctx, s.contactId)).toEqual([]);
  });
});
