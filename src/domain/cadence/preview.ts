import { applyDelay, type Delay } from './delay';
import { formatLocal } from './local-time';
import { nextAllowedSlot } from './next-slot';
import { planSendTime } from './plan';
import type { Reason } from './reasons';
import { dayRulesFor } from './sending-day';
import { applyWindowOverride, type CadenceSettings, type SendWindow } from './settings';
import type { ZoneSource } from './zone';

export type PreviewStepKind = 'email' | 'task' | 'wait' | 'branch' | 'update_crm';

export interface PreviewStep {
  key: string;
  kind: PreviewStepKind;
  delay: Delay;
  windowOverride?: Partial<SendWindow> | undefined;
}

export interface PreviewInput {
  /** The default path, in order (a branch is assumed to take its default path). */
  steps: readonly PreviewStep[];
  /** Enrollment time; also the simulated "now". */
  start: Date;
  zone: string;
  zoneSource: ZoneSource;
  country?: string | null | undefined;
  region?: string | null | undefined;
  settings: CadenceSettings;
  /** Mails this contact already has from other sequences (sent or scheduled). */
  existingSends: readonly Date[];
  jitterKey: string;
}

export interface PreviewEntry {
  stepKey: string;
  kind: PreviewStepKind;
  at: Date;
  local: string;
  reasons: Reason[];
}

/**
 * The timeline a contact would get, computed with the same plan and gate as real sends. Emails
 * (and tasks, when they count toward the cap) are gated and added to the simulated sends; waits,
 * branches and CRM updates happen at previous + delay, outside any window.
 */
export function previewSequence(input: PreviewInput): PreviewEntry[] {
  const { settings } = input;
  const sends = [...input.existingSends];
  const entries: PreviewEntry[] = [];
  let previous = input.start;
  for (const step of input.steps) {
    const window = applyWindowOverride(settings.window, step.windowOverride);
    const base = {
      now: input.start,
      previousAt: previous,
      delay: step.delay,
      zone: input.zone,
      zoneSource: input.zoneSource,
      window,
      excludeHolidays: settings.excludeHolidays,
      weekend: settings.weekend,
      country: input.country,
      region: input.region,
      jitterKey: input.jitterKey,
    };
    const gated = step.kind === 'email' || (step.kind === 'task' && settings.countTasksTowardCap);
    let at: Date;
    let reasons: Reason[];
    if (gated) {
      const slot = nextAllowedSlot({
        ...base,
        recentSends: sends,
        minSpacingHours: settings.minSpacingHours,
        cap: settings.cap,
      });
      sends.push(slot.at);
      ({ at, reasons } = slot);
    } else if (step.kind === 'task') {
      ({ at, reasons } = planSendTime(base));
    } else {
      const rules = dayRulesFor({ ...base, days: window.days });
      const delayed = applyDelay(previous, step.delay, input.zone, rules);
      at = new Date(delayed.base);
      reasons = delayed.reasons;
    }
    entries.push({
      stepKey: step.key,
      kind: step.kind,
      at,
      local: formatLocal(at.getTime(), input.zone),
      reasons,
    });
    previous = at;
  }
  return entries;
}
