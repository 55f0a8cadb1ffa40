import { describe, expect, it } from 'vitest';
import {
  contactEffect,
  type DealStageSettings,
  dealStageAction,
  type Pipeline,
  stageKind,
  toDealStageSettings,
} from '../../../src/domain/crm/deal-rules';
import { checkDealStagePatch, mergeDealStagePatch } from '../../../src/domain/crm/deal-settings';

const sales: Pipeline = {
  id: 'default',
  stages: [
    { id: 'appointmentscheduled', label: 'Appointment scheduled', closed: false, won: false },
    { id: 'contractsent', label: 'Contract sent', closed: false, won: false },
    { id: 'closedwon', label: 'Closed won', closed: true, won: true },
    { id: 'closedlost', label: 'Closed lost', closed: true, won: false },
  ],
};
const renewals: Pipeline = {
  id: 'renewals',
  stages: [
    { id: 'r-open', label: 'Renewal due', closed: false, won: false },
    { id: 'r-lost', label: 'Churned', closed: true, won: false },
  ],
};
const defaults = toDealStageSettings(undefined);
const settings = (stored: unknown): DealStageSettings => toDealStageSettings(stored);
const action = (s: DealStageSettings, p: Pipeline | undefined, stageId: string, sequenceLost?: unknown) =>
  dealStageAction({ settings: s, pipeline: p, stageId, sequenceLost });

describe('deal stage actions: defaults', () => {
  it('every open stage of every pipeline pauses, closed-won exits, closed-lost resumes', () => {
    expect(action(defaults, sales, 'appointmentscheduled')).toBe('pause');
    expect(action(defaults, sales, 'contractsent')).toBe('pause');
    expect(action(defaults, renewals, 'r-open')).toBe('pause');
    expect(action(defaults, sales, 'closedwon')).toBe('exit_won');
    expect(action(defaults, sales, 'closedlost')).toBe('lost_resume');
    expect(action(defaults, renewals, 'r-lost')).toBe('lost_resume');
  });

  it('an unknown pipeline or stage does nothing (we cannot tell open from lost)', () => {
    expect(action(defaults, undefined, 'closedlost')).toBe('none');
    expect(action(defaults, sales, 'not-a-stage')).toBe('none');
  });

  it('unreadable stored settings fall back to the defaults', () => {
    expect(settings({ pipelines: { default: { lost: 'maybe' } } })).toEqual(defaults);
    expect(settings('nonsense')).toEqual(defaults);
  });
});

describe('deal stage actions: settings', () => {
  it('lost exits per pipeline; a sequence override wins either way', () => {
    const s = settings({ pipelines: { default: { lost: 'exit' } } });
    expect(action(s, sales, 'closedlost')).toBe('lost_exit');
    expect(action(s, renewals, 'r-lost')).toBe('lost_resume'); // other pipelines keep the default
    expect(action(s, sales, 'closedlost', 'resume')).toBe('lost_resume');
    expect(action(defaults, sales, 'closedlost', 'exit')).toBe('lost_exit');
    expect(action(defaults, sales, 'closedlost', 'whatever')).toBe('lost_resume'); // unreadable: ignored
    expect(action(s, sales, 'closedwon', 'resume')).toBe('exit_won'); // the override is about lost only
  });

  it('a pipeline may opt out, single stages may be none or re-kinded, and everything may be off', () => {
    const optOut = settings({ pipelines: { renewals: { enabled: false } } });
    expect(action(optOut, renewals, 'r-open')).toBe('none');
    expect(action(optOut, renewals, 'r-lost')).toBe('none');
    expect(action(optOut, sales, 'contractsent')).toBe('pause');
    const stages = settings({
      pipelines: { default: { stages: { appointmentscheduled: 'none', contractsent: 'won' } } },
    });
    expect(action(stages, sales, 'appointmentscheduled')).toBe('none');
    expect(action(stages, sales, 'contractsent')).toBe('exit_won');
    expect(action(stages, sales, 'closedwon')).toBe('exit_won');
    const off = settings({ enabled: false });
    expect(stageKind(off, sales, 'contractsent')).toBe('none');
    expect(stageKind(off, sales, 'closedwon')).toBe('none');
  });
});

describe('a deal move, seen by one contact', () => {
  it('only a change of kind acts', () => {
    expect(contactEffect('none', 'pause')).toBe('pause');
    expect(contactEffect('pause', 'pause')).toBe('none'); // open stage to open stage
    expect(contactEffect('pause', 'won')).toBe('won');
    expect(contactEffect('pause', 'lost')).toBe('lost');
    expect(contactEffect('lost', 'lost')).toBe('none');
    expect(contactEffect('lost', 'pause')).toBe('pause'); // reopened
    expect(contactEffect('won', 'pause')).toBe('pause');
  });

  it('leaving a pausing stage for an ignored one (or being unlinked) releases', () => {
    expect(contactEffect('pause', 'none')).toBe('release');
    expect(contactEffect('won', 'none')).toBe('none');
    expect(contactEffect('none', 'none')).toBe('none');
  });
});

describe('deal stage settings patch', () => {
  it('merges: absent keys kept, null drops a stage override or a pipeline', () => {
    const a = mergeDealStagePatch(defaults, {
      pipelines: { default: { lost: 'exit', stages: { contractsent: 'none' } } },
    });
    expect(a).toEqual({
      enabled: true,
      pipelines: { default: { enabled: true, lost: 'exit', stages: { contractsent: 'none' } } },
    });
    const b = mergeDealStagePatch(a, { pipelines: { default: { stages: { contractsent: null } } } });
    expect(b.pipelines.default).toEqual({ enabled: true, lost: 'exit', stages: {} });
    expect(mergeDealStagePatch(b, { enabled: false, pipelines: { default: null } })).toEqual({
      enabled: false,
      pipelines: {},
    });
  });

  it('unknown pipelines and stages, and a pausing closed stage, are issues with their path', () => {
    const pipelines = [sales, renewals];
    expect(
      checkDealStagePatch({ pipelines: { default: { stages: { contractsent: 'none' } } } }, pipelines),
    ).toEqual([]);
    expect(
      checkDealStagePatch(
        {
          pipelines: {
            nope: { lost: 'exit' },
            default: { stages: { ghost: 'none', closedwon: 'pause', closedlost: 'won' } },
          },
        },
        pipelines,
      ).map((i) => i.path),
    ).toEqual(['pipelines.nope', 'pipelines.default.stages.ghost', 'pipelines.default.stages.closedwon']);
    // Removing the rules of a pipeline the CRM no longer has is allowed.
    expect(checkDealStagePatch({ pipelines: { gone: null } }, pipelines)).toEqual([]);
  });
});

describe('ids from outside are plain keys', () => {
  it('a stage or pipeline called "constructor" or "__proto__" finds no inherited rule', () => {
    const odd: Pipeline = {
      id: 'constructor',
      stages: [
        { id: 'toString', label: 'Open', closed: false, won: false },
        { id: '__proto__', label: 'Lost', closed: true, won: false },
      ],
    };
    expect(stageKind(defaults, odd, 'toString')).toBe('pause');
    expect(stageKind(defaults, odd, '__proto__')).toBe('lost');
    const merged = mergeDealStagePatch(defaults, JSON.parse('{"pipelines":{"__proto__":{"lost":"exit"}}}'));
    expect(Object.getPrototypeOf(merged.pipelines)).toBe(Object.prototype); // nothing polluted
    expect(({} as Record<string, unknown>).lost).toBeUndefined();
  });
});
