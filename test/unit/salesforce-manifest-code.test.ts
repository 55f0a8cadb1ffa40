import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from '@lwc/compiler';
import { describe, expect, it } from 'vitest';
import { enrollOutcomes, flowRequest, unenrollOutcomes } from '../../src/services/salesforce/actions-schemas';

const SRC = path.resolve(import.meta.dirname, '../../manifest/salesforce/force-app/main/default');
const ROUTES = path.resolve(import.meta.dirname, '../../src/http/routes/salesforce');
const CLASSES = path.join(SRC, 'classes');
const LWC = path.join(SRC, 'lwc/tandemScoreCard');
const apex = (name: string) => readFileSync(path.join(CLASSES, `${name}.cls`), 'utf8');

const classNames = readdirSync(CLASSES)
  .filter((f) => f.endsWith('.cls'))
  .map((f) => f.slice(0, -'.cls'.length));
const isTest = (name: string) => /^@IsTest\b/im.test(apex(name));

// actions.ts registers `/salesforce/actions/${kind}` for both kinds.
const KIND = /\$\{kind\}/;

/** The paths our routes register (`path: '/salesforce/...'`, `/salesforce/actions/${kind}` expanded). */
function routePaths(): string[] {
  return readdirSync(ROUTES).flatMap((f) => {
    const text = readFileSync(path.join(ROUTES, f), 'utf8');
    return [...text.matchAll(/path: [`'](\/salesforce\/[^`']*)[`']/g)].flatMap(([, p]) =>
      KIND.test(p!) ? ['enroll', 'unenroll'].map((k) => p!.replace(KIND, k)) : [p!],
    );
  });
}

/** Every `callout:Tandem` path the Apex builds: literal `'/salesforce/...'` strings, query cut off. */
function apexPaths(): string[] {
  return classNames
    .filter((n) => !isTest(n))
    .flatMap((n) => [...apex(n).matchAll(/'(\/salesforce\/[^'?]*)/g)].map(([, p]) => p!))
    .flatMap((p) => (p.endsWith('/actions/') ? ['enroll', 'unenroll'].map((k) => p + k) : [p]));
}

