import type { Client } from '@hubspot/api-client';
import type { CanonicalOwner, CanonicalPipeline, CrmError } from '../../../connectors/contract';
import { hubspotCall } from '../../../connectors/hubspot/client';
import { toCanonicalOwner, toCanonicalPipeline } from '../../../connectors/hubspot/mappers';
import { CONTACT_PROPERTIES, PROPERTY_GROUP } from '../../../connectors/hubspot/properties';
import type { AppDeps } from '../deps';
import { hubspotTransport } from './connector';

export type Option = { value: string; label: string; displayOrder: number; hidden: boolean };
type PropertyCreate = Parameters<Client['crm']['properties']['coreApi']['create']>[1];
export type Call = <T>(fn: (client: Client) => Promise<T>) => Promise<T>;

/** A setup call HubSpot refused for good (after the shared wrapper's retries and token refresh). */
export class SetupCallError extends Error {
  constructor(readonly error: CrmError) {
    super(error.message);
  }
}

/** Few attempts: the admin's browser waits on the callback while setup runs. */
const SETUP_ATTEMPTS = 3;

/**
 * One portal's calls through the shared wrapper: the per-portal Postgres rate window, retries with
 * backoff on 429/5xx, one token refresh after a 401.
 */
export function portalCaller(deps: AppDeps, installationId: string): Call {
  const transport = hubspotTransport(deps, installationId, { maxAttempts: SETUP_ATTEMPTS });
  return async (fn) => {
    const result = await hubspotCall(transport, fn);
    if (!result.ok) throw new SetupCallError(result.error);
    return result.value;
  };
}

/** 409 means it is there already (a re-install, or another callback won the race). */
async function createOnce(make: () => Promise<unknown>): Promise<'created' | 'existing'> {
  try {
    await make();
    return 'created';
  } catch (error) {
    if (error instanceof SetupCallError && error.error.code === 'conflict') return 'existing';
    throw error;
  }
}

export async function ensureContactProperties(call: Call) {
  const group = await createOnce(() =>
    call((c) => c.crm.properties.groupsApi.create('contacts', { ...PROPERTY_GROUP })),
  );
  const created: string[] = [];
  const existing: string[] = [];
  for (const definition of CONTACT_PROPERTIES) {
    const body = definition as unknown as PropertyCreate; // our literal unions are the SDK's enums' values
    const done = await createOnce(() => call((c) => c.crm.properties.coreApi.create('contacts', body)));
    (done === 'created' ? created : existing).push(definition.name);
  }
  return { group, created, existing };
}

export async function readPipelines(call: Call): Promise<CanonicalPipeline[]> {
  const answer = await call((c) => c.crm.pipelines.pipelinesApi.getAll('deals'));
  return answer.results.flatMap((p) => {
    const mapped = toCanonicalPipeline(p);
    return mapped.ok ? [mapped.value] : [];
  });
}

const OWNER_PAGE = 100;

export async function readOwners(call: Call): Promise<CanonicalOwner[]> {
  const owners: CanonicalOwner[] = [];
  let after: string | undefined;
  do {
    const page = await call((c) => c.crm.owners.ownersApi.getPage(undefined, after, OWNER_PAGE, false));
    for (const raw of page.results) {
      const mapped = toCanonicalOwner(raw);
      if (mapped.ok) owners.push(mapped.value);
    }
    after = page.paging?.next?.after;
  } while (after);
  return owners;
}

/** A property's options as the portal defines them (lifecycle stages and lead statuses are customisable). */
export async function readOptions(call: Call, property: string): Promise<Option[]> {
  const found = await call((c) => c.crm.properties.coreApi.getByName('contacts', property));
  return found.options.map((o) => ({
    value: o.value,
    label: o.label,
    displayOrder: o.displayOrder ?? 0,
    hidden: o.hidden,
  }));
}
