/**
 * What a permanent (5xx) SMTP refusal is about. `bad_recipient`: the address does not exist, the
 * same as a hard-bounce DSN. `policy`: the refusal is about us (reputation, policy, auth, relay),
 * so the contact must not be suppressed. `other`: any other permanent refusal.
 */
export type RefusalKind = 'bad_recipient' | 'policy' | 'other';
export type Refusal = { kind: RefusalKind; responseCode: number; enhancedCode: string | null };

const BAD_RECIPIENT_CODES = new Set(['5.1.0', '5.1.1', '5.1.2', '5.1.10']);
const BAD_RECIPIENT_TEXT =
  /user unknown|unknown user|no such user|mailbox unavailable|does not exist|doesn't exist/i;
// Checked first: a refusal that mentions us never suppresses the contact.
const POLICY_TEXT =
  /policy|blocked|block ?list|black ?list|spam|reputation|relay|authenticat|auth(entication)? required|not permitted|access denied|dnsbl|spamhaus/i;

function enhancedCodeOf(response: string): string | null {
  return /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(response.trim())?.[1] ?? null;
}

/** Pure: classifies the reply of a permanent refusal (`550 5.1.1 ...`). */
export function classifyRefusal(responseCode: number, response: string): Refusal {
  const enhancedCode = enhancedCodeOf(response);
  const base = { responseCode, enhancedCode };
  if (enhancedCode?.startsWith('5.7.') || POLICY_TEXT.test(response)) return { kind: 'policy', ...base };
  if (enhancedCode && BAD_RECIPIENT_CODES.has(enhancedCode)) return { kind: 'bad_recipient', ...base };
  // Without a telling enhanced code, only 550/553 with "no such user" text means the address is bad
  // (mailbox full 5.2.2, message too big 5.3.4 and the like are not).
  const vague = enhancedCode === null || /^5\.[045]\./.test(enhancedCode);
  if (vague && (responseCode === 550 || responseCode === 553) && BAD_RECIPIENT_TEXT.test(response)) {
    return { kind: 'bad_recipient', ...base };
  }
  return { kind: 'other', ...base };
}
