import { describe, expect, it } from 'vitest';
import { parseOutboxPayload } from '../../../src/services/hubspot/outbox-payloads';

describe('outbox payloads as the writers store them', () => {
  it('maps our canonical property names to HubSpot names, either payload shape', () => {
    expect(
      parseOutboxPayload('property_update', {
        property: 'lifecycle_stage',
        value: 'lead',
        source: 'scoring',
      }),
    ).toEqual({
      kind: 'property_update',
      properties: { lifecyclestage: 'lead' },
    });
    expect(
      parseOutboxPayload('property_update', { properties: { lead_status: 'OPEN', tandem_score: 42 } }),
    ).toEqual({
      kind: 'property_update',
      properties: { hs_lead_status: 'OPEN', tandem_score: 42 },
    });
  });

  it('reads tasks from scoring, sequence steps and replies', () => {
    expect(
      parseOutboxPayload('task', {
        subject: 'Call',
        body: null,
        dueAt: '2026-03-02T14:00:00Z',
        stepKey: 's1',
      }),
    ).toEqual({
      kind: 'task',
      subject: 'Call',
      body: null,
      ownerId: null,
      dueAt: '2026-03-02T14:00:00Z',
      externalContactId: null,
    });
  });

  it('timeline tokens become strings', () => {
    expect(
      parseOutboxPayload('timeline_event', { eventTemplateId: 't', tokens: { step: 2, why: null } }),
    ).toMatchObject({
      tokens: { step: '2', why: '' },
      timestamp: null,
    });
  });

  it('an unreadable payload is null (the drain fails that row, not the batch)', () => {
    expect(parseOutboxPayload('task', { body: 'no subject' })).toBeNull();
    expect(parseOutboxPayload('property_update', { properties: {} })).toBeNull();
    expect(parseOutboxPayload('property_update', { property: 'x', value: { nested: true } })).toBeNull();
    expect(parseOutboxPayload('opt_out', {})).toBeNull();
    expect(parseOutboxPayload('something_else', {})).toBeNull();
  });
});
