import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScoringModel, type ScoringModelInput } from '../../../src/domain/scoring/model';

const valid: ScoringModelInput = {
  name: 'Default',
  description: 'Inbound leads',
  halfLifeDays: 30,
  rules: [
    {
      id: 'clicked',
      label: 'Clicked a link',
      kind: 'event',
      event: 'email_clicked',
      points: 5,
      maxPoints: 15,
    },
    {
      id: 'pricing',
      label: 'Visited pricing',
      kind: 'event',
      event: 'page_visited',
      match: { pagePath: '/pricing*' },
      points: 10,
      withinDays: 14,
    },
    { id: 'unsub', label: 'Unsubscribed', kind: 'event', event: 'unsubscribed', points: -20, decay: false },
    {
      id: 'size',
      label: 'Mid-market',
      kind: 'property',
      property: 'companySize',
      op: 'gte',
      value: 200,
      points: 10,
    },
    {
      id: 'vp',
      label: 'Senior',
      kind: 'property',
      property: 'jobTitle',
      op: 'matches',
      value: 'vp *',
      points: 5,
    },
  ],
  thresholds: [
    {
      id: 'mql',
      label: 'MQL',
      score: 50,
      hysteresis: 5,
      direction: 'both',
      actions: [
        { type: 'crm_task', subject: 'Call this lead', dueInDays: 1 },
        { type: 'set_lifecycle', stage: 'marketingqualifiedlead' },
        { type: 'webhook', url: 'https://hooks.example.com/mql' },
      ],
    },
  ],
};

function issuesOf(input: unknown): string[] {
  const parsed = parseScoringModel(input);
  if (parsed.ok) throw new Error('expected the model to be rejected');
  return parsed.error.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('parseScoringModel', () => {
  it('accepts a complete model and keeps its data', () => {
    const parsed = parseScoringModel(valid);
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(parsed.value.rules.map((r) => r.id)).toEqual(['clicked', 'pricing', 'unsub', 'size', 'vp']);
  });

  it('names the duplicate rule and threshold ids and where they were first used', () => {
    const [first] = valid.rules;
    const [mql] = valid.thresholds;
    const issues = issuesOf({ ...valid, rules: [...valid.rules, first], thresholds: [mql, mql] });
    expect(issues).toEqual([
      'rules[5].id: duplicate rule id "clicked" (already used by rules[0])',
      'thresholds[1].id: duplicate threshold id "mql" (already used by thresholds[0])',
    ]);
  });

  it('requires hysteresis to be at least 0 and below the threshold score', () => {
    const base = valid.thresholds[0]!;
    expect(issuesOf({ ...valid, thresholds: [{ ...base, hysteresis: 50 }] })).toEqual([
      'thresholds[0].hysteresis: hysteresis (50) must be less than the threshold score (50)',
    ]);
    expect(issuesOf({ ...valid, thresholds: [{ ...base, hysteresis: -1 }] })).toEqual([
      'thresholds[0].hysteresis: must be 0 or more',
    ]);
  });

  it('explains bad rule fields with their path', () => {
    const rules = [
      { id: 'Bad Id', label: 'x', kind: 'event', event: 'email_clicked', points: 0 },
      {
        id: 'form',
        label: 'Form',
        kind: 'event',
        event: 'email_clicked',
        match: { formId: 'f1' },
        points: 5,
      },
      { id: 're', label: 'Re', kind: 'property', property: 'jobTitle', op: 'matches', value: ' ', points: 5 },
      { id: 'cap', label: 'Cap', kind: 'event', event: 'email_replied', points: 5, maxPoints: -1 },
    ];
    expect(issuesOf({ ...valid, rules })).toEqual([
      "rules[0].id: must be 1-64 lowercase letters, digits, '_' or '-' (it is a stable key)",
      'rules[0].points: must not be 0 (remove the rule instead)',
      'rules[2].value: must not be empty',
      'rules[3].maxPoints: must be greater than 0',
      'rules[1].match.formId: "formId" cannot be used with event "email_clicked" (allowed: urlPattern)',
    ]);
  });

  it('rejects typos instead of silently ignoring them', () => {
    const rules = [{ ...valid.rules[0], maxpoints: 15 }];
    expect(issuesOf({ ...valid, rules })).toEqual(['rules[0]: Unrecognized key: "maxpoints"']);
  });

  it('rejects unknown events, ops and actions, plaintext webhooks and an empty model', () => {
    const issues = issuesOf({
      name: '',
      halfLifeDays: -1,
      rules: [],
      thresholds: [
        {
          ...valid.thresholds[0],
          actions: [{ type: 'webhook', url: 'http://hooks.example.com' }, { type: 'sms' }],
        },
      ],
    });
    expect(issues).toEqual([
      'name: must not be empty',
      'halfLifeDays: must be 0 or more (0 or null = no decay)',
      'rules: a model needs at least one rule',
      'thresholds[0].actions[0].url: must be an https URL',
      expect.stringMatching(/^thresholds\[0\]\.actions\[1\]\.type: Invalid discriminator value/),
    ]);
    expect(
      issuesOf({
        ...valid,
        rules: [{ id: 'x', label: 'x', kind: 'event', event: 'email_opened', points: 1 }],
      })[0],
    ).toMatch(/^rules\[0\]\.event: Invalid option: expected one of "email_opened_human"/);
  });

  it('joins the issues into one message', () => {
    const parsed = parseScoringModel({ ...valid, halfLifeDays: 'soon' });
    expect(parsed).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_scoring_model',
        message: 'halfLifeDays: Invalid input: expected number, received string',
      },
    });
  });

  it('never throws, whatever JSON it is given', () => {
    const nearlyValid = fc.record({
      name: fc.oneof(fc.string(), fc.constant(null)),
      halfLifeDays: fc.oneof(fc.double(), fc.constant(null), fc.string()),
      rules: fc.oneof(fc.array(fc.oneof(fc.jsonValue(), fc.constantFrom(...valid.rules))), fc.jsonValue()),
      thresholds: fc.oneof(
        fc.array(fc.oneof(fc.jsonValue(), fc.constantFrom(...valid.thresholds))),
        fc.jsonValue(),
      ),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearlyValid), (input) => {
        const parsed = parseScoringModel(input);
        if (!parsed.ok) expect(parsed.error.issues.length).toBeGreaterThan(0);
      }),
    );
  });
});
