import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, enrollments, sends } from '../../src/db/schema';
import { silentLogger } from '../../src/lib/logger';
import { decideSend } from '../../src/services/cadence/gate';
import { apiWithPut, publishSteps } from '../helpers/cadence';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';

// Thursday 2026-12-03; Paris is UTC+1 and France has no holiday until the 25th.
const ctx = useTestContext({ start: new Date('2026-12-03T08:00:00Z') });
const PARIS = 'Europe/Paris';

/** A contact in Paris enrolled in a one-step sequence (default window 09:00-17:00, Sat-Sun off). */
async function enrolled() {
  const { key } = await newInstallation(ctx);
  const api = apiWithPut(ctx, key);
  const seq = await publishSteps(api, [{ key: 'one' }]);
  const contact = await api.post('/v1/contacts', { email: 'claire@example.fr', timeZone: PARIS });
  const res = await api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contactId: contact.body.id });
  if (!res.body.enrollment) throw new Error(`enrolling failed: ${res.status} ${JSON.stringify(res.body)}`);
  const [e] = await ctx.handle.db
    .select()
    .from(enrollments)
    .where(eq(enrollments.id, res.body.enrollment.id));
  const [c] = await ctx.handle.db.select().from(contacts).where(eq(contacts.id, contact.body.id));
  return { api, e: e!, contact: c! };
}

type Enrolled = Awaited<ReturnType<typeof enrolled>>;

const decide = (
  { e, contact }: Enrolled,
  times: { now: string; plannedAt?: string },
  stepCadence?: Record<string, unknown>,
) =>
  decideSend(ctx.handle.db, silentLogger, {
    installationId: e.installationId,
    enrollmentId: e.id,
    stepKey: 'one',
    stepCadence,
    sequenceCadence: undefined,
    contact: {
      id: contact.id,
      crmTimeZone: contact.crmTimeZone,
      country: contact.country,
      region: contact.region,
    },
    now: new Date(times.now),
    ...(times.plannedAt ? { plannedAt: new Date(times.plannedAt) } : {}),
  });

/** Another sequence's mail to the same contact, at `at`. */
async function mailAt({ e }: Enrolled, at: string) {
  await ctx.handle.db.insert(sends).values({
    id: 'snd_00000000000000000000000000000001',
    installationId: e.installationId,
    enrollmentId: e.id,
    contactId: e.contactId,
    stepKey: 'elsewhere',
    status: 'sent',
    messageId: '<snd_00000000000000000000000000000001@tandem.test>',
    toAddress: 'claire@example.fr',
    subject: 'Elsewhere',
    createdAt: new Date(at),
    sentAt: new Date(at),
  });
}

// A 16:59 slot (15:59Z) and a job that runs at 17:00:03 (16:00:03Z), after the window closed.
const THU_SLOT = '2026-12-03T15:59:00Z';
const THU_LATE = '2026-12-03T16:00:03Z';

describe('send gate: late jobs and sendBy', () => {
  it('a job that ran past the window end is re-planned to the next day with reason late', async () => {
    const d = await decide(await enrolled(), { now: THU_LATE, plannedAt: THU_SLOT });
    if (d.allowed) throw new Error('expected a refusal');
    expect(d.reason).toBe('late');
    expect(d.slot.reasons[0]?.code).toBe('late');
    expect(d.slot.reasons[0]?.detail).toContain(
      'due 2026-12-03 16:59 Europe/Paris, ran at 17:00:03, after the 09:00-17:00 window closed; next slot 2026-12-04T09:',
    );
    // Friday, inside the window's first quarter (the start plus jitter).
    expect(d.slot.local).toMatch(/^2026-12-04T09:/);
  });

  it('without plannedAt the refusal keeps the window code, as before', async () => {
    const d = await decide(await enrolled(), { now: THU_LATE });
    if (d.allowed) throw new Error('expected a refusal');
    expect(d.reason).toBe('outside_window');
    expect(d.slot.reasons.map((r) => r.code)).not.toContain('late');
  });

  it('late on a Friday lands on Monday', async () => {
    const d = await decide(await enrolled(), {
      now: '2026-12-04T16:00:03Z',
      plannedAt: '2026-12-04T15:59:00Z',
    });
    if (d.allowed) throw new Error('expected a refusal');
    expect(d.reason).toBe('late');
    expect(d.slot.local).toMatch(/^2026-12-07T09:/);
    expect(d.slot.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['late', 'weekend']));
  });

  it('a job running late but still inside the window is allowed until the window end', async () => {
    const d = await decide(await enrolled(), {
      now: '2026-12-03T15:30:00Z',
      plannedAt: '2026-12-03T14:00:00Z',
    });
    if (!d.allowed) throw new Error(`refused: ${d.reason}`);
    expect(d.sendBy.toISOString()).toBe('2026-12-03T15:59:59.999Z');
  });

  it("sendBy follows the step's window override, up to a 24:00 end", async () => {
    const x = await enrolled();
    const inside = await decide(x, { now: '2026-12-03T15:30:00Z' }, { window: { end: '18:00' } });
    if (!inside.allowed) throw new Error(`refused: ${inside.reason}`);
    expect(inside.sendBy.toISOString()).toBe('2026-12-03T16:59:59.999Z');
    const later = await decide(x, { now: THU_LATE, plannedAt: THU_SLOT }, { window: { end: '18:00' } });
    if (!later.allowed) throw new Error(`refused: ${later.reason}`);
    expect(later.sendBy.toISOString()).toBe('2026-12-03T16:59:59.999Z');
    const midnight = await decide(x, { now: THU_LATE, plannedAt: THU_SLOT }, { window: { end: '24:00' } });
    if (!midnight.allowed) throw new Error(`refused: ${midnight.reason}`);
    expect(midnight.sendBy.toISOString()).toBe('2026-12-03T22:59:59.999Z');
  });

  it('spacing keeps its code when the job is also late', async () => {
    const x = await enrolled();
    await mailAt(x, '2026-12-03T14:00:00Z'); // 15:00 in Paris: 24 h spacing until Friday 15:00
    const d = await decide(x, { now: THU_LATE, plannedAt: THU_SLOT });
    if (d.allowed) throw new Error('expected a refusal');
    expect(d.reason).toBe('spacing');
    expect(d.slot.at.toISOString()).toBe('2026-12-04T14:00:00.000Z');
    expect(d.slot.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['late', 'spacing']));
  });

  it('a late job held only by spacing inside the next window is not called late', async () => {
    const x = await enrolled();
    await mailAt(x, '2026-12-04T08:30:00Z'); // Friday 09:30 in Paris
    const d = await decide(x, { now: '2026-12-04T09:00:00Z', plannedAt: THU_SLOT });
    if (d.allowed) throw new Error('expected a refusal');
    expect(d.reason).toBe('spacing');
    expect(d.slot.reasons.map((r) => r.code)).not.toContain('late');
  });

  it('the cap keeps its code when the job is also late', async () => {
    const x = await enrolled();
    const put = await x.api.put('/v1/settings/cadence', { minSpacingHours: 0, cap: { count: 1, days: 2 } });
    expect(put.status).toBe(200);
    await mailAt(x, '2026-12-03T09:00:00Z'); // Thursday 10:00 in Paris: the cap frees Saturday 10:00
    const d = await decide(x, { now: THU_LATE, plannedAt: THU_SLOT });
    if (d.allowed) throw new Error('expected a refusal');
    expect(d.reason).toBe('cap');
    expect(d.slot.local).toMatch(/^2026-12-07T09:/);
  });
});
