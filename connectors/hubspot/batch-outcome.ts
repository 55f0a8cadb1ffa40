import type { CrmError, CrmResult } from '../contract';

/** What a batch call gives: the call's own failure, or one outcome per input, in input order. */
export type BatchOutcome<T> = CrmResult<Array<CrmResult<T>>>;

/** Errors a single bad input can cause; a batch failing so is retried one input at a time. */
const ONE_BAD_INPUT: ReadonlySet<CrmError['code']> = new Set(['invalid', 'not_found', 'conflict']);

function isolatable(error: CrmError, inputs: number): boolean {
  return inputs > 1 && !error.retryable && ONE_BAD_INPUT.has(error.code);
}

/** A StandardError of a 207 answer: which ids it names (`context.ids`). */
type StandardError = { message?: string; category?: string; context?: Record<string, string[] | undefined> };

/** Per-input failures a 207 (multi-status) answer listed, by the id HubSpot was given. */
export function failedIds(errors: StandardError[] | undefined): Map<string, CrmError> {
  const out = new Map<string, CrmError>();
  for (const e of errors ?? []) {
    const error: CrmError = {
      code: e.category === 'OBJECT_NOT_FOUND' ? 'not_found' : 'invalid',
      retryable: false,
      message: e.message ?? 'HubSpot refused this input',
    };
    for (const id of e.context?.ids ?? []) out.set(id, error);
  }
  return out;
}

/**
 * Runs `batch`; when it fails in a way one bad input explains, runs `single` for each input so
 * the good ones still go through and only the bad one fails.
 */
export async function withIsolation<I, T>(
  inputs: I[],
  batch: (inputs: I[]) => Promise<BatchOutcome<T>>,
  single: (input: I) => Promise<CrmResult<T>>,
): Promise<BatchOutcome<T>> {
  const whole = await batch(inputs);
  if (whole.ok || !isolatable(whole.error, inputs.length)) return whole;
  const each: Array<CrmResult<T>> = [];
  for (const input of inputs) each.push(await single(input));
  return { ok: true, value: each };
}
