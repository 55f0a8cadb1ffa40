import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  enrollmentStatuses,
  isLive,
  sampleTriggers,
  transition,
  transitionTable,
} from '../../../src/domain/sequences/machine';

describe('enrollment state machine', () => {
  it('the README table is exactly the transition function', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const block = readme.split('<!-- transitions:start -->')[1]?.split('<!-- transitions:end -->')[0] ?? '';
    const documented = block
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| From'))
      .map((l) =>
        l
          .split('|')
          .slice(1, 4)
          .map((c) => c.trim())
          .join(' '),
      );
    const code = transitionTable().map((r) => `${r.from} ${r.to} ${r.trigger}`);
    expect(documented.sort()).toEqual(code.sort());
  });

  it('terminal states accept no trigger', () => {
    for (const status of enrollmentStatuses.filter((s) => !isLive(s))) {
      for (const trigger of Object.values(sampleTriggers)) {
        expect(transition({ status, pauseReason: null }, trigger).ok).toBe(false);
      }
    }
  });

  it('pause keeps the reason; resume clears it', () => {
    const paused = transition({ status: 'active', pauseReason: null }, { type: 'pause', reason: 'ooo' });
    expect(paused).toEqual({ ok: true, state: { status: 'paused', pauseReason: 'ooo' } });
    const resumed = transition({ status: 'paused', pauseReason: 'ooo' }, { type: 'resume' });
    expect(resumed).toEqual({ ok: true, state: { status: 'active', pauseReason: null } });
  });

  it('a paused enrollment cannot advance or complete (its job is stale)', () => {
    expect(transition({ status: 'paused', pauseReason: 'manual' }, { type: 'advance' }).ok).toBe(false);
    expect(transition({ status: 'paused', pauseReason: 'manual' }, { type: 'complete' }).ok).toBe(false);
  });
});
