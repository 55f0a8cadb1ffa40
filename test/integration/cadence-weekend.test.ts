import { describe, expect, it } from 'vitest';
import { apiWithPut, drainConcurrently, local, publishSteps, sendsOf } from '../helpers/cadence';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';

const ctx = useTestContext();
const IL = 'Asia/Jerusalem';

describe("the contact's weekend and holidays, end to end", () => {
  it('a contact in Israel enrolled on Friday gets the mail on Sunday, with the reason recorded', async () => {
    const { key } = await newInstallation(ctx);
    const api = apiWithPut(ctx, key);
    const contact = await api.post('/v1/contacts', { email: 'tlv@example.com', country: 'IL' });
    const seq = await publishSteps(api, [{ key: 'one' }]);
    ctx.clock.set(new Date('2026-12-04T08:00:00Z')); // Friday 10:00 in Israel
    await api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contactId: contact.body.id });
    await drainConcurrently(ctx);
    const [mail] = await sendsOf(ctx, contact.body.id);
    expect(local(mail!.sentAt!, IL).toISODate()).toBe('2026-12-06');
    expect(mail!.reasons).toContain('weekend');
  });

  it('stores a weekend rule and refuses a bad one with a 400', async () => {
    const { key } = await newInstallation(ctx);
    const api = apiWithPut(ctx, key);
    const put = await api.put('/v1/settings/cadence', { weekend: 'sat_sun' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ weekend: 'sat_sun', excludeHolidays: true });
    for (const weekend of ['friday', [1, 2, 3, 4, 5, 6, 7], [5, 5]]) {
      const res = await api.put('/v1/settings/cadence', { weekend });
      expect(res.status, JSON.stringify(weekend)).toBe(400);
      expect(res.body.error.code).toBeTypeOf('string');
    }
    const bad = await api.put('/v1/settings/cadence', { weekend: [6, 7], window: { days: [6, 7] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('weekend');
  });

  it('a sequence may set its own weekend; a step may not', async () => {
    const { key } = await newInstallation(ctx);
    const api = apiWithPut(ctx, key);
    const t = await api.post('/v1/templates', { name: 't', subject: 'S', html: '<p>x</p>' });
    const publish = async (draft: Record<string, unknown>) => {
      const seq = await api.post('/v1/sequences', { name: 'Seq', draft });
      return api.post(`/v1/sequences/${seq.body.id}/publish`);
    };
    const step = { key: 'one', kind: 'email', templateId: t.body.id };
    expect((await publish({ steps: [step], cadence: { weekend: [5, 6] } })).status).toBeLessThan(300);
    expect((await publish({ steps: [step], cadence: { weekend: 'moon' } })).status).toBe(422);
    expect((await publish({ steps: [{ ...step, cadence: { weekend: 'sat_sun' } }] })).status).toBe(422);
  });
});
