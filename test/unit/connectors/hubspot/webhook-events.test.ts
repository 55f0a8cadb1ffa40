import { describe, expect, it } from 'vitest';
import { dedupeKey, isOwnEcho, latestChanges } from '../../../../connectors/hubspot/webhook-dedupe';
import { parseWebhookBody, rawWebhookEvent } from '../../../../connectors/hubspot/webhook-events';

const base = {
  eventId: 100,
  subscriptionId: 7,
  portalId: 62515,
  appId: 9001,
  attemptNumber: 0,
  occurredAt: 1_764_000_000_000,
};
const change = (over: Record<string, unknown>) => ({
  ...base,
  subscriptionType: 'contact.propertyChange',
  objectId: 123,
  propertyName: 'lifecyclestage',
  propertyValue: 'lead',
  changeSource: 'CRM_UI',
  ...over,
});
const parse = (events: unknown) => parseWebhookBody(JSON.stringify(events));

describe('webhook payloads', () => {
  it('parses creation, property change, merge, privacy deletion and association events', () => {
    const r = parse([
      { ...base, subscriptionType: 'contact.creation', objectId: 1 },
      change({}),
      {
        ...base,
        subscriptionType: 'contact.merge',
        objectId: 5,
        primaryObjectId: 5,
        mergedObjectIds: [6, 7],
        newObjectId: 8,
      },
      { ...base, subscriptionType: 'contact.privacyDeletion', objectId: 2 },
      {
        ...base,
        subscriptionType: 'deal.associationChange',
        fromObjectId: 30,
        toObjectId: 123,
        associationType: 'DEAL_TO_CONTACT',
        associationRemoved: true,
      },
      { ...base, subscriptionType: 'company.creation', objectId: 3 },
    ]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((e) => e.kind)).toEqual([
      'contact_created',
      'contact_changed',
      'contact_merged',
      'contact_privacy_deleted',
      'association_changed',
      'ignored',
    ]);
    expect(r.value[1]).toMatchObject({
      externalId: '123',
      property: 'lifecyclestage',
      value: 'lead',
      source: 'CRM_UI',
    });
    expect(r.value[2]).toMatchObject({ keep: '8', merged: ['5', '6', '7'] });
    expect(r.value[4]).toMatchObject({ externalId: '30', toExternalId: '123', removed: true });
  });

  it('returns typed errors for bad JSON, an empty or oversized batch, or a bad event', () => {
    expect(parseWebhookBody('{nope')).toMatchObject({ ok: false, error: { code: 'invalid_json' } });
    expect(parse([])).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(parse(Array.from({ length: 101 }, () => change({})))).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(parse([{ ...change({}), occurredAt: 'soon' }])).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
  });

  it('dedupes by content, not eventId or attempt', async () => {
    const a = await dedupeKey(rawWebhookEvent.parse(change({})));
    expect(await dedupeKey(rawWebhookEvent.parse(change({ eventId: 999, attemptNumber: 3 })))).toBe(a);
    expect(await dedupeKey(rawWebhookEvent.parse(change({ propertyValue: 'customer' })))).not.toBe(a);
    expect(await dedupeKey(rawWebhookEvent.parse(change({ occurredAt: base.occurredAt + 1 })))).not.toBe(a);
  });

  it('keeps the latest change per object and property whatever the arrival order', () => {
    const r = parse([
      change({ propertyValue: 'customer', occurredAt: base.occurredAt + 5 }),
      change({ propertyValue: 'lead', occurredAt: base.occurredAt }),
      change({ propertyName: 'email', propertyValue: 'a@b.example' }),
      change({ objectId: 124, propertyValue: 'lead' }),
    ]);
    if (!r.ok) throw new Error(r.error.message);
    const latest = latestChanges(r.value).map((e) => [e.externalId, e.property, e.value]);
    expect(latest).toEqual([
      ['123', 'lifecyclestage', 'customer'],
      ['123', 'email', 'a@b.example'],
      ['124', 'lifecyclestage', 'lead'],
    ]);
  });

  it('recognises our own write coming back, and only that', () => {
    const writtenAt = new Date(base.occurredAt - 2000);
    const recent = [{ externalId: '123', property: 'tandem_band', value: 'hot', writtenAt }];
    const ev = (over: Record<string, unknown>) => {
      const r = parse([
        change({
          propertyName: 'tandem_band',
          propertyValue: 'hot',
          changeSource: 'INTEGRATION',
          sourceId: '9001',
          ...over,
        }),
      ]);
      if (!r.ok || !r.value[0]) throw new Error('parse');
      return r.value[0];
    };
    expect(isOwnEcho(ev({}), recent, 9001)).toBe(true);
    expect(isOwnEcho(ev({ changeSource: 'CRM_UI' }), recent, 9001)).toBe(false);
    expect(isOwnEcho(ev({ propertyValue: 'cold' }), recent, 9001)).toBe(false);
    expect(isOwnEcho(ev({ sourceId: '4242' }), recent, 9001)).toBe(false);
    expect(isOwnEcho(ev({ occurredAt: base.occurredAt + 3_600_000 }), recent, 9001)).toBe(false);
  });
});
