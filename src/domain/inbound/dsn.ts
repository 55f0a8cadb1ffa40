import { dsnAddress, parseHeaderBlock, statusCodesIn } from './message-fields';

/** One per-recipient block of an RFC 3464 delivery status notification. */
export type DsnRecipient = {
  recipient?: string;
  action?: string;
  status?: string;
  diagnostic?: string;
};

const RECIPIENT_FIELD = /^(?:final-recipient|original-recipient|action|status|diagnostic-code)[ \t]*:/im;

/**
 * Reads the per-recipient blocks of a `message/delivery-status` part. Also works on a body that
 * inlines the fields without MIME (old Postfix, some gateways): only blocks holding a recipient and an
 * Action or Status count, so a stray `Status:` line elsewhere is not read as a DSN.
 */
export function parseDsnRecipients(text: string): DsnRecipient[] {
  const blocks = text.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/);
  const recipients: DsnRecipient[] = [];
  for (const block of blocks) {
    if (!RECIPIENT_FIELD.test(block)) continue;
    const fields = parseHeaderBlock(block.replace(/^\s*\n/, ''));
    const first = (name: string) => fields.get(name)?.[0];
    const recipientField = first('final-recipient') ?? first('original-recipient');
    const action = first('action')
      ?.split(/[\s(;]/)[0]
      ?.toLowerCase();
    const status = statusCodesIn(first('status') ?? '')[0];
    if (!recipientField || (!action && !status)) continue;
    const recipient = dsnAddress(recipientField);
    const diagnostic = first('diagnostic-code')?.replace(/^[^;]*;\s*/, '');
    recipients.push({
      ...(recipient ? { recipient } : {}),
      ...(action ? { action } : {}),
      ...(status ? { status } : {}),
      ...(diagnostic ? { diagnostic } : {}),
    });
  }
  return recipients;
}

const ACTION_RANK: Record<string, number> = { failed: 3, delayed: 2 };

/** The block that matters most: a failure beats a delay, which beats success notices. */
export function worstRecipient(recipients: DsnRecipient[]): DsnRecipient | undefined {
  return [...recipients].sort((a, b) => rank(b) - rank(a))[0];
}

function rank(recipient: DsnRecipient): number {
  const byAction = ACTION_RANK[recipient.action ?? ''];
  if (byAction !== undefined) return byAction + (recipient.status?.startsWith('5') ? 0.5 : 0);
  // No Action field: fall back on the status class (5 failed, 4 delayed, 2 success).
  if (recipient.status?.startsWith('5')) return 3;
  if (recipient.status?.startsWith('4')) return 2;
  return 0;
}

/** RFC 3464 success actions: the message got through, nothing bounced. */
export function isSuccessAction(recipient: DsnRecipient): boolean {
  // `deliverable` answers a NOTIFY=SUCCESS probe; any 2.x.x status is a success too.
  if (recipient.status?.startsWith('2')) return true;
  return ['delivered', 'relayed', 'expanded', 'deliverable'].includes(recipient.action ?? '');
}

/**
 * When the Status field is only the class default (`5.0.0`), the Diagnostic-Code often carries the
 * precise code of the same class (`550 5.1.1 ...`): report that one.
 */
export function preciseStatus(recipient: DsnRecipient): string | undefined {
  const fromDiagnostic = statusCodesIn(recipient.diagnostic ?? '')[0];
  if (!recipient.status) return fromDiagnostic;
  if (/^\d\.0\.0$/.test(recipient.status) && fromDiagnostic?.[0] === recipient.status[0]) {
    return fromDiagnostic;
  }
  return recipient.status;
}
