import {
  Button,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  Text,
} from '@hubspot/ui-extensions';
import { useCallback, useEffect, useState } from 'react';
import {
  type CardAction,
  type CardData,
  type CardFetcher,
  type CardRef,
  cardUrl,
  parseCardData,
} from './card-data';
import { EnrollmentsTable } from './EnrollmentsTable';
import { ScoreSection } from './ScoreSection';

type State =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; data: CardData; busy: string | null; actionError: string | null };

/** An answer the card can render, or the reason it cannot (the backend's own error message if any). */
async function readCard(res: Response): Promise<{ data: CardData } | { error: string }> {
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (json as { error?: { message?: unknown } } | null)?.error?.message;
    return { error: typeof message === 'string' ? message : `Tandem answered ${res.status}.` };
  }
  const data = parseCardData(json);
  return data ? { data } : { error: 'Tandem answered something this card does not understand.' };
}

/** The score card: loads the contact's card from Tandem and runs pause/resume/unenroll against it. */
export function TandemCard({ fetcher, ...ref }: CardRef & { fetcher: CardFetcher }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const { portalId, objectId } = ref;

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const result = await readCard(await fetcher(cardUrl('/hubspot/card', { portalId, objectId })));
      setState(
        'data' in result
          ? { kind: 'ready', data: result.data, busy: null, actionError: null }
          : { kind: 'failed', message: result.error },
      );
    } catch {
      setState({ kind: 'failed', message: 'Tandem could not be reached.' });
    }
  }, [fetcher, portalId, objectId]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (action: CardAction, enrollmentId: string) => {
    if (state.kind !== 'ready') return;
    const before = state.data;
    setState({ kind: 'ready', data: before, busy: enrollmentId, actionError: null });
    let result: { data: CardData } | { error: string };
    try {
      const res = await fetcher(cardUrl('/hubspot/card/actions', { portalId, objectId }), {
        method: 'POST',
        body: { action, enrollmentId },
      });
      result = await readCard(res);
    } catch {
      result = { error: 'Tandem could not be reached.' };
    }
    setState(
      'data' in result
        ? { kind: 'ready', data: result.data, busy: null, actionError: null }
        : { kind: 'ready', data: before, busy: null, actionError: result.error },
    );
  };

  if (state.kind === 'loading') return <LoadingSpinner label="Loading Tandem" layout="centered" />;
  if (state.kind === 'failed') {
    return (
      <ErrorState title="The Tandem card could not load">
        <Text>{state.message}</Text>
        <Button testId="retry" onClick={() => void load()}>
          Try again
        </Button>
      </ErrorState>
    );
  }
  const { data } = state;
  if (data.status !== 'ok') {
    return (
      <EmptyState title={data.status === 'not_installed' ? 'Tandem is not connected' : 'Not in Tandem yet'}>
        <Text>{data.message}</Text>
      </EmptyState>
    );
  }
  return (
    <Flex direction="column" gap="md">
      <ScoreSection score={data.score} />
      <Divider />
      <Heading>Sequences</Heading>
      {state.actionError ? (
        <Text testId="action-error" format={{ fontWeight: 'bold' }}>
          {state.actionError}
        </Text>
      ) : null}
      <EnrollmentsTable
        enrollments={data.enrollments}
        busy={state.busy}
        onAction={(a, id) => void act(a, id)}
      />
    </Flex>
  );
}
