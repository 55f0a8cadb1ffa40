import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUBSPOT_SCOPES } from '../../../src/services/hubspot/install-scopes';

// HubSpot refuses an authorize URL asking for scopes the app does not declare, and an app that
// declares more than it asks for fails certification: the two lists must stay the same.
describe('install scopes', () => {
  it('are exactly the requiredScopes of the HubSpot project app', () => {
    const file = path.resolve(import.meta.dirname, '../../../manifest/hubspot/src/app/app-hsmeta.json');
    const app = JSON.parse(readFileSync(file, 'utf8')) as { config: { auth: { requiredScopes: string[] } } };
    expect([...HUBSPOT_SCOPES].sort()).toEqual([...app.config.auth.requiredScopes].sort());
  });
});
