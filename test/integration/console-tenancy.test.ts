import { describe, expect, it } from 'vitest';
import { inboundMessages } from '../../src/db/schema';
import { newId } from '../../src/lib/ids';
import { startSession } from '../../src/services/console/sessions';
import { useTestContext } from '../helpers/context';
import { newInstallation, publishedSequence } from '../helpers/fixtures';
import { publishedModel } from '../helpers/scoring';

// One installation's session reaches its own records and gets 404 for another's, page by page.
describe('console tenancy', () => {
  const ctx = useTestContext();

  async function records(name: string) {
    const made = await newInstallation(ctx, name);
    const { sequenceId } = await publishedSequence(made.api, [{ key: 's1', subject: 'Hi' }]);
    const contact = await made.api.post('/v1/contacts', {
      email: `ann@${name.toLowerCase()}.example`,
      timezone: 'UTC',
    });
    const enrollment = await made.api.post('/v1/enrollments', { contactId: contact.body.id, sequenceId });
    const { modelId } = await publishedModel(made.api, {
      name: 'Fit',
      halfLifeDays: null,
      rules: [{ id: 'click', label: 'Clicked', kind: 'event', event: 'email_clicked', points: 10 }],
      thresholds: [],
    });
    const inboundId = newId('inb');
    await ctx.handle.db.insert(inboundMessages).values({
      id: inboundId,
      installationId: made.installationId,
      messageId: `<${inboundId}@example.com>`,
      fromAddress: `ann@${name.toLowerCase()}.example`,
      subject: 'Re: Hi',
      kind: 'reply',
      confidence: 'high',
      status: 'unmatched',
      raw: 'Subject: Re: Hi\r\n\r\nThanks',
      receivedAt: ctx.clock.now(),
    });
    const { token } = await startSession(ctx.handle.db, {
      installationId: made.installationId,
      identity: 'link',
      label: `${name} admin`,
      role: 'admin',
      now: ctx.clock.now(),
    });
    const pages = [
      `/app/sequences/${sequenceId}`,
      `/app/enrollments/${enrollment.body.enrollment.id}`,
      `/app/scoring/${modelId}`,
      `/app/inbound/${inboundId}`,
    ];
    return { token, pages };
  }

  it('answers 200 for its own records and 404 for the other installation', async () => {
    const a = await records('Alpha');
    const b = await records('Beta');
    const get = (token: string, path: string) =>
      ctx.app.request(path, { headers: { cookie: `tandem_session=${token}`, accept: 'text/html' } });
    for (const path of a.pages)
      expect({ path, status: (await get(a.token, path)).status }).toEqual({ path, status: 200 });
    for (const path of b.pages) {
      const res = await get(a.token, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(await res.text()).not.toContain('beta.example');
    }
  });
});
