import reasonsData from './cues/bounce/reasons.json' with { type: 'json' };
import statusData from './cues/bounce/status-codes.json' with { type: 'json' };
import systemsData from './cues/bounce/systems.json' with { type: 'json' };
import type { InboundFlag } from './types';

/**
 * Compiles the bounce cue data (cues/bounce/*.json: reasons with their phrases, status codes, and the
 * phrases of each mail system) into matchers. Pure: the data is imported statically, nothing is read
 * at run time. The facts come from Sisimai (BSD-2-Clause); see the `about` field of each file.
 */
/**
 * `withStatus`: the system writes that phrase with that status code, and the message has both.
 * `ownReport`: the phrase is that system's and the report carries the system's own opening line, so
 * the system wrote the report (Sisimai then takes the system's table as the reason).
 */
export type ReasonCue = {
  reason: string;
  cue: string;
  system?: string;
  withStatus?: boolean;
  ownReport?: boolean;
};

type ReasonEntry = {
  hard: boolean | 'permanent';
  flag?: string;
  contains?: string[];
  inOrder?: string[][];
  unless?: string[];
  patterns?: string[];
};
/** A phrase, or `[status prefix, phrase]` when the system writes it only with that status. */
type SystemPhrase = string | [string, string];
/** `decides`: the system's phrases name the reason whatever command was refused (its own codes). */
type SystemEntry = {
  writtenBy?: boolean;
  decides?: boolean;
  starts?: string[];
  reasons?: Record<string, SystemPhrase[]>;
};

type Matcher = { reason: string; test: (text: string) => string | undefined };

const REASONS = reasonsData.reasons as Record<string, ReasonEntry>;
export const REASON_ORDER: readonly string[] = reasonsData.order;
const STATUS = statusData.codes as Record<string, string>;
/** Status reasons that are only a first guess: the text may name a better one (Sisimai retries these). */
export const STATUS_IS_A_GUESS: ReadonlySet<string> = new Set(reasonsData.statusIsAGuess);
/** Reasons whose phrases outrank a user-unknown status (5.1.1 said with "mailbox full" is full). */
export const OUTRANK_USER_UNKNOWN_STATUS: ReadonlySet<string> = new Set(reasonsData.outrankUserUnknownStatus);
const SYSTEMS = systemsData.systems as unknown as Record<string, SystemEntry>;

/** Lower case, one space between words: how the fragments are written. */
export function squeeze(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

/** Every fragment present, each after the one before it. */
function inOrder(text: string, fragments: string[]): boolean {
  let at = 0;
  for (const fragment of fragments) {
    const found = text.indexOf(fragment, at);
    if (found < 0) return false;
    at = found + fragment.length;
  }
  return true;
}

function compile(reason: string, entry: ReasonEntry): Matcher {
  const patterns = (entry.patterns ?? []).map((source) => new RegExp(source, 'i'));
  return {
    reason,
    test(text) {
      if (entry.unless?.some((fragment) => text.includes(fragment))) return undefined;
      const plain = entry.contains?.find((fragment) => text.includes(fragment));
      if (plain) return plain;
      const pair = entry.inOrder?.find((fragments) => inOrder(text, fragments));
      if (pair) return pair.join(' ... ');
      for (const pattern of patterns) {
        const match = pattern.exec(text)?.[0];
        if (match) return match;
      }
      return undefined;
    },
  };
}

const GENERIC = REASON_ORDER.flatMap((reason) => {
  const entry = REASONS[reason];
  return entry ? [compile(reason, entry)] : [];
});

const BY_SYSTEM = Object.entries(SYSTEMS).flatMap(([system, entry]) =>
  Object.entries(entry.reasons ?? {}).flatMap(([reason, phrases]) =>
    phrases.map((phrase) => {
      const [status, text] = typeof phrase === 'string' ? ['', phrase] : phrase;
      return { system, reason, status, text };
    }),
  ),
);

/**
 * The reason a mail system's own phrase names, checked before the generic phrases (more specific).
 * `report` is the whole explanation, where a system that writes reports leaves its opening line.
 */
export function systemReasonIn(text: string, status: string | undefined, report = ''): ReasonCue | undefined {
  const squeezed = squeeze(text);
  const whole = squeeze(`${text}\n${report}`);
  const wrote = (system: string) => {
    const entry = SYSTEMS[system];
    if (entry?.decides) return true;
    return Boolean(entry?.writtenBy && entry.starts?.some((start) => whole.includes(start)));
  };
  // A phrase tied to the message's status code is the most specific match; then plain phrases, those
  // of the system that wrote the report first (Notes and Domino share phrases).
  const plain = BY_SYSTEM.filter((e) => e.status === '' && squeezed.includes(e.text));
  const found =
    BY_SYSTEM.find((e) => e.status !== '' && status?.startsWith(e.status) && squeezed.includes(e.text)) ??
    plain.find((e) => wrote(e.system)) ??
    plain[0];
  if (!found) return undefined;
  const ownReport = wrote(found.system);
  return {
    reason: found.reason,
    cue: found.text,
    system: found.system,
    withStatus: found.status !== '',
    ...(ownReport ? { ownReport } : {}),
  };
}

/** Every generic reason the text names, in REASON_ORDER. */
export function reasonsIn(text: string): ReasonCue[] {
  const squeezed = squeeze(text);
  return GENERIC.flatMap((matcher) => {
    const cue = matcher.test(squeezed);
    return cue ? [{ reason: matcher.reason, cue }] : [];
  });
}

export function reasonOfStatus(status: string | undefined): string | undefined {
  return status ? STATUS[status] : undefined;
}

/** Hard means the address itself is bad; `notaccept` (the domain takes no mail) only when permanent. */
export function isHardReason(reason: string, permanent: boolean): boolean {
  const hard = REASONS[reason]?.hard ?? false;
  return hard === 'permanent' ? permanent : hard;
}

export function flagOfReason(reason: string): InboundFlag | undefined {
  return REASONS[reason]?.flag as InboundFlag | undefined;
}

/** Lines where a mail system starts its explanation (a bounce mark when the sender is unknown). */
export const EXPLANATION_STARTS: readonly string[] = [
  ...new Set(Object.values(SYSTEMS).flatMap((entry) => entry.starts ?? [])),
];