describe('manifest/salesforce Apex', () => {
  it('has a -meta.xml at API 67.0 for every class', () => {
    const metas = readdirSync(CLASSES).filter((f) => f.endsWith('.cls-meta.xml'));
    expect(metas.sort()).toEqual(classNames.map((n) => `${n}.cls-meta.xml`).sort());
    for (const meta of metas) {
      const xml = readFileSync(path.join(CLASSES, meta), 'utf8');
      expect(xml, meta).toContain('<apiVersion>67.0</apiVersion>');
      expect(xml, meta).toContain('<status>Active</status>');
    }
  });

  it('has a test class for the card controller and the Flow action, and every class is under test', () => {
    const tests = classNames.filter(isTest);
    expect(tests.sort()).toEqual(['TandemCardControllerTest', 'TandemEnrollActionTest']);
    for (const name of classNames.filter((n) => !isTest(n))) {
      const covering = tests.filter((t) => apex(t).includes(name));
      expect(covering.length, `${name} is named by no @IsTest class`).toBeGreaterThan(0);
    }
    for (const t of tests) {
      expect(apex(t), t).toContain('implements HttpCalloutMock');
      expect(apex(t), t).toMatch(/Test\.setMock\(HttpCalloutMock\.class/);
    }
  });

  it('exposes the methods the card and Flow call, with the signatures they use', () => {
    const card = apex('TandemCardController');
    expect(card).toMatch(/@AuraEnabled\(cacheable=false\)\s+public static String getCard\(Id recordId\)/);
    expect(card).toMatch(
      /@AuraEnabled\s+public static String runAction\(Id recordId, String action, String enrollmentId\)/,
    );
    expect(card).toContain('AuraHandledException');
    const flow = apex('TandemEnrollAction');
    expect(flow).toMatch(/@InvocableMethod\(\s*label='Enroll in Tandem sequence'[^)]*callout=true/);
    for (const variable of ['recordId', 'sequenceId', 'requestId', 'action', 'flowInterviewId'])
      expect(flow).toMatch(
        new RegExp(`@InvocableVariable\\((?:[^)']|'[^']*')*\\)\\s+public \\w+ ${variable};`),
      );
    // The Apex batch size is the route's.
    expect(flow).toContain('MAX_BATCH = 200;');
  });

  it('calls only paths the routes register, through the Tandem Named Credential', () => {
    const registered = routePaths();
    expect(registered).toEqual(
      expect.arrayContaining(['/salesforce/card', '/salesforce/card/actions', '/salesforce/actions/enroll']),
    );
    const called = apexPaths();
    expect(called.sort()).toEqual(
      [
        '/salesforce/actions/enroll',
        '/salesforce/actions/unenroll',
        '/salesforce/card',
        '/salesforce/card/actions',
      ].sort(),
    );
    for (const p of called) expect(registered, p).toContain(p);
    expect(apex('TandemCallout')).toContain("BASE = 'callout:Tandem'");
  });

  it('sends the body fields the routes read', () => {
    const keys = (name: string) => [...apex(name).matchAll(/'(\w+)' =>/g)].map(([, k]) => k!).sort();
    // card.ts validates the card action body with a local schema: its keys, read from the source.
    const cardRoute = readFileSync(path.join(ROUTES, 'card.ts'), 'utf8');
    const actionSchema = /const actionSchema = z\.looseObject\(\{([\s\S]*?)\}\);/.exec(cardRoute)?.[1] ?? '';
    const cardKeys = [...actionSchema.matchAll(/^\s+(\w+):/gm)].map(([, k]) => k!).sort();
    expect(cardKeys).toEqual(['action', 'enrollmentId', 'recordId']);
    expect(keys('TandemCardController')).toEqual(cardKeys);
    expect(keys('TandemEnrollAction')).toEqual(['requests', ...Object.keys(flowRequest.shape)].sort());
  });

  it('describes outcomes the routes can answer', () => {
    const flow = apex('TandemEnrollAction');
    const described = /label='Outcome' description='([^']*)'/.exec(flow)?.[1] ?? '';
    const named = described.match(/[a-z]+_[a-z_]+|enrolled|unenrolled/g) ?? [];
    const known = new Set<string>([...enrollOutcomes, ...unenrollOutcomes, 'callout_failed']);
    expect(named.length).toBeGreaterThan(0);
    for (const outcome of named) expect(known, outcome).toContain(outcome);
  });
});

describe('manifest/salesforce LWC', () => {
  const options = { name: 'tandemScoreCard', namespace: 'c' };
  const js = readFileSync(path.join(LWC, 'tandemScoreCard.js'), 'utf8');
  const html = readFileSync(path.join(LWC, 'tandemScoreCard.html'), 'utf8');

  it('compiles with the LWC compiler without errors or warnings', () => {
    for (const [file, source] of [
      ['tandemScoreCard.js', js],
      ['tandemScoreCard.html', html],
    ] as const) {
      const result = transformSync(source, file, options);
      expect(result.code.length, file).toBeGreaterThan(0);
      expect(result.warnings ?? [], file).toEqual([]);
    }
  });

  it('binds only names the component defines', () => {
    const loops = new Set([...html.matchAll(/for:item="(\w+)"/g)].map(([, v]) => v!));
    const bound = new Set([...html.matchAll(/\{(\w+)/g)].map(([, v]) => v!).filter((v) => !loops.has(v)));
    for (const name of bound)
      expect(js, name).toMatch(new RegExp(`(get ${name}\\(|^\\s+(@api |async )?${name}( =|;|\\())`, 'm'));
  });

  it('imports the Apex methods the controller exposes', () => {
    const imports = [...js.matchAll(/@salesforce\/apex\/(\w+)\.(\w+)/g)].map(([, c, m]) => `${c}.${m}`);
    expect(imports.sort()).toEqual(['TandemCardController.getCard', 'TandemCardController.runAction']);
  });
});
