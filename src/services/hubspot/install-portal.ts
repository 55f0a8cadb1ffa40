import { Client } from '@hubspot/api-client';
import type { CanonicalOwner } from '../../../connectors/contract';
import {
  type CanonicalPipeline,
  toCanonicalOwner,
  toCanonicalPipeline,
} from '../../../connectors/hubspot/mappers';
import { CONTACT_PROPERTIES, PROPERTY_GROUP } from '../../../connectors/hubspot/properties';
import type { AppDeps } from '../deps';
import { accessTokenFor, refreshAfterUnauthorized } from './tokens';

export type Option = { value: string; label: string; displayOrder: number; hidden: boolean };
type PropertyCreate = Parameters<Client['crm']['properties']['coreApi']['create']>[1];
export type Call = <T>(fn: (client: Client) => Promise<T>) => Promise<T>;

/** HTTP status of an SDK ApiException (matched by shape: one class per generated module). */
export const statusOf = (error: unknown): number | null => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : null;
};

/**
 * One portal's SDK calls with our token handling: a fresh token per call and one refresh after a
 * 401. Install runs a dozen calls once, so it does without the shared limiter (see the report).
 */
export function portalCaller(deps: AppDeps, installationId: string): Call {
  const client = (accessToken: string) =>
    new Client({ accessToken, basePath: deps.config.HUBSPOT_API_BASE_URL, numberOfApiCallRetries: 0 });
  return async (fn) => {
    const token = await accessTokenFor(deps, installationId);
    if (!token.ok) throw new Error(token.message);
    try {
      return await fn(client(token.accessToken));
    } catch (error) {
      if (statusOf(error) !== 401) throw error;
      const fresh = await refreshAfterUnauthorized(deps, installationId, token.accessToken);
      if (!fresh.ok) throw new Error(fresh.message);
      return fn(client(fresh.accessToken));
    }
  };
}

/** 409 means it is there already (a re-install, or another callback won the race). */
async function createOnce(make: () => Promise<unknown>): Promise<'created' | 'existing'> {
  try {
    await make();
    return 'created';
  } catch (error) {
    if (statusOf(error) === 409) return 'existing';
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
