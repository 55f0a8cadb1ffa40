import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context';
import { type Api, newInstallation } from '../helpers/fixtures';

const ctx = useTestContext();

async function branchySequence(api: Api) {
  const t = await api.post('/v1/templates', { name: 'a', subject: 'Hi', html: '<p>x</p>' });
  const seq = await api.post('/v1/sequences', {
    name: 'Visitors',
    draft: {
      steps: [
        { key: 'replied', kind: 'branch', condition: { signal: 'replied' }, ifTrue: null, ifFalse: 'check' },
        { key: 'check', kind: 'branch', condition: { signal: 'visited' }, ifTrue: 'mail', ifFalse: null },
        { key: 'mail', kind: 'email', templateId: t.body.id },
      ],
    },
  });
  return seq.body.id as string;
}

describe('publish warnings', () => {
  it('a branch on a signal with no event in the installation publishes, with a warning', async () => {
    const { api } = await newInstallation(ctx);
    const id = await branchySequence(api);
    const res = await api.post(`/v1/sequences/${id}/publish`);
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      { code: 'signal_without_events', signal: 'visited', path: 'steps.1.condition.signal' },
    ]);
  });

  it('once the installation has such an event, no warning; another installation still warns', async () => {
    const { api } = await newInstallation(ctx, 'A');
    const other = await newInstallation(ctx, 'B');
    await api.post('/v1/contacts', { email: 'a@example.com' });
    const ev = { id: 'pv-1', type: 'page_visited', contact: { email: 'a@example.com' } };
    expect((await api.post('/v1/events', ev)).status).toBe(201);
    const res = await api.post(`/v1/sequences/${await branchySequence(api)}/publish`);
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([]);
    const b = await other.api.post(`/v1/sequences/${await branchySequence(other.api)}/publish`);
    expect(b.body.warnings).toHaveLength(1);
  });
});
