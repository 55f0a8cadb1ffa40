import { z } from 'zod';

/** One raw v3 webhook event; unknown fields pass through because HubSpot adds them over time. */
const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
export const rawWebhookEvent = z.looseObject({
  eventId: z.number().int(),
  subscriptionId: z.number().int(),
  portalId: z.number().int(),
  appId: z.number().int(),
  occurredAt: z.number().int(),
  subscriptionType: z.string().regex(/^[a-z_]+\.[A-Za-z]+$/),
  attemptNumber: z.number().int(),
  objectId: id.optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  changeSource: z.string().optional(),
  sourceId: z.string().optional(),
  primaryObjectId: id.optional(),
  mergedObjectIds: z.array(id).optional(),
  newObjectId: id.optional(),
  fromObjectId: id.optional(),
  toObjectId: id.optional(),
  associationType: z.string().optional(),
  associationRemoved: z.boolean().optional(),
});
export type RawWebhookEvent = z.infer<typeof rawWebhookEvent>;
export const rawWebhookBatch = z.array(rawWebhookEvent).min(1).max(100);

type Base = { portalId: string; externalId: string; occurredAt: number; raw: RawWebhookEvent };
export type ChangeEvent =
  | (Base & { kind: 'contact_created' | 'contact_deleted' | 'contact_privacy_deleted' | 'contact_restored' })
  | (Base & { kind: 'contact_changed'; property: string; value: string; source: string | null })
  | (Base & { kind: 'contact_merged'; keep: string; merged: string[] })
  | (Base & { kind: 'deal_created' | 'deal_deleted' | 'deal_restored' })
  | (Base & { kind: 'deal_changed'; property: string; value: string; source: string | null })
  | (Base & { kind: 'deal_merged'; keep: string; merged: string[] })
  | (Base & {
      kind: 'association_changed';
      objectType: string;
      toExternalId: string;
      associationType: string;
      removed: boolean;
    })
  | (Base & { kind: 'ignored'; reason: string });

export type WebhookParseError = { code: 'invalid_json' | 'invalid_payload'; message: string };

/** Turns one raw event into what services act on; types we do not use become `ignored`, not errors. */
export function toChangeEvent(e: RawWebhookEvent): ChangeEvent {
  const [object, action] = e.subscriptionType.split('.') as [string, string];
  const externalId = e.objectId ?? e.primaryObjectId ?? e.fromObjectId ?? '';
  const base = { portalId: String(e.portalId), externalId, occurredAt: e.occurredAt, raw: e };
  const ignored = (reason: string): ChangeEvent => ({ ...base, kind: 'ignored', reason });
  if (object !== 'contact' && object !== 'deal') return ignored(`unsupported object ${object}`);
  if (!externalId) return ignored('no object id');
  switch (action) {
    case 'creation':
      return { ...base, kind: object === 'contact' ? 'contact_created' : 'deal_created' };
    case 'deletion':
      return { ...base, kind: object === 'contact' ? 'contact_deleted' : 'deal_deleted' };
    case 'restore':
      return { ...base, kind: object === 'contact' ? 'contact_restored' : 'deal_restored' };
    case 'privacyDeletion':
      return object === 'contact'
        ? { ...base, kind: 'contact_privacy_deleted' }
        : ignored('deal privacy deletion');
    case 'propertyChange': {
      if (e.propertyName === undefined) return ignored('property change without a property name');
      const change = {
        property: e.propertyName,
        value: e.propertyValue ?? '',
        source: e.changeSource ?? null,
      };
      return { ...base, ...change, kind: object === 'contact' ? 'contact_changed' : 'deal_changed' };
    }
    case 'merge': {
      // The surviving record is newObjectId (a fresh id) when HubSpot made one, else the primary.
      const keep = e.newObjectId ?? e.primaryObjectId;
      if (!keep || !e.mergedObjectIds) return ignored('merge without ids');
      const merged = [...new Set([e.primaryObjectId, ...e.mergedObjectIds])].filter(
        (x): x is string => !!x && x !== keep,
      );
      return {
        ...base,
        externalId: keep,
        keep,
        merged,
        kind: object === 'contact' ? 'contact_merged' : 'deal_merged',
      };
    }
    case 'associationChange': {
      if (!e.toObjectId || !e.associationType) return ignored('association change without ids');
      const change = { objectType: object, toExternalId: e.toObjectId, associationType: e.associationType };
      return { ...base, ...change, removed: e.associationRemoved ?? false, kind: 'association_changed' };
    }
    default:
      return ignored(`unsupported type ${e.subscriptionType}`);
  }
}

/** Raw body in (already signature-checked), change events out; never throws on bad input. */
export function parseWebhookBody(
  rawBody: string,
): { ok: true; value: ChangeEvent[] } | { ok: false; error: WebhookParseError } {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, error: { code: 'invalid_json', message: 'webhook body is not JSON' } };
  }
  const parsed = rawWebhookBatch.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const message = `webhook payload: ${first?.path.join('.') || '(root)'} ${first?.message ?? 'invalid'}`;
    return { ok: false, error: { code: 'invalid_payload', message } };
  }
  return { ok: true, value: parsed.data.map(toChangeEvent) };
}
