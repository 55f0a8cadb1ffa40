import { Client } from '@hubspot/api-client';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeHubSpot, type FakeHubSpot } from '../../../../connectors/hubspot/fake/index';
import { hubspotServer } from '../../../helpers/hubspot-msw';

const BASE = 'https://fake.hubapi.test';
const clock = { t: Date.parse('2026-12-01T10:00:00Z'), now: () => clock.t };
let fake: FakeHubSpot = createFakeHubSpot({
  clientId: 'cid',
  clientSecret: 'sec',
  appId: 7,
  portalId: 42,
  clock,
});
const server = hubspotServer({ ...fake, fetch: (r: Request) => fake.fetch(r) } as FakeHubSpot, BASE);
afterAll(() => server.close());

async function connect() {
  const anon = new Client({ basePath: BASE, numberOfApiCallRetries: 0 });
  const code = fake.issueCode(['oauth', 'crm.objects.contacts.write']);
  const tokens = await anon.oauth.tokensApi.create(
    'authorization_code',
    code,
    'https://app/cb',
    'cid',
    'sec',
  );
  return {
    tokens,
    client: new Client({ accessToken: tokens.accessToken, basePath: BASE, numberOfApiCallRetries: 0 }),
  };
}

beforeEach(() => {
  clock.t = Date.parse('2026-12-01T10:00:00Z');
  fake = createFakeHubSpot({ clientId: 'cid', clientSecret: 'sec', appId: 7, portalId: 42, clock });
});

describe('fake HubSpot through the real @hubspot/api-client', () => {
  it('exchanges a code and refreshes (form-encoded); the SDK drops hub_id, introspection has it', async () => {
    const { tokens, client } = await connect();
    expect(tokens.expiresIn).toBe(1800);
    expect(tokens).not.toHaveProperty('hubId');
    const info = await client.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info.hubId).toBe(42);
    const refreshed = await client.oauth.tokensApi.create(
      'refresh_token',
      undefined,
      undefined,
      'cid',
      'sec',
      tokens.refreshToken,
    );
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
  });

  it('lists contacts with paging', async () => {
    fake.seed({ contacts: 25 });
    const { client } = await connect();
    const first = await client.crm.contacts.basicApi.getPage(10, undefined, ['email']);
    expect(first.results).toHaveLength(10);
    expect(first.results[0]?.properties.email).toBe('contact-1@example.test');
    expect(first.results[0]?.createdAt).toBeInstanceOf(Date);
    const after = first.paging?.next?.after;
    const third = await client.crm.contacts.basicApi.getPage(10, '1020');
    expect(after).toBe('1010');
    expect(third.results).toHaveLength(5);
    expect(third.paging).toBeUndefined();
  });

  it('searches by lastmodifieddate ascending; every change bumps it; 200 limit and 10,000 cap', async () => {
    const { contactIds } = fake.seed({ contacts: 3 });
    const { client } = await connect();
    clock.t += 60_000;
    const since = clock.t;
    await client.crm.contacts.basicApi.update(contactIds[1] ?? '', { properties: { firstname: 'Changed' } });
    const found = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE' as never, value: String(since) }] },
      ],
      sorts: ['lastmodifieddate'],
      limit: 200,
      after: '0',
      properties: ['firstname'],
    });
    expect(found.total).toBe(1);
    expect(found.results[0]?.properties.firstname).toBe('Changed');
    const tooBig = client.crm.contacts.searchApi.doSearch({
      filterGroups: [],
      sorts: [],
      limit: 201,
      after: '0',
      properties: [],
    });
    await expect(tooBig).rejects.toMatchObject({ code: 400 });
    const pastCap = client.crm.contacts.searchApi.doSearch({
      filterGroups: [],
      sorts: [],
      limit: 10,
      after: '10000',
      properties: [],
    });
    await expect(pastCap).rejects.toMatchObject({ code: 400 });
  });

  it('batch-updates 100 contacts and rejects 101', async () => {
    const { contactIds } = fake.seed({ contacts: 101 });
    const { client } = await connect();
    const inputs = contactIds.map((id) => ({ id, properties: { lifecyclestage: 'lead' } }));
    const done = await client.crm.contacts.batchApi.update({ inputs: inputs.slice(0, 100) });
    expect(done.results).toHaveLength(100);
    expect(done.status).toBe('COMPLETE');
    await expect(client.crm.contacts.batchApi.update({ inputs })).rejects.toMatchObject({ code: 400 });
  });

  it('creates a task associated to a contact with type 204', async () => {
    const { contactIds } = fake.seed({ contacts: 1 });
    const { client } = await connect();
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: {
        hs_timestamp: '2026-12-02T09:00:00Z',
        hs_task_subject: 'Call',
        hs_task_status: 'NOT_STARTED',
      },
      associations: [
        {
          to: { id: contactIds[0] ?? '' },
          types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 204 }],
        },
      ],
    });
    const links = await client.crm.associations.v4.basicApi.getPage('tasks', task.id, 'contacts');
    expect(links.results[0]?.toObjectId).toBe(contactIds[0]);
    expect(links.results[0]?.associationTypes[0]?.typeId).toBe(204);
  });

  it('reads owners and deal pipelines; creates a property group and a property', async () => {
    fake.seed({ owners: 2, pipeline: true });
    const { client } = await connect();
    const owners = await client.crm.owners.ownersApi.getPage();
    expect(owners.results.map((o) => o.email)).toEqual(['owner-1@example.test', 'owner-2@example.test']);
    const pipelines = await client.crm.pipelines.pipelinesApi.getAll('deals');
    expect(pipelines.results[0]?.stages.map((s) => s.id)).toContain('closedwon');
    await client.crm.properties.groupsApi.create('contacts', {
      name: 'tandem',
      label: 'Tandem',
      displayOrder: -1,
    });
    const prop = await client.crm.properties.coreApi.create('contacts', {
      name: 'tandem_score',
      label: 'Score',
      type: 'number' as never,
      fieldType: 'number' as never,
      groupName: 'tandem',
    });
    expect(prop.groupName).toBe('tandem');
  });

  it('answers 429 after 110 calls in 10 s with HubSpot body and recovers when the clock moves', async () => {
    const { client } = await connect(); // the token exchange counts too
    for (let i = 0; i < 109; i += 1) await client.crm.owners.ownersApi.getPage();
    const limited = await client.crm.owners.ownersApi.getPage().catch((e) => e);
    expect(limited.code).toBe(429);
    expect(limited.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    clock.t += 10_001;
    await expect(client.crm.owners.ownersApi.getPage()).resolves.toBeDefined();
    expect(fake.requests().filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('serves an injected 503 outage until its end, and 401 once tokens expire', async () => {
    const { client } = await connect();
    fake.outage({ status: 503, until: clock.t + 1000 });
    await expect(client.crm.owners.ownersApi.getPage()).rejects.toMatchObject({ code: 503 });
    clock.t += 1000;
    await expect(client.crm.owners.ownersApi.getPage()).resolves.toBeDefined();
    fake.expireTokens();
    const err = await client.crm.owners.ownersApi.getPage().catch((e) => e);
    expect(err.code).toBe(401);
    expect(err.body).toMatchObject({ status: 'error', category: 'EXPIRED_AUTHENTICATION' });
  });
});
