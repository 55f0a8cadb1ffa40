import { describe, expect, it } from 'vitest';
import { explainNextStep, type WhyInput } from '../../../src/services/crm/card-why';

const due = new Date('2026-03-06T14:30:00Z');
const base: WhyInput = {
  status: 'active',
  pauseReason: null,
  pausedUntil: null,
  stepDueAt: due,
  delay: { amount: 1, unit: 'business_days' },
  firstStep: false,
  scheduled: {
    type: 'step_scheduled',
    reason: 'after first',
    data: {
      zone: 'Europe/Berlin',
      zoneSource: 'inferred',
      reasons: ['weekend', 'outside_window', 'new_code'],
    },
  },
};

describe('why the next step goes out when it does', () => {
  it('reads the planner codes, the delay and the zone, and shows the contact-local time', () => {
    expect(explainNextStep(base)).toEqual({
      nextStepAt: '2026-03-06T14:30:00.000Z',
      local: 'Fri 6 Mar 2026, 15:30',
      timeZone: 'Europe/Berlin',
      why: [
        'Waits 1 business day after the previous step.',
        'Weekends are skipped.',
        "Moved into the sending window in the contact's time zone.",
        'new_code',
        'Planned in Europe/Berlin (inferred from country and region).',
      ],
    });
  });

  it("prefers the gate's recorded details over codes, and says it was held back at send time", () => {
    const why = explainNextStep({
      ...base,
      scheduled: {
        type: 'send_gated',
        reason: 'spacing',
        data: {
          zone: 'Europe/Berlin',
          reasons: ['spacing'],
          details: [{ code: 'spacing', detail: '4 h after X' }],
        },
      },
    }).why;
    expect(why).toEqual(['Held back at send time: spacing.', '4 h after X', 'Planned in Europe/Berlin.']);
  });

  it('explains a pause, with the automatic resume time when there is one', () => {
    const until = new Date('2026-03-10T08:00:00Z');
    expect(explainNextStep({ ...base, status: 'paused', pauseReason: 'ooo', pausedUntil: until })).toEqual({
      nextStepAt: null,
      local: null,
      timeZone: null,
      why: ['Paused: the contact is out of office.', 'Resumes on its own at 2026-03-10T08:00:00.000Z.'],
    });
    expect(explainNextStep({ ...base, status: 'paused', pauseReason: 'deal_in_progress' }).why).toEqual([
      'Paused: a deal with this contact is in progress.',
    ]);
  });

  it('never invents a time: no due step means no next step, an unknown zone no local time', () => {
    expect(explainNextStep({ ...base, stepDueAt: null })).toMatchObject({ nextStepAt: null, why: [] });
    const odd = explainNextStep({
      ...base,
      delay: null,
      scheduled: { type: 'requeued', reason: 'x', data: { zone: 'Mars/Base' } },
    });
    expect(odd.local).toBeNull();
    expect(odd.why).toEqual(['Re-queued after its job went missing.', 'Planned in Mars/Base.']);
  });
});
