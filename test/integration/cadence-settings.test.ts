import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enrollments } from '../../src/db/schema';
import { DEFAULT_CADENCE_SETTINGS } from '../../src/domain/cadence/settings';
import { apiWithPut, inWindow, publishSteps } from '../helpers/cadence';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation } from '../helpers/fixtures';

const ctx = useTestContext();

async function draft(api: ReturnType<typeof apiWithPut>, body: Record<string, unknown>) {
  const t = await api.post('/v1/templates', { name: 't', subject: 'S', html: '<p>x</p>' });
  const steps = [{ key: 'one', kind: 'email', templateId: t.body.id }];
  const seq = await api.post('/v1/sequences', { name: 'Seq', draft: { steps, ...body } });
  return api.post(`/v1/sequences/${seq.body.id}/publish`);
}

describe('cadence settings', () => {
  it('reads the defaults, stores a change and applies it to planning', async () => {
    const { key } = await newInstallation(ctx);
    const api = apiWithPut(ctx, key);
    expect((await api.get('/v1/settings/cadence')).body).toEqual(DEFAULT_CADENCE_SETTINGS);
    const window = { days: [2, 4], start: '10:00', end: '12:00' };
    const put = await api.put('/v1/settings/cadence', {
      window,
      defaultZone: 'europe/paris',
      cap: { count: 5 },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ window, defaultZone: 'Europe/Paris', cap: { count: 5, days: 7 } });
    expect((await api.get('/v1/settings/cadence')).body).toEqual(put.body);

    // A contact without zone hints follows the installation default, and says so.
    const contact = await api.post('/v1/contacts', { email: 'paris@example.com' });
    expect(contact.body.zone).toEqual({ name: 'Europe/Paris', source: 'default' });
    const seq = await publishSteps(api, [{ key: 'one' }]);
    const res = await api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contactId: contact.body.id });
    const [row] = await ctx.handle.db
      .select()
      .from(enrollments)
      .where(eq(enrollments.id, res.body.enrollment.id));
    // Enrolled Monday 15:00 Paris: the next slot is Tuesday 10:00-12:00 Paris.
    expect(inWindow(row!.stepDueAt!, 'Europe/Paris', '10:00', '12:00', [2])).toBe(true);
    expect(await drainJobs(ctx)).toEqual(['sent']);

    // A new default moves the contacts whose zone came from the default.
    await api.put('/v1/settings/cadence', { window, defaultZone: 'Asia/Tokyo' });
    expect((await api.get(`/v1/contacts/${contact.body.id}`)).body.zone).toEqual({
      name: 'Asia/Tokyo',
      source: 'default',
    });
  });

  it('refuses invalid settings with 400 and a path', async () => {
    const { key } = await newInstallation(ctx);
    const api = apiWithPut(ctx, key);
    const backwards = await api.put('/v1/settings/cadence', {
      window: { days: [1, 2, 3, 4, 5], start: '17:00', end: '09:00' },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('validation_failed');
    expect(backwards.body.error.details.issues[0].path).toBe('window.end');
    const equal = await api.put('/v1/settings/cadence', { window: { start: '09:00', end: '09:00' } });
    expect(equal.status).toBe(400);
    // End before the default start, once merged with the defaults.
    expect((await api.put('/v1/settings/cadence', { window: { end: '08:00' } })).status).toBe(400);
    for (const body of [
      { defaultZone: 'Mars/Olympus' },
      { window: { days: [0] } },
      { window: { days: [1, 1] } },
      { window: { start: '9am' } },
      { minSpacingHours: -1 },
      { cap: { count: 0 } },
      { spacing: 24 },
    ]) {
      const res = await api.put('/v1/settings/cadence', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    }
    expect((await api.get('/v1/settings/cadence')).body).toEqual(DEFAULT_CADENCE_SETTINGS);
  });

  it('keeps each installation’s settings to itself', async () => {
    const a = await newInstallation(ctx, 'A');
    const b = await newInstallation(ctx, 'B');
    await apiWithPut(ctx, a.key).put('/v1/settings/cadence', { minSpacingHours: 2 });
    expect((await apiWithPut(ctx, b.key).get('/v1/settings/cadence')).body.minSpacingHours).toBe(24);
    const anonymous = await ctx.app.request('/v1/settings/cadence');
    expect(anonymous.status).toBe(401);
  });

  it('refuses a draft with invalid cadence overrides: 422 with the path', async () => {
    const { key } = await newInstallation(ctx);
    const api = apiWithPut(ctx, key);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ cadence: { window: { start: '17:00', end: '09:00' } } }, 'cadence.window.end'],
      [{ cadence: { window: { start: '25:00' } } }, 'cadence.window.start'],
      [{ cadence: { minSpacingHours: 0 } }, 'cadence.minSpacingHours'],
      [{ cadence: { windows: {} } }, 'cadence'],
    ];
    for (const [body, path] of cases) {
      const res = await draft(api, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const t = await api.post('/v1/templates', { name: 't', subject: 'S', html: '<p>x</p>' });
    const stepCases: Array<[Record<string, unknown>, string]> = [
      [{ window: { days: [8] } }, 'steps.1.cadence.window.days.0'],
      [{ cap: { count: 1 } }, 'steps.1.cadence.cap'],
      [{ window: { start: '18:00', end: '17:30' } }, 'steps.1.cadence.window.end'],
    ];
    for (const [cadence, path] of stepCases) {
      const steps = [
        { key: 'a', kind: 'email', templateId: t.body.id },
        { key: 'b', kind: 'email', templateId: t.body.id, cadence },
      ];
      const seq = await api.post('/v1/sequences', { name: 'Steps', draft: { steps } });
      const res = await api.post(`/v1/sequences/${seq.body.id}/publish`);
      expect(res.status, JSON.stringify(cadence)).toBe(422);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    // Valid overrides publish.
    expect(
      (await draft(api, { cadence: { window: { days: [1, 2, 3] }, excludeHolidays: true } })).status,
    ).toBe(201);
  });
});
