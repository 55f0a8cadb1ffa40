import { z } from 'zod';
import { judgeBounce } from './bounce-status';
import { hasHeader, normaliseMessageId } from './message-fields';
import type { Classification, InboundMessage } from './types';

// Amazon SES feedback delivered by SNS email subscription: a JSON document as the text body.
const sesNotificationSchema = z.object({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  bounce: z
    .object({
      bounceType: z.string().optional(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z
        .array(
          z.object({
            emailAddress: z.string(),
            status: z.string().optional(),
            action: z.string().optional(),
            diagnosticCode: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(z.object({ emailAddress: z.string() })).optional(),
      complaintFeedbackType: z.string().optional(),
    })
    .optional(),
  mail: z
    .object({
      headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
      commonHeaders: z.object({ messageId: z.string().optional() }).optional(),
    })
    .optional(),
});
type SesNotification = z.infer<typeof sesNotificationSchema>;
const snsEnvelopeSchema = z.object({ Type: z.literal('Notification'), Message: z.string() });

function isFromSes(msg: InboundMessage): boolean {
  return (
    hasHeader(msg, 'x-amz-sns-message-id') ||
    /@(?:[\w-]+\.)*(?:amazonaws\.com|amazonses\.com)$/.test(msg.from) ||
    msg.subject === 'AWS Notification Message'
  );
}

function parseNotification(text: string): SesNotification | undefined {
  // Sendmail splits lines over 998 octets with "!\n "; undo it before reading the JSON.
  const body = text.replace(/!\r?\n /g, '');
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const json: unknown = JSON.parse(body.slice(start, end + 1));
    // An SNS envelope ({"Type":"Notification","Message":"{...}"}) carries the SES document as a string.
    const envelope = snsEnvelopeSchema.safeParse(json);
    const inner: unknown = envelope.success ? JSON.parse(envelope.data.Message) : json;
    const parsed = sesNotificationSchema.safeParse(inner);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function classifySesNotification(msg: InboundMessage): Classification | undefined {
  if (!isFromSes(msg)) return undefined;
  const note = parseNotification(msg.text);
  const type = (note?.notificationType ?? note?.eventType)?.toLowerCase();
  if (!note || !type) return undefined;
  const header = note.mail?.headers?.find((h) => h.name.toLowerCase() === 'message-id')?.value;
  const originalRaw = header ?? note.mail?.commonHeaders?.messageId;
  const originalMessageId = originalRaw ? normaliseMessageId(originalRaw) : undefined;
  const common = {
    flags: ['ses_notification' as const],
    ...(originalMessageId ? { originalMessageId } : {}),
  };
  if (type === 'complaint') {
    const recipient = note.complaint?.complainedRecipients?.[0]?.emailAddress.toLowerCase();
    const feedbackType = note.complaint?.complaintFeedbackType ?? 'unspecified';
    return {
      kind: 'complaint',
      confidence: 'high',
      evidence: [`Amazon SES notification type=Complaint feedback=${feedbackType}`],
      ...common,
      ...(recipient ? { bouncedRecipient: recipient } : {}),
    };
  }
  if (type === 'bounce') {
    const first = note.bounce?.bouncedRecipients?.[0];
    const bounceType = note.bounce?.bounceType ?? 'Undetermined';
    const verdict = judgeBounce({
      ...(first?.status ? { status: first.status } : {}),
      ...(first?.action ? { action: first.action } : {}),
      diagnostic: first?.diagnosticCode ?? '',
    });
    // SES has already decided: Permanent means the address is bad, Transient/Undetermined may pass later.
    const kind = bounceType === 'Permanent' ? 'hard_bounce' : 'soft_bounce';
    return {
      kind,
      confidence: 'high',
      evidence: [`Amazon SES notification type=Bounce bounceType=${bounceType}`, ...verdict.evidence],
      ...common,
      flags: [...common.flags, ...verdict.flags],
      ...(first ? { bouncedRecipient: first.emailAddress.toLowerCase() } : {}),
      ...(first?.status ? { statusCode: first.status } : {}),
    };
  }
  // Delivery, Send, Open...: a machine notice, not a person writing; never a "replied" exit.
  return {
    kind: 'auto_reply',
    confidence: 'low',
    evidence: [`Amazon SES notification type=${type}`],
    ...common,
    flags: [...common.flags, 'delivery_report_success'],
  };
}
