import { z } from 'zod';
import type { CanonicalContact, CanonicalDeal, CanonicalOwner, CanonicalPipeline } from '../contract';

const props = z.record(z.string(), z.string().nullable().optional());
/** CRM v3 object shape (SimplePublicObject): properties are strings or null. */
export const rawContact = z.looseObject({
  id: z.string(),
  properties: props,
  updatedAt: z.string(),
  archived: z.boolean().optional(),
});
const assocList = z.object({ results: z.array(z.object({ id: z.string() })) });
export const rawDeal = rawContact.extend({ associations: z.record(z.string(), assocList).optional() });
export const rawOwner = z.looseObject({
  id: z.string(),
  userId: z.number().int().nullable().optional(),
  email: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  archived: z.boolean(),
});
const rawStage = z.looseObject({
  id: z.string(),
  label: z.string(),
  metadata: z.record(z.string(), z.string()),
});
export const rawPipeline = z.looseObject({ id: z.string(), label: z.string(), stages: z.array(rawStage) });

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };
const text = (v: string | null | undefined) =>
  v === undefined || v === null || v.trim() === '' ? null : v.trim();

/** hs_timezone values spell IANA names with _slash_ (america_slash_new_york -> America/New_York). */
export function toIanaZone(value: string | null | undefined): string | null {
  const v = text(value);
  if (!v) return null;
  const name = v
    .split('_slash_')
    .map((part) =>
      part
        .split('_')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('_'),
    )
    .join('/');
  try {
    new Intl.DateTimeFormat('en', { timeZone: name }); // validates; its resolved name may be an older alias
    return name;
  } catch {
    return null; // unknown zone: better none than a wrong one
  }
}

export function toCanonicalContact(input: unknown): Mapped<CanonicalContact> {
  const parsed = rawContact.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'malformed contact' };
  const { id, properties: p, updatedAt } = parsed.data;
  const email = text(p.email)?.toLowerCase();
  if (!email) return { ok: false, reason: 'contact has no email' };
  return {
    ok: true,
    value: {
      externalId: id,
      email,
      firstName: text(p.firstname),
      lastName: text(p.lastname),
      company: text(p.company),
      country: text(p.country),
      region: text(p.state),
      timeZone: toIanaZone(p.hs_timezone),
      ownerId: text(p.hubspot_owner_id),
      lifecycleStage: text(p.lifecyclestage),
      properties: { ...p },
      updatedAt: text(p.lastmodifieddate) ?? text(p.hs_lastmodifieddate) ?? updatedAt,
    },
  };
}

export function toCanonicalDeal(input: unknown): Mapped<CanonicalDeal> {
  const parsed = rawDeal.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'malformed deal' };
  const { id, properties: p, updatedAt, associations } = parsed.data;
  const pipelineId = text(p.pipeline);
  const stageId = text(p.dealstage);
  if (!pipelineId || !stageId) return { ok: false, reason: 'deal has no pipeline or stage' };
  const contactIds = (associations?.contacts?.results ?? []).map((r) => r.id);
  return {
    ok: true,
    value: {
      externalId: id,
      pipelineId,
      stageId,
      contactExternalIds: [...new Set(contactIds)],
      updatedAt: text(p.hs_lastmodifieddate) ?? updatedAt,
    },
  };
}

export function toCanonicalOwner(input: unknown): Mapped<CanonicalOwner> {
  const parsed = rawOwner.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'malformed owner' };
  const o = parsed.data;
  return {
    ok: true,
    value: {
      externalId: o.id,
      userId: o.userId == null ? null : String(o.userId),
      email: text(o.email)?.toLowerCase() ?? null,
      firstName: text(o.firstName),
      lastName: text(o.lastName),
      archived: o.archived,
    },
  };
}

/** Deal stages: metadata.isClosed "true"/"false"; won is a closed stage with probability "1.0". */
export function toCanonicalPipeline(input: unknown): Mapped<CanonicalPipeline> {
  const parsed = rawPipeline.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'malformed pipeline' };
  const stages = parsed.data.stages.map((s) => {
    const closed = s.metadata.isClosed === 'true';
    return { id: s.id, label: s.label, closed, won: closed && Number(s.metadata.probability) === 1 };
  });
  return { ok: true, value: { id: parsed.data.id, label: parsed.data.label, stages } };
}
