import { describe, expect, it } from 'vitest';
import { checkGraph, type DraftStep, draftSchema, nextKey } from '../../../src/domain/sequences/definition';
import { checkMergeFields, renderMergeFields } from '../../../src/domain/sequences/merge-fields';

const steps = (raw: unknown[]): DraftStep[] => draftSchema.parse({ steps: raw }).steps;

describe('sequence definition', () => {
  it('walks the default path and branches', () => {
    const s = steps([
      { key: 'a', kind: 'email', templateId: 't' },
      { key: 'b', kind: 'branch', condition: { signal: 'clicked' }, ifTrue: 'd', ifFalse: 'c' },
      { key: 'c', kind: 'wait', next: null },
      { key: 'd', kind: 'task', subject: 'Call' },
    ]);
    expect(checkGraph(s)).toEqual([]);
    expect(nextKey(s, 'a')).toBe('b');
    expect(nextKey(s, 'b', true)).toBe('d');
    expect(nextKey(s, 'b', false)).toBe('c');
    expect(nextKey(s, 'c')).toBeNull();
    expect(nextKey(s, 'd')).toBeNull();
  });

  it('reports duplicate keys, unknown targets, cycles and unreachable steps', () => {
    expect(
      checkGraph(
        steps([
          { key: 'a', kind: 'wait' },
          { key: 'a', kind: 'wait' },
        ]),
      )[0]?.message,
    ).toContain('duplicate');
    expect(checkGraph(steps([{ key: 'a', kind: 'wait', next: 'zz' }]))[0]?.message).toContain(
      'unknown step "zz"',
    );
    const cycle = checkGraph(
      steps([
        { key: 'a', kind: 'wait' },
        { key: 'b', kind: 'wait', next: 'a' },
      ]),
    );
    expect(cycle[0]?.message).toContain('cycle: a -> b -> a');
    const orphan = checkGraph(
      steps([
        { key: 'a', kind: 'wait', next: null },
        { key: 'b', kind: 'wait' },
      ]),
    );
    expect(orphan[0]?.message).toContain('never be reached');
  });

  it('rejects bad shapes with a path', () => {
    const r = draftSchema.safeParse({ steps: [{ key: 'has space', kind: 'wait' }] });
    expect(r.success).toBe(false);
    expect(draftSchema.safeParse({ steps: [] }).success).toBe(false);
    expect(draftSchema.safeParse({ steps: [{ key: 'a', kind: 'fax' }] }).success).toBe(false);
  });
});

describe('merge fields', () => {
  it('needs a default for a field that can be empty', () => {
    expect(checkMergeFields('Hi {{contact.firstName}}')).toEqual([
      { field: 'contact.firstName', problem: 'needs_default', text: '{{contact.firstName}}' },
    ]);
    expect(checkMergeFields('Hi {{contact.firstName | "there"}} at {{contact.email}}')).toEqual([]);
    expect(checkMergeFields('{{contact.shoeSize | "x"}}')[0]?.problem).toBe('unknown_field');
    expect(checkMergeFields('{{ broken')).toEqual([]);
    expect(checkMergeFields('{{contact.firstName | there}}')[0]?.problem).toBe('malformed');
  });

  it('renders values and defaults, and refuses to leave a blank', () => {
    const r = renderMergeFields('Hi {{contact.firstName | "there"}}', { 'contact.firstName': '  ' });
    expect(r).toEqual({ ok: true, text: 'Hi there' });
    expect(renderMergeFields('Hi {{contact.firstName}}', {})).toEqual({
      ok: false,
      missing: ['contact.firstName'],
    });
    const html = renderMergeFields(
      '<b>{{contact.company | "x"}}</b>',
      { 'contact.company': '<script>' },
      (v) => v.replaceAll('<', '&lt;'),
    );
    expect(html).toEqual({ ok: true, text: '<b>&lt;script></b>' });
  });
});
