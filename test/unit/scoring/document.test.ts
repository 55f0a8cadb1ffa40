import { describe, expect, it } from 'vitest';
import { renderModelHtml, renderModelMarkdown } from '../../../src/domain/scoring/document';
import { parseScoringModel, type ScoringModel } from '../../../src/domain/scoring/model';

function modelOf(input: unknown): ScoringModel {
  const parsed = parseScoringModel(input);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const model = modelOf({
  name: 'Inbound',
  description: 'Scores inbound leads.',
  halfLifeDays: 30,
  rules: [
    {
      id: 'clicked',
      label: 'Clicked a link',
      kind: 'event',
      event: 'email_clicked',
      match: { urlPattern: '*/pricing*' },
      points: 5,
      maxPoints: 15,
      withinDays: 30,
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
        { type: 'enroll', sequenceId: 'seq_abc123' },
      ],
    },
  ],
});
const input = { model, version: 3, publishedAt: new Date('2025-02-03T04:05:06Z') };

describe('renderModelMarkdown', () => {
  it('documents version, decay, the rules table and thresholds with hysteresis and actions', () => {
    const lines = renderModelMarkdown(input).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '# Scoring model: Inbound',
      '',
      'Version 3, published 2025-02-03 04:05 UTC',
      '',
      'Scores inbound leads.',
    ]);
    expect(lines).toContain(
      'Event points halve every 30 days of age (half-life); property points do not decay.',
    );
    const rules = lines.indexOf('## Rules');
    expect(lines.slice(rules + 2, rules + 7)).toEqual([
      '| Rule | Id | When | Points | Cap | Window |',
      '| --- | --- | --- | --- | --- | --- |',
      '| Clicked a link | clicked | Email link clicked, URL matches "\\*/pricing\\*" | +5 | at most 15 | last 30 days |',
      '| Unsubscribed | unsub | Unsubscribed | \u221220 | - | all time, no decay |',
      '| Mid-market | size | Property companySize is at least 200 | +10 | - | while true |',
    ]);
    expect(lines).toContain('| MQL | mql | 50 | 45 | 5 | rising and falling |');
    expect(lines.slice(lines.indexOf('### Actions: MQL') + 2)).toEqual([
      '- Create a CRM task for the owner: "Call this lead", due in 1 day',
      '- Set lifecycle stage to "marketingqualifiedlead"',
      '- Enroll in sequence seq\\_abc123',
      '',
    ]);
  });

  it('is deterministic and says so when there is no decay', () => {
    expect(renderModelMarkdown(input)).toBe(renderModelMarkdown(structuredClone(input)));
    expect(renderModelMarkdown({ ...input, model: { ...model, halfLifeDays: null } })).toContain(
      'No decay: event points keep their full value.',
    );
  });

  it('escapes model text so it cannot inject markup, links or table cells', () => {
    const hostile = modelOf({
      name: '<script>alert(1)</script>',
      description: '# heading\n- [link](javascript:x)',
      halfLifeDays: 0,
      rules: [{ id: 'r', label: 'a | b *c*', kind: 'event', event: 'email_replied', points: 1 }],
      thresholds: [],
    });
    const markdown = renderModelMarkdown({ ...input, model: hostile });
    expect(markdown).toContain('# Scoring model: \\<script\\>alert(1)\\</script\\>');
    expect(markdown).toContain('\n\\# heading - \\[link\\](javascript:x)\n');
    expect(markdown).toContain('| a \\| b \\*c\\* | r |');
    expect(markdown).toContain('No thresholds.');
  });
});

describe('renderModelHtml', () => {
  it('renders a standalone page with the rules table', () => {
    const page = renderModelHtml(input);
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<title>Scoring model: Inbound</title>');
    expect(page).toContain(
      '<tr><td>Clicked a link</td><td>clicked</td><td>Email link clicked, URL matches &quot;*/pricing*&quot;</td>' +
        '<td>+5</td><td>at most 15</td><td>last 30 days</td></tr>',
    );
    expect(page).toContain(
      '<li>Create a CRM task for the owner: &quot;Call this lead&quot;, due in 1 day</li>',
    );
    expect(renderModelHtml(input)).toBe(page);
  });

  it('escapes everything taken from the model', () => {
    const hostile = modelOf({
      name: `<img src=x onerror="alert('x')">`,
      halfLifeDays: null,
      rules: [{ id: 'r', label: 'Tom & Jerry', kind: 'event', event: 'email_replied', points: 1 }],
      thresholds: [
        {
          id: 't',
          label: '<b>',
          score: 1,
          hysteresis: 0,
          direction: 'up',
          actions: [{ type: 'webhook', url: 'https://h.example.com/?a=1&b="2"' }],
        },
      ],
    });
    const page = renderModelHtml({ ...input, model: hostile });
    expect(page).not.toMatch(/<img|<b>|onerror="/);
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;');
    expect(page).toContain('<td>Tom &amp; Jerry</td>');
    expect(page).toContain('<h3>Actions: &lt;b&gt;</h3>');
  });
});
