import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sequences, sequenceVersions } from '../../src/db/schema';
import { newId } from '../../src/lib/ids';
import { OPTIONS_PAGE_SIZE } from '../../src/services/hubspot/actions-options';
import { createInstallation } from '../../src/services/installations';
import { useTestContext } from '../helpers/context';
import { signedHubSpotCall } from '../helpers/hubspot-signed';

const SECRET = 'hubspot-client-secret-for-tests';
const PORTAL = 4455667;
const ctx = useTestContext({ env: { HUBSPOT_CLIENT_SECRET: SECRET } });

type State = 'published' | 'draft' | 'archived';

/** Sequences as rows (the options list reads names and active versions, never runs them). */
async function seed(portalId: number, specs: Array<{ name: string; state?: State; steps?: number }>) {
  const installation = await createInstallation(ctx.handle.db, {
    name: 'Acme',
    crm: 'hubspot',
    externalId: String(portalId),
  });
  const ids: Record<string, string> = {};
  for (const s of specs) {
    const id = newId('seq');
    ids[s.name] = id;
    const versionId = newId('sqv');
    await ctx.handle.db.insert(sequences).values({
      id,
      installationId: installation.id,
      name: s.name,
      draft: {},
      archivedAt: s.state === 'archived' ? ctx.clock.now() : null,
    });
    if (s.state === 'draft') continue;
    const steps = Array.from({ length: s.steps ?? 1 }, (_, i) => ({ key: `s${i}`, kind: 'email' }));
    await ctx.handle.db.insert(sequenceVersions).values({
      id: versionId,
      installationId: installation.id,
      sequenceId: id,
      version: 2,
      definition: { steps },
    });
    await ctx.handle.db.update(sequences).set({ activeVersionId: versionId }).where(eq(sequences.id, id));
  }
  return ids;
}

const fetchOptions = (fetch: Record<string, unknown> = {}, portalId = PORTAL) =>
  signedHubSpotCall(ctx, SECRET, 'POST', '/hubspot/actions/sequences', {
    origin: { portalId, actionDefinitionId: 9001, actionDefinitionVersion: 1 },
    inputFieldName: 'sequenceId',
    inputFields: {},
    fetchOptions: fetch,
  });

describe('POST /hubspot/actions/sequences (optionsUrl)', () => {
  it("lists the portal's published, non-archived sequences by name", async () => {
    const ids = await seed(PORTAL, [
      { name: 'Welcome', steps: 3 },
      { name: 'abandoned trial', steps: 1 },
      { name: 'Draft only', state: 'draft' },
      { name: 'Old', state: 'archived' },
    ]);
    await seed(999000, [{ name: 'Another portal' }]);
    const res = await fetchOptions();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      options: [
        { label: 'abandoned trial', value: ids['abandoned trial'], description: 'Version 2, 1 step' },
        { label: 'Welcome', value: ids.Welcome, description: 'Version 2, 3 steps' },
      ],
      searchable: true,
    });
  });

  it('searches by name, case-insensitively, with LIKE characters taken literally', async () => {
    await seed(PORTAL, [
      { name: 'Onboarding EU' },
      { name: 'onboarding US' },
      { name: 'Renewal' },
      { name: '100% off' },
    ]);
    const found = await fetchOptions({ q: 'ONBOARD' });
    expect(found.body.options.map((o: { label: string }) => o.label)).toEqual([
      'Onboarding EU',
      'onboarding US',
    ]);
    const percent = await fetchOptions({ q: '%' });
    expect(percent.body.options.map((o: { label: string }) => o.label)).toEqual(['100% off']);
  });

  it('pages with the after cursor until every sequence was listed once', async () => {
    const names = Array.from({ length: OPTIONS_PAGE_SIZE + 7 }, (_, i) => ({
      name: `Seq ${String(i).padStart(3, '0')}`,
    }));
    await seed(PORTAL, names);
    const first = await fetchOptions();
    expect(first.body.options).toHaveLength(OPTIONS_PAGE_SIZE);
    expect(typeof first.body.after).toBe('string');
    const second = await fetchOptions({ after: first.body.after });
    expect(second.body.options).toHaveLength(7);
    expect(second.body.after).toBeUndefined();
    const labels = [...first.body.options, ...second.body.options].map((o: { label: string }) => o.label);
    expect(labels).toEqual(names.map((n) => n.name));
  });

  it('answers an empty list to an unknown portal and 400 to a cursor it never issued', async () => {
    await seed(PORTAL, [{ name: 'Welcome' }]);
    expect((await fetchOptions({}, 1)).body).toEqual({ options: [], searchable: true });
    const bad = await fetchOptions({ after: 'not-a-cursor!' });
    expect(bad.status).toBe(400);
  });

  it('serves the same list to a signed GET and refuses an unsigned one', async () => {
    await seed(PORTAL, [{ name: 'Welcome' }, { name: 'Renewal' }]);
    const path = `/hubspot/actions/sequences?portalId=${PORTAL}&q=wel`;
    const res = await signedHubSpotCall(ctx, SECRET, 'GET', path, undefined);
    expect(res.status).toBe(200);
    expect(res.body.options.map((o: { label: string }) => o.label)).toEqual(['Welcome']);
    const unsigned = await ctx.app.request(path);
    expect(unsigned.status).toBe(401);
    // The query is signed too: changing it breaks the signature.
    const altered = await signedHubSpotCall(ctx, SECRET, 'GET', path, undefined, { sentPath: `${path}x` });
    expect(altered.status).toBe(401);
  });

  it('documents the action routes in the OpenAPI document', async () => {
    const doc = (await (await ctx.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths['/hubspot/actions/sequences'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/hubspot/actions/enroll'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/hubspot/actions/unenroll'] ?? {})).toEqual(['post']);
  });
});
