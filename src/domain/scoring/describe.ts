import { assertNever } from '../result';
import type {
  EventRule,
  PropertyRule,
  ScoreEventType,
  ScoreRule,
  ThresholdAction,
  ThresholdDirection,
} from './model';
import { formatPoints } from './points';

/** Plain-text phrases shared by the model document and score explanations (callers escape). */
export function describeEventType(event: ScoreEventType): string {
  switch (event) {
    case 'email_opened_human':
      return 'Email opened by a person';
    case 'email_clicked':
      return 'Email link clicked';
    case 'email_replied':
      return 'Email replied';
    case 'page_visited':
      return 'Page visited';
    case 'form_submitted':
      return 'Form submitted';
    case 'meeting_booked':
      return 'Meeting booked';
    case 'unsubscribed':
      return 'Unsubscribed';
    case 'bounced':
      return 'Email bounced';
    case 'complained':
      return 'Marked as spam';
    default:
      return assertNever(event);
  }
}

export function describeRuleCondition(rule: ScoreRule): string {
  return rule.kind === 'event' ? describeEventCondition(rule) : describePropertyCondition(rule);
}

function describeEventCondition(rule: EventRule): string {
  const parts = [describeEventType(rule.event)];
  if (rule.match?.urlPattern !== undefined) parts.push(`URL matches "${rule.match.urlPattern}"`);
  if (rule.match?.pagePath !== undefined) parts.push(`page path matches "${rule.match.pagePath}"`);
  if (rule.match?.formId !== undefined) parts.push(`form "${rule.match.formId}"`);
  return parts.join(', ');
}

function describePropertyCondition(rule: PropertyRule): string {
  const name = `Property ${rule.property}`;
  switch (rule.op) {
    case 'equals':
      return `${name} equals ${quote(rule.value)}`;
    case 'contains':
      return `${name} contains ${quote(rule.value)}`;
    case 'in':
      return `${name} is one of ${rule.value.map(quote).join(', ')}`;
    case 'gte':
      return `${name} is at least ${rule.value}`;
    case 'lte':
      return `${name} is at most ${rule.value}`;
    case 'matches':
      return `${name} matches "${rule.value}"`;
    default:
      return assertNever(rule);
  }
}

export function describeCap(rule: ScoreRule): string {
  return rule.kind === 'event' && rule.maxPoints !== undefined
    ? `at most ${formatPoints(rule.maxPoints)}`
    : '-';
}

export function describeWindow(rule: ScoreRule): string {
  if (rule.kind === 'property') return 'while true';
  const window = rule.withinDays === undefined ? 'all time' : `last ${rule.withinDays} days`;
  return rule.decay === false ? `${window}, no decay` : window;
}

export function describeDirection(direction: ThresholdDirection): string {
  switch (direction) {
    case 'up':
      return 'rising';
    case 'down':
      return 'falling';
    case 'both':
      return 'rising and falling';
    default:
      return assertNever(direction);
  }
}

export function describeAction(action: ThresholdAction): string {
  switch (action.type) {
    case 'crm_task': {
      const due = action.dueInDays === undefined ? '' : `, due in ${plural(action.dueInDays, 'day')}`;
      return `Create a CRM task for the owner: "${action.subject}"${due}`;
    }
    case 'set_lifecycle':
      return `Set lifecycle stage to "${action.stage}"`;
    case 'set_lead_status':
      return `Set lead status to "${action.status}"`;
    case 'enroll':
      return `Enroll in sequence ${action.sequenceId}`;
    case 'exit_sequence':
      return `Exit sequence ${action.sequenceId}`;
    case 'webhook':
      return `Call webhook ${action.url}`;
    default:
      return assertNever(action);
  }
}

export function describeDecay(halfLifeDays: number | null): string {
  if (halfLifeDays === null || halfLifeDays <= 0) return 'No decay: event points keep their full value.';
  return `Event points halve every ${plural(halfLifeDays, 'day')} of age (half-life); property points do not decay.`;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function quote(value: string | number | boolean): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}
