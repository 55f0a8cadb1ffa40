/**
 * The config shapes we rely on, per internal component type, written from HubSpot's docs and its
 * 2026.03 component templates (HubSpot/hubspot-project-components). HubSpot's own schemas are only
 * served to an authenticated account (project-parsing-lib fetches them with a CLI login), so these
 * stand in for them offline: they require every field the docs mark as required and the fields our
 * backend depends on, and they stay open (additionalProperties) where HubSpot may add fields.
 */
const httpsUrl = { type: 'string', format: 'uri', pattern: '^https://' } as const;
/** `if` -> `then`, written as anyOf so no object carries a `then` key (a thenable to `await`). */
const implies = (condition: object, consequence: object) => ({ anyOf: [{ not: condition }, consequence] });
const nonEmptyStrings = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } as const;

const application = {
  type: 'object',
  required: ['name', 'description', 'distribution', 'auth'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, pattern: '^\\S(.*\\S)?$' },
    description: { type: 'string', minLength: 1, maxLength: 8192 },
    distribution: { enum: ['private', 'marketplace'] },
    auth: {
      type: 'object',
      required: ['type', 'redirectUrls', 'requiredScopes'],
      properties: {
        type: { enum: ['oauth', 'static'] },
        redirectUrls: { type: 'array', minItems: 1, items: { type: 'string', format: 'uri' } },
        requiredScopes: { ...nonEmptyStrings, contains: { const: 'oauth' } },
        optionalScopes: { type: 'array', items: { type: 'string' } },
        conditionallyRequiredScopes: { type: 'array', items: { type: 'string' } },
      },
    },
    permittedUrls: {
      type: 'object',
      properties: {
        fetch: { type: 'array', items: httpsUrl },
        iframe: { type: 'array', items: httpsUrl },
        img: { type: 'array', items: httpsUrl },
      },
    },
    support: {
      type: 'object',
      required: ['supportEmail'],
      properties: {
        supportEmail: { type: 'string', format: 'email' },
        documentationUrl: httpsUrl,
        supportUrl: httpsUrl,
        supportPhone: { type: 'string' },
      },
    },
  },
  // A marketplace listing needs somewhere for customers to get help.
  ...implies({ properties: { distribution: { const: 'marketplace' } } }, { required: ['support'] }),
} as const;

const card = {
  type: 'object',
  required: ['name', 'location', 'entrypoint', 'objectTypes'],
  properties: {
    name: { type: 'string', minLength: 1 },
    location: { enum: ['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar'] },
    entrypoint: { type: 'string', pattern: '^/app/cards/[^/]+\\.(jsx|tsx)$' },
    objectTypes: nonEmptyStrings,
  },
} as const;

const subscription = {
  type: 'object',
  required: ['subscriptionType', 'active'],
  properties: {
    subscriptionType: { type: 'string', pattern: '^[a-z_]+\\.[A-Za-z]+$' },
    objectType: { type: 'string' },
    propertyName: { type: 'string', minLength: 1 },
    active: { type: 'boolean' },
  },
  // A property-change subscription names its property.
  ...implies(
    { properties: { subscriptionType: { pattern: '\\.propertyChange$' } } },
    { required: ['propertyName'] },
  ),
} as const;

const webhooks = {
  type: 'object',
  required: ['settings', 'subscriptions'],
  properties: {
    settings: {
      type: 'object',
      required: ['targetUrl', 'maxConcurrentRequests'],
      properties: { targetUrl: httpsUrl, maxConcurrentRequests: { type: 'integer', minimum: 1 } },
    },
    subscriptions: {
      type: 'object',
      minProperties: 1,
      properties: {
        crmObjects: {
          type: 'array',
          items: { ...subscription, required: ['subscriptionType', 'objectType'] },
        },
        legacyCrmObjects: { type: 'array', items: subscription },
        hubEvents: { type: 'array', items: subscription },
      },
    },
  },
} as const;

const appEvent = {
  type: 'object',
  required: ['name', 'objectType', 'headerTemplate', 'properties'],
  properties: {
    name: { type: 'string', minLength: 1 },
    objectType: { type: 'string', minLength: 1 },
    headerTemplate: { type: 'string', minLength: 1 },
    detailTemplate: { type: 'string' },
    properties: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'label', 'type'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
          label: { type: 'string', minLength: 1 },
          type: { enum: ['string', 'number', 'date', 'enumeration'] },
          options: {
            type: 'array',
            items: { type: 'object', required: ['value', 'label'] },
          },
        },
        ...implies({ properties: { type: { const: 'enumeration' } } }, { required: ['options'] }),
      },
    },
  },
} as const;

const workflowAction = {
  type: 'object',
  required: ['actionUrl', 'isPublished', 'supportedClients', 'labels', 'objectTypes'],
  properties: {
    actionUrl: httpsUrl,
    isPublished: { type: 'boolean' },
    supportedClients: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['client'], properties: { client: { type: 'string' } } },
    },
    inputFields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['typeDefinition'],
        properties: {
          typeDefinition: { type: 'object', required: ['name', 'type'] },
          supportedValueTypes: { type: 'array', items: { type: 'string' } },
          isRequired: { type: 'boolean' },
        },
      },
    },
    labels: {
      type: 'object',
      required: ['en'],
      additionalProperties: { type: 'object', required: ['actionName'] },
    },
    objectTypes: nonEmptyStrings,
  },
} as const;

/** Keyed by the internal type project-parsing-lib gives each node (`mapToInternalType`). */
export const componentSchemas: Record<string, object> = {
  APPLICATION: application,
  CARD: card,
  WEBHOOKS: webhooks,
  APP_EVENT: appEvent,
  WORKFLOW_ACTION: workflowAction,
};
