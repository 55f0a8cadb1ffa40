/**
 * The one interface every CRM connector implements (DESIGN.md section 8). Connectors do IO only:
 * they never touch the database; services hand them canonical records and store what comes back.
 * HubSpot (`@hubspot/api-client`) and Salesforce (`jsforce`) implementations come with the
 * connector issues; until then CRM writes wait in `crm_outbox`.
 */
export type CrmKind = 'hubspot' | 'salesforce';

export type CanonicalContact = {
  externalId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  country: string | null;
  region: string | null;
  timeZone: string | null;
  ownerId: string | null;
  lifecycleStage: string | null;
  properties: Record<string, unknown>;
  updatedAt: string;
};

export type CanonicalDeal = {
  externalId: string;
  pipelineId: string;
  stageId: string;
  contactExternalIds: string[];
  updatedAt: string;
};

/** A deal pipeline and its stages, in the CRM's order (Salesforce has one: its opportunity stages). */
export type CanonicalPipeline = {
  id: string;
  label: string;
  stages: Array<{ id: string; label: string; closed: boolean; won: boolean }>;
};

export type CrmTask = {
  contactExternalId: string;
  ownerId: string | null;
  subject: string;
  body: string | null;
  dueAt: string;
};

export type PropertyWrite = {
  contactExternalId: string;
  properties: Record<string, string | number | boolean | null>;
};

/** Errors carry a code and whether a retry can help (429 and 5xx can; 4xx cannot). */
export type CrmError = {
  code: 'unauthorized' | 'forbidden' | 'rate_limited' | 'not_found' | 'conflict' | 'invalid' | 'unavailable';
  retryable: boolean;
  message: string;
  /** When the CRM says how long to wait (Retry-After, or a known window). */
  retryAfterMs?: number;
  /** The CRM's own id for the failed request, for support tickets. */
  correlationId?: string;
  /** Our own API budget refused the call before it was sent: no request was made. */
  ownBudget?: true;
};

/** A CRM user who can own records (HubSpot owner, Salesforce user). */
export type CanonicalOwner = {
  externalId: string;
  userId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  archived: boolean;
};

export type CrmResult<T> = { ok: true; value: T } | { ok: false; error: CrmError };

export type PullPage<T> = { records: T[]; cursor: string | null };

export interface CrmConnector {
  readonly kind: CrmKind;
  /** Incremental pull from an opaque cursor (null: from the start). */
  pullContacts(cursor: string | null): Promise<CrmResult<PullPage<CanonicalContact>>>;
  pullDeals(cursor: string | null): Promise<CrmResult<PullPage<CanonicalDeal>>>;
  /** Batched writes (HubSpot 100, Salesforce 200 per call); one result per input, in order. */
  writeProperties(writes: PropertyWrite[]): Promise<CrmResult<Array<CrmResult<null>>>>;
  createTasks(tasks: CrmTask[]): Promise<CrmResult<Array<CrmResult<{ externalId: string }>>>>;
  listPipelines(): Promise<
    CrmResult<
      Array<{
        id: string;
        label: string;
        stages: Array<{ id: string; label: string; closed: boolean; won: boolean }>;
      }>
    >
  >;
  /** Webhooks: verify on the raw body first, then parse into canonical change events. */
  verifyWebhook(raw: string, headers: Record<string, string>, url: string, now: Date): Promise<boolean>;
}
