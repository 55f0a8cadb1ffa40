import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ScoreEvent, scoreContact } from '../../../src/domain/scoring/evaluate';
import {
  parseScoringModel,
  type ScoringModel,
  type ScoringModelInput,
  scoreEventTypes,
} from '../../../src/domain/scoring/model';

const now = new Date('2025-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

function modelOf(
  input: Omit<ScoringModelInput, 'name' | 'thresholds'> & Partial<ScoringModelInput>,
): ScoringModel {
  const parsed = parseScoringModel({ name: 'Test', thresholds: [], ...input });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const model = modelOf({
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
    { id: 'opened', label: 'Opened an email', kind: 'event', event: 'email_opened_human', points: 1 },
    { id: 'replied', label: 'Replied', kind: 'event', event: 'email_replied', points: 20 },
    {
      id: 'pricing',
      label: 'Visited pricing',
      kind: 'event',
      event: 'page_visited',
      match: { pagePath: '/pricing*' },
      points: 10,
    },
    { id: 'unsub', label: 'Unsubscribed', kind: 'event', event: 'unsubscribed', points: -20, decay: false },
    {
      id: 'vp',
      label: 'Senior title',
      kind: 'property',
      property: 'jobTitle',
      op: 'matches',
      value: 'vp *',
      points: 15,
    },
  ],
});

let seq = 0;
function event(type: ScoreEvent['type'], at: Date, extra: Partial<ScoreEvent> = {}): ScoreEvent {
  seq += 1;
  return { id: `evt_${seq}`, type, at, ...extra };
}

const score = (events: ScoreEvent[], properties: Record<string, unknown> = {}, m = model) =>
  scoreContact({ events, properties, model: m, now });

describe('scoreContact', () => {
  it('adds event and property points and lists contributions by size', () => {
    const result = score([event('email_replied', now), event('email_clicked', now)], {
      jobTitle: 'VP Sales',
    });
    expect(result.score).toBe(40);
    expect(result.asOf).toEqual(now);
    expect(result.contributions.map((c) => [c.ruleId, c.points, c.count])).toEqual([
      ['replied', 20, 1],
      ['vp', 15, 1],
      ['clicked', 5, 1],
    ]);
  });

  it('never scores machine events (privacy-proxy opens, scanner clicks)', () => {
    const result = score([
      event('email_opened_human', now, { machine: true }),
      event('email_clicked', now, { machine: true }),
      event('email_clicked', now, { machine: false }),
    ]);
    expect(result.score).toBe(5);
    expect(result.ignoredMachineEvents).toBe(2);
  });

  it('never changes a score by adding machine events (property)', () => {
    const arbEvent = fc.record({
      id: fc.uuid(),
      type: fc.constantFrom(...scoreEventTypes),
      at: fc.date({ min: daysAgo(200), max: now, noInvalidDate: true }),
    });
    fc.assert(
      fc.property(fc.array(arbEvent), fc.array(arbEvent, { minLength: 1 }), (human, machine) => {
        const flagged = machine.map((e) => ({ ...e, id: `m_${e.id}`, machine: true }));
        expect(score([...human, ...flagged]).score).toBe(score(human).score);
      }),
    );
  });

  it('caps a rule after decay, keeping the sign', () => {
    const clicks = [0, 0, 0, 0].map(() => event('email_clicked', now));
    const capped = score(clicks).contributions[0];
    expect(capped).toMatchObject({
      ruleId: 'clicked',
      points: 15,
      count: 4,
      undecayedPoints: 20,
      capped: true,
    });
    // Four clicks 60 days old decay to 4 x 5 x 0.25 = 5, under the cap of 15.
    const old = score([0, 0, 0, 0].map(() => event('email_clicked', daysAgo(60))));
    expect(old.contributions[0]).toMatchObject({ points: 5, capped: false });

    const negative = modelOf({
      halfLifeDays: null,
      rules: [
        { id: 'bounce', label: 'Bounced', kind: 'event', event: 'bounced', points: -10, maxPoints: 25 },
      ],
    });
    expect(
      score(
        [1, 2, 3].map(() => event('bounced', now)),
        {},
        negative,
      ).score,
    ).toBe(-25);
  });

  it('subtracts negative rules, which can make the score negative', () => {
    expect(score([event('email_clicked', now), event('unsubscribed', daysAgo(90))]).score).toBe(-15);
    // decay: false keeps the penalty whole; the click 90 days ago is worth 5 / 8 = 0.63.
    expect(score([event('email_clicked', daysAgo(90)), event('unsubscribed', daysAgo(90))]).score).toBe(
      -19.37,
    );
  });

  it('matches page paths, URL globs and form ids', () => {
    const m = modelOf({
      halfLifeDays: 0,
      rules: [
        {
          id: 'pricing',
          label: 'Pricing',
          kind: 'event',
          event: 'page_visited',
          match: { pagePath: '/pricing*' },
          points: 10,
        },
        {
          id: 'docs',
          label: 'Docs link',
          kind: 'event',
          event: 'email_clicked',
          match: { urlPattern: 'https://*.example.com/docs/*' },
          points: 3,
        },
        {
          id: 'demo',
          label: 'Demo form',
          kind: 'event',
          event: 'form_submitted',
          match: { formId: 'demo' },
          points: 30,
        },
      ],
    });
    const events = [
      event('page_visited', now, { data: { url: 'https://example.com/PRICING/plans?x=1' } }),
      event('page_visited', now, { data: { pagePath: '/about' } }),
      event('email_clicked', now, { data: { url: 'https://www.example.com/docs/start' } }),
      event('email_clicked', now, { data: { url: 'https://www.example.com/blog/docs/' } }),
      event('email_clicked', now, { data: { url: 'https://example.com/docs/x' } }),
      event('form_submitted', now, { data: { formId: 'demo' } }),
      event('form_submitted', now, { data: { formId: 'newsletter' } }),
    ];
    expect(score(events, {}, m).contributions.map((c) => [c.ruleId, c.count])).toEqual([
      ['demo', 1],
      ['pricing', 1],
      ['docs', 1],
    ]);
  });

  it('scores property rules without decay, tolerating CRM strings', () => {
    const m = modelOf({
      halfLifeDays: 1,
      rules: [
        {
          id: 'us',
          label: 'US',
          kind: 'property',
          property: 'country',
          op: 'equals',
          value: 'us',
          points: 1,
        },
        {
          id: 'size',
          label: 'Size',
          kind: 'property',
          property: 'companySize',
          op: 'gte',
          value: 200,
          points: 2,
        },
        {
          id: 'small',
          label: 'Small',
          kind: 'property',
          property: 'companySize',
          op: 'lte',
          value: 10,
          points: -4,
        },
        {
          id: 'title',
          label: 'Head',
          kind: 'property',
          property: 'jobTitle',
          op: 'contains',
          value: 'head of',
          points: 8,
        },
        {
          id: 'stage',
          label: 'Stage',
          kind: 'property',
          property: 'lifecycleStage',
          op: 'in',
          value: ['lead', 'marketingqualifiedlead'],
          points: 16,
        },
      ],
    });
    const all = { country: ' US ', companySize: '250', jobTitle: 'Head of Growth', lifecycleStage: 'lead' };
    expect(score([], all, m).score).toBe(27);
    expect(score([], { companySize: 5, country: 'DE', jobTitle: null }, m).score).toBe(-4);
    expect(score([], { companySize: 'many', country: '' }, m).score).toBe(0);
    // Inherited names are not properties of the contact.
    const inherited = modelOf({
      halfLifeDays: 0,
      rules: [
        {
          id: 'ctor',
          label: 'Ctor',
          kind: 'property',
          property: 'constructor',
          op: 'contains',
          value: 'Object',
          points: 1,
        },
      ],
    });
    expect(score([], {}, inherited).score).toBe(0);
  });

  it('ignores events after now and outside a rule window', () => {
    const windowed = modelOf({
      halfLifeDays: null,
      rules: [
        { id: 'visit', label: 'Visit', kind: 'event', event: 'page_visited', points: 2, withinDays: 7 },
      ],
    });
    const events = [
      event('page_visited', daysAgo(-1)),
      event('page_visited', daysAgo(7)),
      event('page_visited', daysAgo(7.01)),
      event('page_visited', now),
    ];
    expect(score(events, {}, windowed).contributions).toEqual([
      {
        ruleId: 'visit',
        label: 'Visit',
        kind: 'event',
        points: 4,
        count: 2,
        undecayedPoints: 4,
        capped: false,
      },
    ]);
  });

  it('counts a redelivered event (same id) once', () => {
    const reply = event('email_replied', now);
    expect(score([reply, { ...reply }, { ...reply }]).score).toBe(20);
  });

  it('gives the same result on replay and for any event order (property)', () => {
    const arbEvent = fc.record(
      {
        id: fc.string({ minLength: 1, maxLength: 4 }),
        type: fc.constantFrom(...scoreEventTypes),
        at: fc.date({ min: daysAgo(400), max: daysAgo(-5), noInvalidDate: true }),
        machine: fc.boolean(),
        data: fc.record({ pagePath: fc.constantFrom('/pricing', '/pricing/team', '/blog') }),
      },
      { requiredKeys: ['id', 'type', 'at'] },
    );
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }), fc.func(fc.integer()), (events, key) => {
        const first = score(events, { jobTitle: 'vp' });
        const shuffled = [...events].sort((a, b) => key(a.id, a.at.getTime()) - key(b.id, b.at.getTime()));
        expect(score(shuffled, { jobTitle: 'vp' })).toEqual(first);
        expect(score(events, { jobTitle: 'vp' })).toEqual(first);
        expect(score([...events].reverse(), { jobTitle: 'vp' })).toEqual(first);
      }),
    );
  });

  it('rescoring the same history under a new model version changes the score', () => {
    const events = [event('email_clicked', daysAgo(10)), event('email_replied', daysAgo(2))];
    const v1 = score(events);
    const v2 = score(
      events,
      {},
      { ...model, halfLifeDays: null, rules: model.rules.map((r) => ({ ...r, points: r.points * 2 })) },
    );
    expect(v1.score).toBe(23.07); // 5 x 0.5^(10/30) = 3.97, 20 x 0.5^(2/30) = 19.10
    expect(v2.score).toBe(50);
  });
});
