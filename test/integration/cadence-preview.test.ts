import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { crmOutbox } from '../../src/db/schema';
import { inWindow, local, publishSteps, sendsOf, stepRunTimes } from '../helpers/cadence';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation } from '../helpers/fixtures';
import { spawnEntry } from '../helpers/processes';

const ctx = useTestContext();
const NY = 'America/New_York';

const mixedSteps = [
  { key: 'e1', subject: 'First' },
  { key: 'w', kind: 'wait' as const, delay: { amount: 3, unit: 'hours' as const } },
  { key: 'e2', subject: 'Second', delay: { amount: 2, unit: 'business_days' as const } },
  { key: 't', kind: 'task' as const, subject: 'Call', delay: { amount: 1, unit: 'days' as const } },
  {
    key: 'b',
    kind: 'branch' as const,
    condition: { signal: 'replied' },
    ifTrue: null,
    ifFalse: 'e3',
    delay: { amount: 2, unit: 'hours' as const },
  },
  { key: 'e3', subject: 'Third', delay: { amount: 3, unit: 'days' as const } },
  {
    key: 'u',
    kind: 'update_crm' as const,
    property: 'lifecyclestage',
    value: 'lead',
    delay: { amount: 1, unit: 'hours' as const },
  },
  { key: 'e4', subject: 'Fourth', delay: { amount: 1, unit: 'days' as const } },
  // A narrower window for the last mail only.
  {
    key: 'e5',
    subject: 'Fifth',
    delay: { amount: 4, unit: 'hours' as const },
    cadence: { window: { start: '13:00' } },
  },
];

