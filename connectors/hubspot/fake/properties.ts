import type { Hono } from 'hono';
import { hubError, jsonBody } from './errors';
import { iso, type Property, type State } from './state';

// HubSpot's own contact properties whose options a portal may customise (read at install).
const BUILT_IN: Array<[name: string, label: string, group: string, values: string[]]> = [
  [
    'lifecyclestage',
    'Lifecycle Stage',
    'contactinformation',
    [
      'subscriber',
      'lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
      'opportunity',
      'customer',
      'evangelist',
      'other',
    ],
  ],
  [
    'hs_lead_status',
    'Lead Status',
    'sales_properties',
    [
      'NEW',
      'OPEN',
      'IN_PROGRESS',
      'OPEN_DEAL',
      'UNQUALIFIED',
      'ATTEMPTED_TO_CONTACT',
      'CONNECTED',
      'BAD_TIMING',
    ],
  ],
];

function builtIns(state: State): Property[] {
  const now = iso(state);
  return BUILT_IN.map(([name, label, groupName, values]) => ({
    name,
    label,
    groupName,
    type: 'enumeration',
    fieldType: name === 'lifecyclestage' ? 'radio' : 'select',
    description: '',
    options: values.map((value, i) => ({ label: value, value, displayOrder: i, hidden: false })),
    hidden: false,
    formField: true,
    createdAt: now,
    updatedAt: now,
    archived: false,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: false },
  }));
}

// Spec Property / PropertyGroup (crm/properties v3).
export function propertyRoutes(app: Hono, state: State) {
  if (!state.properties.has('contacts')) state.properties.set('contacts', builtIns(state));
  const list = <T>(m: Map<string, T[]>, k: string) => {
    if (!m.has(k)) m.set(k, []);
    return m.get(k) as T[];
  };
  app.get('/crm/v3/properties/:type/groups', (c) =>
    c.json({ results: list(state.groups, c.req.param('type')).map((g) => ({ ...g, archived: false })) }),
  );
  app.post('/crm/v3/properties/:type/groups', async (c) => {
    const body = await jsonBody(c);
    const groups = list(state.groups, c.req.param('type'));
    if (groups.some((g) => g.name === body.name))
      return hubError(c, 409, 'CONFLICT', `Group ${body.name} exists.`);
    const group = {
      name: String(body.name),
      label: String(body.label),
      displayOrder: Number(body.displayOrder ?? -1),
    };
    groups.push(group);
    return c.json({ ...group, archived: false }, 201);
  });
  app.get('/crm/v3/properties/:type', (c) =>
    c.json({ results: list(state.properties, c.req.param('type')) }),
  );
  app.get('/crm/v3/properties/:type/:name', (c) => {
    const found = list(state.properties, c.req.param('type')).find((p) => p.name === c.req.param('name'));
    return found ? c.json(found) : hubError(c, 404, 'OBJECT_NOT_FOUND', 'Property not found.');
  });
  app.post('/crm/v3/properties/:type', async (c) => {
    const type = c.req.param('type');
    const body = await jsonBody(c);
    const props = list(state.properties, type);
    if (props.some((p) => p.name === body.name))
      return hubError(c, 409, 'OBJECT_ALREADY_EXISTS', `Property ${body.name} already exists.`);
    if (!list(state.groups, type).some((g) => g.name === body.groupName)) {
      return hubError(c, 400, 'VALIDATION_ERROR', `Property group ${body.groupName} does not exist.`);
    }
    const now = iso(state);
    const prop: Property = {
      options: [],
      description: '',
      hidden: false,
      formField: false,
      ...body,
      name: String(body.name),
      groupName: String(body.groupName),
      createdAt: now,
      updatedAt: now,
      archived: false,
      modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    };
    props.push(prop);
    return c.json(prop, 201);
  });
}
