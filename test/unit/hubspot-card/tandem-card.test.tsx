import {
  Button,
  EmptyState,
  ErrorState,
  LoadingSpinner,
  StatisticsItem,
  StatisticsTrend,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { TandemCard } from '../../../manifest/hubspot/src/app/cards/TandemCard';
import { cardServer, fetcher, okCard, pausedCard } from './fixtures';

let stop: () => void = () => {};
afterEach(() => stop());

function start(...args: Parameters<typeof cardServer>) {
  const backend = cardServer(...args);
  stop = () => backend.server.close();
  return backend;
}

/** Every Text under a node: element nodes with element children have no `text` of their own. */
const texts = (node: { findAll: (c: typeof Text) => Array<{ text: string | null }> } | undefined) =>
  (node?.findAll(Text) ?? []).map((t) => t.text);

function renderCard() {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<TandemCard portalId={123} objectId={501} fetcher={fetcher} />);
  return renderer;
}

describe('the Tandem score card', () => {
  it('shows a spinner, then score, band, trend, reasons and each enrollment with when and why', async () => {
    const { seen } = start(() => okCard);
    const r = renderCard();
    expect(r.find(LoadingSpinner).props.label).toBe('Loading Tandem');
    await r.waitFor(() => expect(r.maybeFind(StatisticsItem)).not.toBeNull());

    expect(seen[0]?.url).toBe('https://tandem.example.com/hubspot/card?portalId=123&objectId=501');
    expect(r.find(StatisticsItem).props.number).toBe(42);
    expect(r.find(StatisticsTrend).props).toMatchObject({
      direction: 'increase',
      value: '15 points in 7 days',
    });
    expect(r.findByTestId(Tag, 'band').text).toBe('Warm');
    expect(r.find(Text, (n) => n.text === '8 points to MQL')).toBeTruthy();
    for (const reason of okCard.score?.reasons ?? [])
      expect(r.find(Text, (n) => n.text === reason)).toBeTruthy();

    const rows = r.findAll(TableRow);
    expect(rows).toHaveLength(2); // header + one enrollment
    expect(r.findByTestId(Text, 'next-enr_1').text).toBe('Wed 4 Mar 2026, 09:00 (America/New_York)');
    expect(texts(rows[1])).toEqual(
      expect.arrayContaining(['Trial follow-up', 'Step 2 of 3', 'The delay counts business days only.']),
    );
    expect(rows[1]?.findAll(Button).map((b) => b.text)).toEqual(['Pause', 'Unenroll']);
  });

  it('pauses through POST /hubspot/card/actions and re-renders from the answer', async () => {
    const { seen } = start(
      () => okCard,
      () => pausedCard,
    );
    const r = renderCard();
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'pause-enr_1')).not.toBeNull());
    r.findByTestId(Button, 'pause-enr_1').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'resume-enr_1')).not.toBeNull());

    expect(seen[1]).toEqual({
      method: 'POST',
      url: 'https://tandem.example.com/hubspot/card/actions?portalId=123&objectId=501',
      body: { action: 'pause', enrollmentId: 'enr_1' },
    });
    expect(r.findByTestId(Text, 'next-enr_1').text).toBe('Paused');
    expect(texts(r.findAll(TableRow)[1])).toContain('Paused by a person.');
  });

  it('keeps the card and says why when an action is refused', async () => {
    start(
      () => okCard,
      () =>
        HttpResponse.json(
          {
            error: { code: 'invalid_transition', message: 'Not possible while the enrollment is completed' },
          },
          { status: 409 },
        ),
    );
    const r = renderCard();
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'unenroll-enr_1')).not.toBeNull());
    r.findByTestId(Button, 'unenroll-enr_1').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Text, 'action-error')).not.toBeNull());
    expect(r.findByTestId(Text, 'action-error').text).toBe('Not possible while the enrollment is completed');
    expect(r.findByTestId(Button, 'pause-enr_1').props.disabled).toBe(false);
  });

  it('renders the empty state for a contact Tandem does not know', async () => {
    start(() => ({ status: 'unknown_contact', message: 'Tandem has not synced this contact yet.' }));
    const r = renderCard();
    await r.waitFor(() => expect(r.maybeFind(EmptyState)).not.toBeNull());
    expect(r.find(EmptyState).props.title).toBe('Not in Tandem yet');
    expect(texts(r.find(EmptyState))).toEqual(['Tandem has not synced this contact yet.']);
  });

  it('shows an error state with the reason, and retries', async () => {
    let calls = 0;
    start(() => {
      calls += 1;
      return calls === 1
        ? HttpResponse.json(
            { error: { code: 'unauthorized', message: 'HubSpot signature rejected' } },
            { status: 401 },
          )
        : okCard;
    });
    const r = renderCard();
    await r.waitFor(() => expect(r.maybeFind(ErrorState)).not.toBeNull());
    expect(texts(r.find(ErrorState))).toContain('HubSpot signature rejected');
    r.findByTestId(Button, 'retry').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFind(StatisticsItem)).not.toBeNull());
    expect(calls).toBe(2);
  });

  it('treats an answer of the wrong shape as an error, not a crash', async () => {
    start(() => HttpResponse.json({ status: 'ok', contact: {}, enrollments: [{ id: 1 }], score: null }));
    const r = renderCard();
    await r.waitFor(() => expect(r.maybeFind(ErrorState)).not.toBeNull());
    expect(texts(r.find(ErrorState))[0]).toMatch(/does not understand/);
  });

  it('says so when no scoring model is published and the contact is in no sequence', async () => {
    start(() => ({ ...okCard, score: null, enrollments: [] }));
    const r = renderCard();
    await r.waitFor(() =>
      expect(r.maybeFind(Text, (n) => n.text?.includes('No scoring model') ?? false)).not.toBeNull(),
    );
    expect(r.maybeFind(Text, (n) => n.text === 'Not in any Tandem sequence right now.')).not.toBeNull();
  });
});
