import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, crmOutbox, enrollmentEvents, installations, sends } from '../../db/schema';
import { contactCountry } from '../../domain/cadence/contact-country';
import { DAY_MS, HOUR_MS } from '../../domain/cadence/local-time';
import type { CadenceSettings } from '../../domain/cadence/settings';
import { type ResolvedZone, resolveZone } from '../../domain/cadence/zone';
import { pickCadence, resolveCadence } from './settings';

/** What the planner needs to know about a contact. */
export type ContactHints = {
  id: string;
  crmTimeZone: string | null;
  country: string | null;
  region: string | null;
};

/** Everything that shapes a contact's slots in one sequence. */
export type PlanContext = {
  settings: CadenceSettings;
  zone: ResolvedZone;
  country: string | null;
  region: string | null;
  /** Jitter is keyed by contact, so one contact's mails keep their minute and contacts spread out. */
  jitterKey: string;
  /** The contact's mail in every sequence (sent, pending or unknown) that the gate must respect. */
  recentSends: Date[];
  warnings: string[];
};

/** The longest look back any valid setting needs (cap.days <= 365, minSpacingHours <= 90 days). */
const MAX_LOOKBACK_MS = 366 * DAY_MS;

/** How far back a send can still matter to the spacing or the cap. */
const gateLookbackMs = (s: CadenceSettings): number =>
  Math.max(s.cap.days * DAY_MS, s.minSpacingHours * HOUR_MS);

export type CadenceInputs = {
  /** The installation's cadence layer; null when the installation does not exist. */
  installation: Record<string, unknown> | null;
  contact: ContactHints | null;
  /** Mail (and, when the installation counts them, sequence tasks) since `since` minus a year. */
  sends: Date[];
  /** Reason codes of the latest scheduling event of `plannedStep`, if asked. */
  plannedReasons: string[];
};

const toDates = (v: unknown): Date[] => (Array.isArray(v) ? v.map((s) => new Date(String(s))) : []);

export type CadenceQuery = {
  installationId: string;
  contactId: string;
  at: Date;
  plannedStep?: { enrollmentId: string; stepKey: string };
};

/**
 * One round trip for what a plan or a gate decision reads: installation settings, the contact's
 * zone hints, its recent mail across all sequences and, at send time, the reasons of the plan
 * that set the step's slot. Every part is scoped by the installation.
 */
export async function loadCadenceInputs(db: Queryable, params: CadenceQuery): Promise<CadenceInputs> {
  const [inputs] = await loadCadenceInputsMany(db, [params]);
  return inputs ?? { installation: null, contact: null, sends: [], plannedReasons: [] };
}

/** The same for a batch of contacts in one statement; the answers come in the order asked. */
export async function loadCadenceInputsMany(
  db: Queryable,
  queries: readonly CadenceQuery[],
): Promise<CadenceInputs[]> {
  if (queries.length === 0) return [];
  const col = <T>(f: (q: CadenceQuery) => T) => queries.map(f);
  const x = sql`unnest(${sql.param(col((q) => q.installationId))}::text[], ${sql.param(col((q) => q.contactId))}::text[],
    ${sql.param(col((q) => new Date(q.at.getTime() - MAX_LOOKBACK_MS).toISOString()))}::timestamptz[],
    ${sql.param(col((q) => q.plannedStep?.enrollmentId ?? null))}::text[], ${sql.param(col((q) => q.plannedStep?.stepKey ?? null))}::text[])
    with ordinality as x(installation_id, contact_id, since, enrollment_id, step_key, n)`;
  const sendAt = sql`coalesce(${sends.sentAt}, ${sends.createdAt})`;
  const mail = sql`(select json_agg(${sendAt}) from ${sends}
    where ${sends.installationId} = x.installation_id and ${sends.contactId} = x.contact_id
      and ${sends.status} in ('sent', 'pending', 'unknown') and ${sendAt} >= x.since)`;
  // Sequence tasks (their payload names the step) count only when the installation says so.
  const tasks = sql`case when ${installations.settings}->>'countTasksTowardCap' = 'true' then
    (select json_agg(${crmOutbox.createdAt}) from ${crmOutbox}
      where ${crmOutbox.installationId} = x.installation_id and ${crmOutbox.contactId} = x.contact_id
        and ${crmOutbox.kind} = 'task' and ${crmOutbox.payload}->>'stepKey' is not null
        and ${crmOutbox.createdAt} >= x.since) end`;
  const reasons = sql`case when x.enrollment_id is not null then
    (select ${enrollmentEvents.data}->'reasons' from ${enrollmentEvents}
      where ${enrollmentEvents.installationId} = x.installation_id
        and ${enrollmentEvents.enrollmentId} = x.enrollment_id
        and ${enrollmentEvents.stepKey} = x.step_key
        and ${enrollmentEvents.data}->'reasons' is not null
      order by ${enrollmentEvents.id} desc limit 1) end`;
  const { rows } = await db.execute<{
    n: string;
    settings: unknown;
    contact_id: string | null;
    crm_time_zone: string | null;
    country: string | null;
    region: string | null;
    mail: unknown;
    tasks: unknown;
    reasons: unknown;
  }>(sql`select x.n, ${installations.settings} as settings, ${contacts.id} as contact_id,
      ${contacts.crmTimeZone} as crm_time_zone, ${contacts.country} as country, ${contacts.region} as region,
      ${mail} as mail, ${tasks} as tasks, ${reasons} as reasons
    from ${x}
    join ${installations} on ${installations.id} = x.installation_id
    left join ${contacts} on ${contacts.installationId} = x.installation_id and ${contacts.id} = x.contact_id
    order by x.n`);
  const byIndex = new Map(rows.map((r) => [Number(r.n) - 1, r]));
  return queries.map((_, i) => {
    const row = byIndex.get(i);
    if (!row) return { installation: null, contact: null, sends: [], plannedReasons: [] };
    const contact = row.contact_id
      ? { id: row.contact_id, crmTimeZone: row.crm_time_zone, country: row.country, region: row.region }
      : null;
    return {
      installation: pickCadence((row.settings ?? {}) as Record<string, unknown>),
      contact,
      sends: [...toDates(row.mail), ...toDates(row.tasks)].sort((a, b) => a.getTime() - b.getTime()),
      plannedReasons: Array.isArray(row.reasons)
        ? row.reasons.filter((r): r is string => typeof r === 'string')
        : [],
    };
  });
}

/** Settings (defaults <- installation <- sequence), the contact's zone and the mail that counts. */
export function planContext(
  inputs: CadenceInputs,
  params: { contact: ContactHints; sequenceCadence: unknown; at: Date },
): PlanContext {
  const { settings, warnings } = resolveCadence({
    installation: inputs.installation ?? {},
    sequence: params.sequenceCadence,
  });
  const since = params.at.getTime() - gateLookbackMs(settings);
  const zone = contactZone(params.contact, settings.defaultZone);
  return {
    settings,
    zone,
    // Weekend and holidays follow this country: the contact's, else its CRM zone's.
    country: contactCountry(params.contact.country, zone).code,
    region: params.contact.region,
    jitterKey: params.contact.id,
    recentSends: inputs.sends.filter((d) => d.getTime() >= since),
    warnings,
  };
}

/** The contact's zone: CRM zone, else inferred from country/region, else the installation default. */
export const contactZone = (contact: Omit<ContactHints, 'id'>, defaultZone: string): ResolvedZone =>
  resolveZone(
    { crmTimeZone: contact.crmTimeZone, country: contact.country, region: contact.region },
    defaultZone,
  );
