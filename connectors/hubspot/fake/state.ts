// In-memory state of the fake HubSpot portal. Shapes follow the public OpenAPI specs
// (SimplePublicObject, PublicOwner, Pipeline, Property, PropertyGroup).
export type Clock = { now: () => number };

export type CrmObject = {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
};

export type Owner = { id: string; email: string; firstName: string; lastName: string; userId: number };
export type Stage = { id: string; label: string; displayOrder: number; metadata: Record<string, string> };
export type Pipeline = { id: string; label: string; displayOrder: number; stages: Stage[] };
export type Property = Record<string, unknown> & { name: string; groupName: string };
export type Group = { name: string; label: string; displayOrder: number };
export type Association = { from: string; to: string; typeId: number; category: string };
export type Token = { hubId: number; expiresAt: number; revoked: boolean; scopes: string[]; userId: number };

export type State = {
  clock: Clock;
  portalId: number;
  nextId: number;
  objects: Map<string, Map<string, CrmObject>>;
  owners: Owner[];
  pipelines: Map<string, Pipeline[]>;
  properties: Map<string, Property[]>;
  groups: Map<string, Group[]>;
  associations: Association[];
  subscriptions: Map<string, Map<string, string>>; // email -> subscriptionId -> status
  timelineEvents: Record<string, unknown>[];
  tokens: Map<string, Token>;
  refreshTokens: Map<string, { hubId: number; scopes: string[] }>;
  codes: Map<string, string[]>;
  log: { method: string; path: string; status: number }[];
};

export function newState(clock: Clock, portalId: number): State {
  return {
    clock,
    portalId,
    nextId: 1000,
    objects: new Map(),
    owners: [],
    pipelines: new Map(),
    properties: new Map(),
    groups: new Map(),
    associations: [],
    subscriptions: new Map(),
    timelineEvents: [],
    tokens: new Map(),
    refreshTokens: new Map(),
    codes: new Map(),
    log: [],
  };
}

export function nextId(state: State): string {
  state.nextId += 1;
  return String(state.nextId);
}

export function iso(state: State): string {
  return new Date(state.clock.now()).toISOString();
}

export function objectsOf(state: State, type: string): Map<string, CrmObject> {
  const plural = type.endsWith('s') ? type : `${type}s`;
  let found = state.objects.get(plural);
  if (!found) {
    found = new Map();
    state.objects.set(plural, found);
  }
  return found;
}

/** Creates an object; every write stamps lastmodifieddate so modification-time search works. */
export function putObject(state: State, type: string, props: Record<string, unknown>, id?: string) {
  const store = objectsOf(state, type);
  const now = iso(state);
  const existing = id ? store.get(id) : undefined;
  const objectId = existing?.id ?? id ?? nextId(state);
  const merged: Record<string, string | null> = { ...(existing?.properties ?? {}) };
  for (const [k, v] of Object.entries(props)) merged[k] = v === null ? null : String(v);
  merged.hs_object_id = objectId;
  merged.createdate = existing?.properties.createdate ?? now;
  merged.lastmodifieddate = now;
  merged.hs_lastmodifieddate = now;
  const obj: CrmObject = {
    id: objectId,
    properties: merged,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    archived: false,
  };
  store.set(objectId, obj);
  return obj;
}

/** The object as HubSpot returns it: default properties plus the requested ones. */
export function view(obj: CrmObject, wanted: string[]) {
  const names = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', ...wanted]);
  const properties: Record<string, string | null> = {};
  for (const name of names) properties[name] = obj.properties[name] ?? null;
  return {
    id: obj.id,
    properties,
    createdAt: obj.createdAt,
    updatedAt: obj.updatedAt,
    archived: obj.archived,
  };
}
