import { z } from 'zod';

/**
 * crm_outbox payloads as the writers store them (scoring actions, sequence steps, replies,
 * opt-outs, sends). Loose: writers add their own bookkeeping fields (enrollmentId, stepKey, ...).
 */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const task = z.looseObject({
  subject: z.string().min(1),
  body: z.string().nullish(),
  ownerId: z.string().nullish(),
  dueAt: z.string(),
  externalContactId: z.string().nullish(),
});
const oneProperty = z.looseObject({ property: z.string().min(1), value: scalar });
const someProperties = z.looseObject({ properties: z.record(z.string(), scalar) });
const optOut = z.looseObject({ email: z.string().min(3) });
const timelineEvent = z.looseObject({
  eventTemplateId: z.string().min(1),
  tokens: z.record(z.string(), scalar).optional(),
  timestamp: z.string().optional(),
  extraData: z.record(z.string(), z.unknown()).optional(),
});

/** Our canonical names for standard CRM properties; anything else is a HubSpot name already. */
const HUBSPOT_NAMES: Record<string, string> = {
  lifecycle_stage: 'lifecyclestage',
  lead_status: 'hs_lead_status',
};

export type ParsedWrite =
  | {
      kind: 'task';
      subject: string;
      body: string | null;
      ownerId: string | null;
      dueAt: string;
      externalContactId: string | null;
    }
  | { kind: 'property_update'; properties: Record<string, string | number | boolean | null> }
  | { kind: 'opt_out'; email: string }
  | {
      kind: 'timeline_event';
      eventTemplateId: string;
      tokens: Record<string, string>;
      timestamp: string | null;
      extraData?: Record<string, unknown>;
    };

export function parseOutboxPayload(kind: string, payload: unknown): ParsedWrite | null {
  switch (kind) {
    case 'task': {
      const p = task.safeParse(payload);
      if (!p.success) return null;
      return {
        kind,
        subject: p.data.subject,
        body: p.data.body ?? null,
        ownerId: p.data.ownerId ?? null,
        dueAt: p.data.dueAt,
        externalContactId: p.data.externalContactId ?? null,
      };
    }
    case 'property_update': {
      const one = oneProperty.safeParse(payload);
      const some = someProperties.safeParse(payload);
      const raw = one.success
        ? { [one.data.property]: one.data.value }
        : some.success
          ? some.data.properties
          : null;
      if (!raw || Object.keys(raw).length === 0) return null;
      const properties = Object.fromEntries(Object.entries(raw).map(([k, v]) => [HUBSPOT_NAMES[k] ?? k, v]));
      return { kind, properties };
    }
    case 'opt_out': {
      const p = optOut.safeParse(payload);
      return p.success ? { kind, email: p.data.email } : null;
    }
    case 'timeline_event': {
      const p = timelineEvent.safeParse(payload);
      if (!p.success) return null;
      const tokens = Object.fromEntries(
        Object.entries(p.data.tokens ?? {}).map(([k, v]) => [k, String(v ?? '')]),
      );
      return {
        kind,
        eventTemplateId: p.data.eventTemplateId,
        tokens,
        timestamp: p.data.timestamp ?? null,
        ...(p.data.extraData ? { extraData: p.data.extraData } : {}),
      };
    }
    default:
      return null;
  }
}
