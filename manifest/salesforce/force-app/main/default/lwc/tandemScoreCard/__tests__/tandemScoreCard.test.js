import getCard from '@salesforce/apex/TandemCardController.getCard';
import runAction from '@salesforce/apex/TandemCardController.runAction';
import TandemScoreCard from 'c/tandemScoreCard';
import { createElement } from 'lwc';

// The Apex methods exist only in the org: mocked at their import, the card's only edge.
jest.mock('@salesforce/apex/TandemCardController.getCard', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/TandemCardController.runAction', () => ({ default: jest.fn() }), {
  virtual: true,
});

const RECORD_ID = '00Q000000000001EAA';

const enrollment = (over = {}) => ({
  id: 'enr-1',
  sequenceId: 'seq-1',
  sequenceName: 'Welcome',
  status: 'active',
  pauseReason: null,
  stepKey: 'intro',
  stepNumber: 2,
  stepCount: 3,
  nextStepAt: '2026-12-04T09:00:00.000Z',
  local: 'Fri 4 Dec, 10:00',
  timeZone: 'Europe/Paris',
  why: ['Waits 1 day after the previous step.'],
  actions: ['pause', 'unenroll'],
  ...over,
});

const okCard = (enrollments) =>
  JSON.stringify({
    status: 'ok',
    contact: { id: 'c1', email: 'ada@example.com', name: 'Ada Lovelace' },
    score: {
      value: 72,
      modelVersion: 3,
      band: { id: 'hot', label: 'Hot' },
      next: { label: 'Very hot', score: 90 },
      trend: { delta: 12, days: 7, direction: 'up' },
      reasons: ['Opened 3 emails', 'Visited pricing'],
      computedAt: '2026-12-03T08:00:00.000Z',
    },
    enrollments,
    generatedAt: '2026-12-03T08:00:00.000Z',
  });

// Apex promises resolve in a microtask; the re-render needs one more.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const text = (root, selector) => root.querySelector(selector)?.textContent ?? null;

function mount() {
  const element = createElement('c-tandem-score-card', { is: TandemScoreCard });
  element.recordId = RECORD_ID;
  document.body.appendChild(element);
  return element;
}

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
});

describe('c-tandem-score-card', () => {
  it('shows a spinner, then the score, band, reasons and enrollments', async () => {
    getCard.mockResolvedValue(okCard([enrollment()]));
    const element = mount();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    await settle();
    const root = element.shadowRoot;
    expect(getCard).toHaveBeenCalledWith({ recordId: RECORD_ID });
    expect(root.querySelector('lightning-spinner')).toBeNull();
    expect(text(root, '.value')).toBe('72');
    expect(text(root, '.band')).toBe('Hot');
    expect(text(root, '.trend')).toBe('▲ +12 in 7 days');
    expect(text(root, '.next')).toBe('18 to Very hot');
    expect([...root.querySelectorAll('.reasons li')].map((li) => li.textContent)).toEqual([
      'Opened 3 emails',
      'Visited pricing',
    ]);
    expect(text(root, '.sequence')).toBe('Welcome');
    expect(text(root, '.status')).toBe('Active');
    expect(text(root, '.step')).toBe('Step 2 of 3');
    expect(text(root, '.next-step')).toBe('Next step: Fri 4 Dec, 10:00 (Europe/Paris)');
    expect(text(root, '.why')).toBe('Waits 1 day after the previous step.');
    expect([...root.querySelectorAll('lightning-button.action')].map((b) => b.label)).toEqual([
      'Pause',
      'Unenroll',
    ]);
  });

  it('shows the empty state Tandem answers for a record it has not synced', async () => {
    getCard.mockResolvedValue(JSON.stringify({ status: 'unknown_contact', message: 'Not synced yet.' }));
    const element = mount();
    await settle();
    expect(text(element.shadowRoot, '.notice')).toBe('Not synced yet.');
    expect(element.shadowRoot.querySelector('.score')).toBeNull();
  });

  it('shows the Apex error text when the callout fails', async () => {
    getCard.mockRejectedValue({ body: { message: 'Tandem answered 401: Wrong secret' } });
    const element = mount();
    await settle();
    expect(text(element.shadowRoot, '.error')).toBe('Tandem answered 401: Wrong secret');
    expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
  });

  it('runs an action on the enrollment and shows the refreshed card Tandem answers', async () => {
    getCard.mockResolvedValue(okCard([enrollment()]));
    runAction.mockResolvedValue(
      okCard([
        enrollment({ status: 'paused', local: null, why: ['Paused by a person.'], actions: ['resume'] }),
      ]),
    );
    const element = mount();
    await settle();
    const pause = element.shadowRoot.querySelector('lightning-button.action');
    pause.dispatchEvent(new CustomEvent('click'));
    await settle();
    expect(runAction).toHaveBeenCalledWith({ recordId: RECORD_ID, action: 'pause', enrollmentId: 'enr-1' });
    const root = element.shadowRoot;
    expect(text(root, '.status')).toBe('Paused');
    expect(text(root, '.next-step')).toBe('Next step: Not planned');
    expect([...root.querySelectorAll('lightning-button.action')].map((b) => b.label)).toEqual(['Resume']);
  });

  it('keeps the card and shows the reason when an action is refused', async () => {
    getCard.mockResolvedValue(okCard([enrollment()]));
    runAction.mockRejectedValue({ body: { message: 'Tandem answered 409: Not possible while paused' } });
    const element = mount();
    await settle();
    element.shadowRoot.querySelector('lightning-button.action').dispatchEvent(new CustomEvent('click'));
    await settle();
    expect(text(element.shadowRoot, '.error')).toBe('Tandem answered 409: Not possible while paused');
    expect(text(element.shadowRoot, '.sequence')).toBe('Welcome');
  });

  it('reloads the card from the refresh button', async () => {
    getCard.mockResolvedValueOnce(okCard([])).mockResolvedValueOnce(okCard([enrollment()]));
    const element = mount();
    await settle();
    expect(text(element.shadowRoot, '.no-enrollments')).toBe('Not in any sequence.');
    element.shadowRoot.querySelector('lightning-button-icon.refresh').dispatchEvent(new CustomEvent('click'));
    await settle();
    expect(getCard).toHaveBeenCalledTimes(2);
    expect(text(element.shadowRoot, '.sequence')).toBe('Welcome');
  });
});
