import { jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const crmKind = pgEnum('crm_kind', ['hubspot', 'salesforce', 'none']);
export const connectionStatus = pgEnum('connection_status', ['connected', 'disconnected']);
/** `admin` keys may also manage keys, suppressions and unknown sends of their installation. */
export const apiKeyRole = pgEnum('api_key_role', ['admin', 'standard']);

export const installations = pgTable(
  'installations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    crm: crmKind('crm').notNull().default('none'),
    externalId: text('external_id'),
    /** Cadence and behaviour settings; validated by the domain's settings schema. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** OAuth tokens, AES-GCM sealed (lib/crypto); never stored in clear. */
    credentialsSealed: text('credentials_sealed'),
    /** When the sealed access token expires: refresh starts a little before. */
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    /** A CRM that revoked the app is `disconnected`: its jobs stop and the reason is shown. */
    connectionStatus: connectionStatus('connection_status'),
    disconnectedReason: text('disconnected_reason'),
    disconnectedAt: timestamp('disconnected_at', { withTimezone: true }),
    /** Salesforce: the secret Flow callouts and the card's Apex send (Named Credential), AES-GCM sealed. */
    calloutSecretSealed: text('callout_secret_sealed'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('installations_crm_external_uq').on(t.crm, t.externalId)],
);

/** Every row belongs to an installation (tenant isolation); removing one removes its data. */
export const installationRef = () =>
  text('installation_id')
    .notNull()
    .references(() => installations.id, { onDelete: 'cascade' });

export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  installationId: installationRef(),
  name: text('name').notNull(),
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  keyHash: text('key_hash').notNull().unique(),
  role: apiKeyRole('role').notNull().default('standard'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
