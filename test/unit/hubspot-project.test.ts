import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_BASE } from '../../manifest/hubspot/src/app/cards/card-data';
import { validateProject } from '../helpers/hubspot-project';

const project = path.resolve(import.meta.dirname, '../../manifest/hubspot');
const app = 'src/app/app-hsmeta.json';
const card = 'src/app/cards/score-card-hsmeta.json';
const webhooks = 'src/app/webhooks/webhooks-hsmeta.json';
const appEvent = 'src/app/app-events/sequence-email-sent-hsmeta.json';

// biome-ignore lint/suspicious/noExplicitAny: scratch edits of parsed JSON files
type Json = any;

const actionsDir = path.join(project, 'src/app/workflow-actions');
const workflowActions = existsSync(actionsDir)
  ? readdirSync(actionsDir)
      .filter((f) => f.endsWith('-hsmeta.json'))
      .map((f) => `src/app/workflow-actions/${f}`)
  : [];

const read = (dir: string, file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));

let copies: string[] = [];
afterEach(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  copies = [];
});

/** A scratch copy of the project with one file changed, to prove the validation would notice. */
function copyWith(file: string, change: (json: Json) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hsproject-'));
  copies.push(dir);
  cpSync(project, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  const json = read(dir, file);
  change(json);
  writeFileSync(path.join(dir, file), JSON.stringify(json));
  return dir;
}

describe('HubSpot project files (manifest/hubspot)', () => {
  it('translate and validate without a single error, workflow actions included', async () => {
    expect(await validateProject(project)).toEqual([]);
  });

  it('is a 2026.03 project with a marketplace OAuth app', () => {
    expect(read(project, 'hsproject.json').platformVersion).toBe('2026.03');
    const { config } = read(project, app);
    expect(config.distribution).toBe('marketplace');
    expect(config.auth.type).toBe('oauth');
    expect(config.auth.redirectUrls.every((u: string) => u.endsWith('/oauth/hubspot/callback'))).toBe(true);
  });

  it('subscribes to every contact and deal event the connector applies', () => {
    const { subscriptions, settings } = read(project, webhooks).config;
    expect(new URL(settings.targetUrl).pathname).toBe('/hubspot/webhooks');
    const keys = [...subscriptions.legacyCrmObjects, ...subscriptions.hubEvents].map(
      (s: { subscriptionType: string; propertyName?: string }) =>
        s.propertyName ? `${s.subscriptionType}:${s.propertyName}` : s.subscriptionType,
    );
    const contactProps = ['email', 'firstname', 'lastname', 'company', 'country', 'state', 'hs_timezone'];
    const more = ['hubspot_owner_id', 'lifecyclestage', 'hs_lead_status', 'hs_email_optout'];
    expect(keys).toEqual(
      expect.arrayContaining([
        'contact.creation',
        'contact.deletion',
        'contact.merge',
        'contact.privacyDeletion',
        'contact.associationChange',
        'deal.creation',
        'deal.deletion',
        'deal.propertyChange:dealstage',
        'deal.propertyChange:pipeline',
        ...[...contactProps, ...more].map((p) => `contact.propertyChange:${p}`),
      ]),
    );
  });

  it("lets the card fetch only the app's own card routes", () => {
    const { config } = read(project, app);
    expect(config.permittedUrls.fetch).toEqual(['https://tandem.example.com/hubspot/card']);
  });

  it('points every URL HubSpot calls at one backend origin, the one the card fetches', () => {
    const { config } = read(project, app);
    const urls = [
      ...config.auth.redirectUrls,
      ...config.permittedUrls.fetch,
      read(project, webhooks).config.settings.targetUrl,
      ...workflowActions.map((f) => read(project, f).config.actionUrl),
    ];
    expect(new Set(urls.map((u: string) => new URL(u).origin))).toEqual(new Set([API_BASE]));
  });

  it.each(workflowActions)('fails when the actionUrl of %s is removed', async (file) => {
    expect(await validateProject(copyWith(file, (j) => delete j.config.actionUrl))).not.toEqual([]);
  });

  it.each([
    ['hsproject.json platformVersion', 'hsproject.json', (j: Json) => delete j.platformVersion],
    ['app auth.redirectUrls', app, (j: Json) => delete j.config.auth.redirectUrls],
    ['app distribution', app, (j: Json) => delete j.config.distribution],
    ['the oauth scope', app, (j: Json) => j.config.auth.requiredScopes.shift()],
    ['card entrypoint', card, (j: Json) => delete j.config.entrypoint],
    ['card uid', card, (j: Json) => delete j.uid],
    ['webhooks targetUrl', webhooks, (j: Json) => delete j.config.settings.targetUrl],
    [
      'a propertyChange propertyName',
      webhooks,
      (j: Json) => delete j.config.subscriptions.legacyCrmObjects[3].propertyName,
    ],
    ['app event headerTemplate', appEvent, (j: Json) => delete j.config.headerTemplate],
  ])('fails when %s is removed', async (_name, file, change) => {
    const errors = await validateProject(copyWith(file, change));
    expect(errors.length).toBeGreaterThan(0);
  });

  it('fails on a stray top-level field, a wrong component type and a token nobody declares', async () => {
    expect(await validateProject(copyWith(card, (j) => (j.extra = 1)))).toEqual([
      expect.stringContaining('unexpected top-level fields extra'),
    ]);
    expect((await validateProject(copyWith(card, (j) => (j.type = 'webhooks')))).join('\n')).toMatch(
      /belongs in app\/webhooks/,
    );
    const token = await validateProject(
      copyWith(appEvent, (j) => (j.config.headerTemplate = 'Hi {{nobody}}')),
    );
    expect(token).toEqual([expect.stringContaining('template token nobody')]);
  });
});
