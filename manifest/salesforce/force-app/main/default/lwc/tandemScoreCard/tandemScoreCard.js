import getCard from '@salesforce/apex/TandemCardController.getCard';
import runAction from '@salesforce/apex/TandemCardController.runAction';
import { api, LightningElement } from 'lwc';

// The same CardData as the HubSpot card (GET /salesforce/card), passed through Apex as a string.
const ACTION_LABELS = { pause: 'Pause', resume: 'Resume', unenroll: 'Unenroll' };
const TREND_ARROWS = { up: '▲', down: '▼', flat: '▬' };

/** Apex (AuraHandledException) and network errors carry their text in different places. */
export function errorText(error) {
  if (error?.body?.message) return error.body.message;
  if (Array.isArray(error?.body)) return error.body.map((e) => e.message).join(', ');
  return error?.message || 'Tandem could not be reached.';
}

function enrollmentView(e) {
  const step = e.stepNumber ? `Step ${e.stepNumber} of ${e.stepCount}` : `${e.stepCount} steps`;
  return {
    id: e.id,
    sequenceName: e.sequenceName,
    status: e.status === 'paused' ? 'Paused' : 'Active',
    step,
    nextStep: e.local ? `${e.local}${e.timeZone ? ` (${e.timeZone})` : ''}` : 'Not planned',
    why: (e.why ?? []).map((text, i) => ({ key: `${e.id}-why-${i}`, text })),
    actions: (e.actions ?? []).map((name) => ({ key: `${e.id}-${name}`, name, label: ACTION_LABELS[name] })),
  };
}

export default class TandemScoreCard extends LightningElement {
  @api recordId;
  card = null;
  error = null;
  loading = true;
  busy = false;

  connectedCallback() {
    this.load();
  }

  async load() {
    this.loading = true;
    try {
      this.show(await getCard({ recordId: this.recordId }));
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.loading = false;
    }
  }

  show(json) {
    this.card = JSON.parse(json);
    this.error = null;
  }

  async handleAction(event) {
    const { action, enrollment } = event.currentTarget.dataset;
    this.busy = true;
    try {
      // Tandem answers the refreshed card, so one callout both acts and refreshes.
      this.show(await runAction({ recordId: this.recordId, action, enrollmentId: enrollment }));
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = false;
    }
  }

  handleRefresh() {
    this.load();
  }

  get notice() {
    return this.card && this.card.status !== 'ok' ? this.card.message : null;
  }

  get ready() {
    return this.card?.status === 'ok';
  }

  get score() {
    const s = this.card?.score;
    if (!s) return null;
    const sign = s.trend.delta > 0 ? '+' : '';
    return {
      value: s.value,
      band: s.band ? s.band.label : 'No band',
      next: s.next ? `${s.next.score - s.value} to ${s.next.label}` : null,
      trend: `${TREND_ARROWS[s.trend.direction]} ${sign}${s.trend.delta} in ${s.trend.days} days`,
      reasons: s.reasons.map((text, i) => ({ key: `reason-${i}`, text })),
    };
  }

  get enrollments() {
    return (this.card?.enrollments ?? []).map(enrollmentView);
  }

  get hasEnrollments() {
    return this.enrollments.length > 0;
  }
}
