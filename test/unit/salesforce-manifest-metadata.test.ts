import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../manifest/salesforce');
const SRC = path.join(ROOT, 'force-app/main/default');
const NS = 'http://soap.sforce.com/2006/04/metadata';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}
const metaFiles = files(SRC).filter((f) => f.endsWith('-meta.xml'));
const rel = (f: string) => path.relative(SRC, f);

// Repeated elements are arrays whatever their count, so one field permission reads like many.
const REPEATED = new Set([
  'fieldPermissions',
  'classAccesses',
  'externalCredentialParameters',
  'value',
  'namedCredentialParameters',
  'externalCredentialPrincipalAccesses',
  'target',
  'object',
]);
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (n) => REPEATED.has(n),
});
// biome-ignore lint/suspicious/noExplicitAny: parsed XML, walked by assertions that check each shape they read
type Node = Record<string, any>;
function parse(file: string): { root: string; doc: Node } {
  const parsed = parser.parse(readFileSync(file, 'utf8')) as Node;
  const root = Object.keys(parsed).find((k) => k !== '?xml')!;
  return { root, doc: parsed[root] };
}
const read = (file: string) => parse(path.join(SRC, file)).doc;

// The metadata type each source-format suffix must hold (what `sf project deploy` maps it to).
const ROOTS: Record<string, string> = {
  'field-meta.xml': 'CustomField',
  'permissionset-meta.xml': 'PermissionSet',
  'externalCredential-meta.xml': 'ExternalCredential',
  'namedCredential-meta.xml': 'NamedCredential',
  'cls-meta.xml': 'ApexClass',
  'js-meta.xml': 'LightningComponentBundle',
};

// The spec's fields (team spec, "Our fields on Lead AND Contact").
const FIELDS: Record<string, { type: string; length?: string; precision?: string; scale?: string }> = {
  Tandem_Score__c: { type: 'Number', precision: '18', scale: '0' },
  Tandem_Band__c: { type: 'Text', length: '40' },
  Tandem_Sequence_Status__c: { type: 'Text', length: '40' },
  Tandem_Last_Step__c: { type: 'Text', length: '80' },
  Tandem_Next_Step_At__c: { type: 'DateTime' },
  Tandem_Lifecycle__c: { type: 'Picklist' },
  Tandem_Time_Zone__c: { type: 'Text', length: '64' },
};
const STAGES = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
];

describe('manifest/salesforce metadata', () => {
  it('declares API 67.0 and one package directory', () => {
    const project = JSON.parse(readFileSync(path.join(ROOT, 'sfdx-project.json'), 'utf8'));
    expect(project.sourceApiVersion).toBe('67.0');
    expect(project.packageDirectories).toEqual([{ path: 'force-app', default: true }]);
  });

  it('has only well-formed -meta.xml files with the root element and namespace of their type', () => {
    expect(metaFiles.length).toBeGreaterThanOrEqual(14 + 1 + 2 + 5 + 1);
    for (const file of metaFiles) {
      expect(XMLValidator.validate(readFileSync(file, 'utf8')), rel(file)).toBe(true);
      const suffix = Object.keys(ROOTS).find((s) => file.endsWith(`.${s}`));
      expect(suffix, `${rel(file)} has no known suffix`).toBeDefined();
      const { root, doc } = parse(file);
      expect([rel(file), root, doc['@_xmlns']]).toEqual([rel(file), ROOTS[suffix!], NS]);
    }
  });

  for (const object of ['Lead', 'Contact']) {
    it(`puts the 7 Tandem fields on ${object} with the spec's types`, () => {
      const dir = path.join(SRC, 'objects', object, 'fields');
      expect(readdirSync(dir).sort()).toEqual(
        Object.keys(FIELDS)
          .map((f) => `${f}.field-meta.xml`)
          .sort(),
      );
      for (const [name, want] of Object.entries(FIELDS)) {
        const field = read(`objects/${object}/fields/${name}.field-meta.xml`);
        expect({
          fullName: field.fullName,
          type: field.type,
          length: field.length,
          precision: field.precision,
          scale: field.scale,
        }).toEqual({ fullName: name, length: undefined, precision: undefined, scale: undefined, ...want });
        expect(field.label, name).toBeTruthy();
      }
      const values = read(`objects/${object}/fields/Tandem_Lifecycle__c.field-meta.xml`).valueSet;
      expect(values.restricted).toBe('true');
      expect(values.valueSetDefinition.value.map((v: Node) => v.fullName)).toEqual(STAGES);
    });
  }

  it('grants the permission set every field, both Apex classes and the callout principal', () => {
    const set = read('permissionsets/Tandem_Admin.permissionset-meta.xml');
    const granted = set.fieldPermissions.map((p: Node) => `${p.field}:${p.readable}:${p.editable}`).sort();
    const want = ['Lead', 'Contact'].flatMap((o) => Object.keys(FIELDS).map((f) => `${o}.${f}:true:true`));
    expect(granted).toEqual(want.sort());
    expect(set.classAccesses.map((c: Node) => `${c.apexClass}:${c.enabled}`).sort()).toEqual([
      'TandemCardController:true',
      'TandemEnrollAction:true',
    ]);
    const principal = read(
      'externalCredentials/Tandem.externalCredential-meta.xml',
    ).externalCredentialParameters.find((p: Node) => p.parameterType === 'NamedPrincipal');
    expect(set.externalCredentialPrincipalAccesses).toEqual([
      { enabled: 'true', externalCredentialPrincipal: `Tandem-${principal.parameterName}` },
    ]);
  });

  it('sends X-Tandem-Org and X-Tandem-Secret from the principal through the Named Credential', () => {
    const external = read('externalCredentials/Tandem.externalCredential-meta.xml');
    expect(external.authenticationProtocol).toBe('Custom');
    const headers = Object.fromEntries(
      external.externalCredentialParameters
        .filter((p: Node) => p.parameterType === 'AuthHeader')
        .map((p: Node) => [p.parameterName, p.parameterValue]),
    );
    expect(headers).toEqual({
      'X-Tandem-Org': '{!$Credential.Tandem.OrgId}',
      'X-Tandem-Secret': '{!$Credential.Tandem.Secret}',
    });
    const named = read('namedCredentials/Tandem.namedCredential-meta.xml');
    expect(named.namedCredentialType).toBe('SecuredEndpoint');
    expect(named.allowMergeFieldsInHeader).toBe('true');
    expect(named.generateAuthorizationHeader).toBe('false');
    const params = named.namedCredentialParameters as Node[];
    expect(params.find((p) => p.parameterType === 'Authentication')?.externalCredential).toBe('Tandem');
    expect(params.find((p) => p.parameterType === 'Url')?.parameterValue).toMatch(/^https:\/\/[^/]+$/);
  });

  it('exposes the card on Lead and Contact record pages only', () => {
    const bundle = read('lwc/tandemScoreCard/tandemScoreCard.js-meta.xml');
    expect(bundle.apiVersion).toBe('67.0');
    expect(bundle.isExposed).toBe('true');
    expect(bundle.targets.target).toEqual(['lightning__RecordPage']);
    const config = bundle.targetConfigs.targetConfig;
    expect([config['@_targets'], config.objects.object]).toEqual([
      'lightning__RecordPage',
      ['Lead', 'Contact'],
    ]);
  });
});
