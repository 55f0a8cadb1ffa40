import { describe, expect, it } from 'vitest';
import { lifecycleMove } from '../../../src/domain/crm/lifecycle';

const stages = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'customer'].map(
  (value, displayOrder) => ({ value, displayOrder }),
);

describe('lifecycle stages move forward only', () => {
  it('writes a move forward, refuses a move back, skips a no-op', () => {
    expect(lifecycleMove(stages, 'lead', 'marketingqualifiedlead', false)).toEqual({ write: true });
    expect(lifecycleMove(stages, 'customer', 'marketingqualifiedlead', false)).toEqual({
      write: false,
      note: 'lifecycle kept at customer: marketingqualifiedlead would move it backward',
    });
    expect(lifecycleMove(stages, 'lead', 'lead', false)).toMatchObject({ write: false });
  });

  it('writes when allowed backward, or when the order or current stage is unknown', () => {
    expect(lifecycleMove(stages, 'customer', 'lead', true)).toEqual({ write: true });
    expect(lifecycleMove([], 'customer', 'lead', false)).toEqual({ write: true });
    expect(lifecycleMove(stages, null, 'lead', false)).toEqual({ write: true });
    expect(lifecycleMove(stages, 'customer', 'custom-stage', false)).toEqual({ write: true });
  });
});
