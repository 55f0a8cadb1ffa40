import { describe, expect, it } from 'vitest';
import {
  toCanonicalContact,
  toCanonicalDeal,
  toCanonicalOwner,
  toCanonicalPipeline,
  toIanaZone,
} from '../../../../connectors/hubspot/mappers';

const contact = (p: Record<string, string | null>) => ({
  id: '51',
  properties: p,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  archived: false,
});

describe('HubSpot records to canonical', () => {
  it('maps a contact, the zone to IANA, and lastmodifieddate', () => {
    const r = toCanonicalContact(
      contact({
        email: ' Ana@Example.COM ',
        firstname: 'Ana',
        lastname: '',
        company: 'Acme',
        country: 'Israel',
        state: null,
        hs_timezone: 'america_slash_new_york',
        hubspot_owner_id: '77',
        lifecyclestage: 'lead',
        lastmodifieddate: '2026-11-30T10:00:00Z',
      }),
    );
    expect(r).toMatchObject({
      ok: true,
      value: {
        externalId: '51',
        email: 'ana@example.com',
        firstName: 'Ana',
        lastName: null,
        company: 'Acme',
        country: 'Israel',
        region: null,
        timeZone: 'America/New_York',
        ownerId: '77',
        lifecycleStage: 'lead',
        updatedAt: '2026-11-30T10:00:00Z',
      },
    });
  });

  it('skips a contact without email with a reason, and malformed input without throwing', () => {
    expect(toCanonicalContact(contact({ firstname: 'x' }))).toEqual({
      ok: false,
      reason: 'contact has no email',
    });
    expect(toCanonicalContact({ id: 5 })).toEqual({ ok: false, reason: 'malformed contact' });
  });

  it('converts zones with underscores and rejects unknown ones', () => {
    expect(toIanaZone('america_slash_argentina_slash_buenos_aires')).toBe('America/Argentina/Buenos_Aires');
    expect(toIanaZone('europe_slash_berlin')).toBe('Europe/Berlin');
    expect(toIanaZone('mars_slash_olympus')).toBeNull();
    expect(toIanaZone('')).toBeNull();
  });

  it('maps a deal with its associated contacts', () => {
    const deal = {
      ...contact({
        pipeline: 'default',
        dealstage: 'closedwon',
        hs_lastmodifieddate: '2026-11-02T00:00:00Z',
      }),
      associations: {
        contacts: {
          results: [
            { id: '51', type: 'deal_to_contact' },
            { id: '51', type: 'deal_to_contact' },
            { id: '52', type: 'deal_to_contact' },
          ],
        },
      },
    };
    expect(toCanonicalDeal(deal)).toEqual({
      ok: true,
      value: {
        externalId: '51',
        pipelineId: 'default',
        stageId: 'closedwon',
        contactExternalIds: ['51', '52'],
        updatedAt: '2026-11-02T00:00:00Z',
      },
    });
    expect(toCanonicalDeal(contact({ pipeline: 'default' }))).toEqual({
      ok: false,
      reason: 'deal has no pipeline or stage',
    });
  });

  it('maps an owner', () => {
    const owner = {
      id: '77',
      userId: 123,
      email: 'Rep@Example.com',
      firstName: 'Rep',
      lastName: 'One',
      archived: false,
      createdAt: 'x',
      updatedAt: 'y',
    };
    expect(toCanonicalOwner(owner)).toEqual({
      ok: true,
      value: {
        externalId: '77',
        userId: '123',
        email: 'rep@example.com',
        firstName: 'Rep',
        lastName: 'One',
        archived: false,
      },
    });
  });

  it('marks closed and won stages from metadata strings', () => {
    const stage = (id: string, isClosed: string, probability: string) => ({
      id,
      label: id,
      displayOrder: 0,
      archived: false,
      metadata: { isClosed, probability },
    });
    const r = toCanonicalPipeline({
      id: 'default',
      label: 'Sales',
      stages: [stage('appt', 'false', '0.2'), stage('won', 'true', '1.0'), stage('lost', 'true', '0.0')],
    });
    expect(r.ok && r.value.stages.map((s) => [s.id, s.closed, s.won])).toEqual([
      ['appt', false, false],
      ['won', true, true],
      ['lost', true, false],
    ]);
  });
});
