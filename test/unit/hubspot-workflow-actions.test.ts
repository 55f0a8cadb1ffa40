import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrollOutcomes, unenrollOutcomes } from '../../src/services/hubspot/actions-schemas';

const dir = path.resolve(import.meta.dirname, '../../manifest/hubspot/src/app/workflow-actions');
const read = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));

type Field = { typeDefinition: { name: string; optionsUrl?: string; options?: Array<{ value: string }> } };

/** The definitions HubSpot shows must agree with what the routes read and answer. */
describe.each([
  ['enroll-in-sequence-hsmeta.json', '/hubspot/actions/enroll', enrollOutcomes],
  ['unenroll-from-sequence-hsmeta.json', '/hubspot/actions/unenroll', unenrollOutcomes],
])('%s', (file, route, outcomes) => {
  const { type, config } = read(file);

  it('is a published contact workflow action calling our route', () => {
    expect(type).toBe('workflow-action');
    expect(config.isPublished).toBe(true);
    expect(config.objectTypes).toEqual(['CONTACT']);
    expect(config.supportedClients).toEqual([{ client: 'WORKFLOWS' }]);
    expect(new URL(config.actionUrl).pathname).toBe(route);
  });

  it('asks for the sequence by id, with options from our options route', () => {
    const [field] = config.inputFields as Field[];
    expect(field?.typeDefinition.name).toBe('sequenceId');
    expect(new URL(field?.typeDefinition.optionsUrl ?? 'x:').pathname).toBe('/hubspot/actions/sequences');
    expect(config.labels.en.inputFieldLabels.sequenceId).toBeTruthy();
  });

  it('declares every outcome the service answers, and a message for each', () => {
    const fields = config.outputFields as Field[];
    expect(fields.map((f) => f.typeDefinition.name)).toEqual(['outcome', 'reason', 'enrollment_id']);
    const options = fields[0]?.typeDefinition.options?.map((o) => o.value);
    expect(options).toEqual([...outcomes]);
    const rules = (config.executionRules as Array<{ labelName: string }>).map((r) => r.labelName);
    expect(rules).toEqual([...outcomes]);
    expect(Object.keys(config.labels.en.executionRules)).toEqual([...outcomes]);
  });
});

it('enroll asks HubSpot for the properties a new contact is created from', () => {
  const { config } = read('enroll-in-sequence-hsmeta.json');
  expect(config.objectRequestOptions.properties).toEqual(
    expect.arrayContaining(['email', 'firstname', 'lastname', 'hs_timezone']),
  );
});