describe('preview', () => {
  it('gives the same time for every step as the real run, with the contact’s other mail counted', async () => {
    const { api } = await newInstallation(ctx);
    const contact = await api.post('/v1/contacts', { email: 'pre@example.com', country: 'US', region: 'NY' });
    // Another sequence already mailed this contact: the gate spaces the first step of the new one.
    const other = await publishSteps(api, [{ key: 'earlier' }]);
    await api.post('/v1/enrollments', { sequenceId: other.sequenceId, contactId: contact.body.id });
    expect(await drainJobs(ctx)).toEqual(['sent']);

    const seq = await publishSteps(api, mixedSteps);
    const preview = await api.post(`/v1/sequences/${seq.sequenceId}/preview`, { contactId: contact.body.id });
    expect(preview.status).toBe(200);
    expect(preview.body.zone).toMatchObject({ name: NY, source: 'inferred' });
    expect(preview.body.existingSends).toHaveLength(1);
    const planned = new Map<string, string>(
      preview.body.steps.map((s: { stepKey: string; at: string }) => [s.stepKey, s.at]),
    );
    expect([...planned.keys()]).toEqual(['e1', 'w', 'e2', 't', 'b', 'e3', 'u', 'e4', 'e5']);
    const e1 = preview.body.steps[0];
    expect(e1.reasons.map((r: { code: string }) => r.code)).toContain('spacing');

    const res = await api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contactId: contact.body.id });
    await drainJobs(ctx);
    const ran = await stepRunTimes(ctx, res.body.enrollment.id);
    const actual = Object.fromEntries([...ran].map(([k, at]) => [k, at.toISOString()]));
    expect(actual).toEqual(Object.fromEntries(planned));
    // The mail went out at those times, inside the window; the task was written when planned.
    const mails = (await sendsOf(ctx, contact.body.id)).filter((m) => m.stepKey !== 'earlier');
    expect(Object.fromEntries(mails.map((m) => [m.stepKey, m.sentAt!.toISOString()]))).toEqual({
      e1: planned.get('e1'),
      e2: planned.get('e2'),
      e3: planned.get('e3'),
      e4: planned.get('e4'),
      e5: planned.get('e5'),
    });
    for (const m of mails) expect(inWindow(m.sentAt!, NY)).toBe(true);
    expect(local(mails.find((m) => m.stepKey === 'e5')!.sentAt!, NY).hour).toBeGreaterThanOrEqual(13);
    const [task] = await ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.kind, 'task'));
    expect(task?.createdAt.toISOString()).toBe(planned.get('t'));
  });

  it('previews for a zone, with reasons', async () => {
    const { api } = await newInstallation(ctx);
    const seq = await publishSteps(api, [{ key: 'one' }, { key: 'two', delay: { amount: 1, unit: 'days' } }]);
    const res = await api.post(`/v1/sequences/${seq.sequenceId}/preview`, {
      zone: 'Europe/Berlin',
      start: '2026-03-06T18:00:00Z', // Friday 19:00 in Berlin
    });
    expect(res.status).toBe(200);
    const [one, two] = res.body.steps;
    expect(one.local).toMatch(/^2026-03-09T09:\d\d:\d\d\+01:00$/);
    expect(one.reasons.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['weekend', 'jitter']),
    );
    expect(one.reasons[0].detail).toBeTruthy();
    expect(two.local.slice(0, 10)).toBe('2026-03-10');
  });

  it('refuses bad input with 4xx and never reads another installation', async () => {
    const { api } = await newInstallation(ctx);
    const seq = await publishSteps(api, [{ key: 'one' }]);
    const bad = await api.post(`/v1/sequences/${seq.sequenceId}/preview`, { zone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('zone');
    const typo = await api.post(`/v1/sequences/${seq.sequenceId}/preview`, { contact: 'con_x' });
    expect(typo.status).toBe(400);
    const badStart = await api.post(`/v1/sequences/${seq.sequenceId}/preview`, { start: 'tomorrow' });
    expect(badStart.status).toBe(400);
    const noContact = await api.post(`/v1/sequences/${seq.sequenceId}/preview`, { contactId: 'con_nope' });
    expect(noContact.status).toBe(404);
    const draftOnly = await api.post('/v1/sequences', { name: 'Draft', draft: { steps: [] } });
    expect((await api.post(`/v1/sequences/${draftOnly.body.id}/preview`, {})).status).toBe(422);

    const other = await newInstallation(ctx, 'Other');
    const theirs = await other.api.post(`/v1/sequences/${seq.sequenceId}/preview`, {});
    expect(theirs.status).toBe(404);
    const theirContact = await other.api.post('/v1/contacts', { email: 'x@example.com' });
    const cross = await api.post(`/v1/sequences/${seq.sequenceId}/preview`, {
      contactId: theirContact.body.id,
    });
    expect(cross.status).toBe(404);
  });

  it('the CLI prints the same plan as the API, and exits 2 on a bad argument', async () => {
    const { api } = await newInstallation(ctx);
    const contact = await api.post('/v1/contacts', { email: 'cli@example.com', timeZone: NY });
    const seq = await publishSteps(api, [
      { key: 'hello' },
      { key: 'again', delay: { amount: 2, unit: 'days' } },
    ]);
    const start = '2026-03-02T14:00:00.000Z';
    const viaApi = await api.post(`/v1/sequences/${seq.sequenceId}/preview`, {
      contactId: contact.body.id,
      start,
    });
    const env = { DATABASE_URL: ctx.url, LOG_LEVEL: 'silent' };
    const args = ['preview', '--sequence', seq.sequenceId, '--contact', contact.body.id, '--start', start];
    const cli = (argv: string[]) => spawnEntry('src/entry/cli.ts', argv, env);
    const [ok, badZone, missing, unknown] = [
      cli(args),
      cli(['preview', '--sequence', seq.sequenceId, '--zone', 'Nowhere/Land']),
      cli(['preview', '--contact', contact.body.id]),
      cli(['preview', '--sequence', 'seq_nope', '--zone', 'UTC']),
    ];
    expect(await ok.exited).toBe(0);
    for (const step of viaApi.body.steps) {
      const row = `${step.stepKey}\\s+email\\s+${step.at}\\s+${step.local.replace('+', '\\+')}`;
      expect(ok.output()).toMatch(new RegExp(row));
    }
    expect(ok.output()).toContain(`Zone ${NY} (crm`);
    expect(await badZone.exited).toBe(2);
    expect(badZone.output()).toContain('"Nowhere/Land" is not an IANA time zone');
    expect(await missing.exited).toBe(2);
    expect(missing.output()).toContain('--sequence <seq_...> is required');
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toContain('No sequence seq_nope');
  });
});
