import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import type { InboundMessage } from '../../../src/domain/inbound/types';

const NOW = new Date('2025-12-20T10:00:00Z');

/** An SNS e-mail subscription: the SES document sits as a string in the SNS envelope's Message. */
function snsMail(inner: object): InboundMessage {
  const envelope = {
    Type: 'Notification',
    MessageId: '7c1e0f4a-0000-4000-8000-000000000001',
    TopicArn: 'arn:aws:sns:eu-west-1:000000000000:tandem-bounces',
    Message: JSON.stringify(inner),
  };
  // Sendmail folds lines over 998 octets as "!\n "; the JSON must survive it.
  const text = JSON.stringify(envelope, null, 2).replace(/(.{990})/g, '$1!\n ');
  return {
    from: 'no-reply@sns.amazonaws.com',
    fromName: 'AWS Notifications',
    to: ['bounces@tandem.example'],
    subject: 'AWS Notification Message',
    references: [],
    headers: { 'x-amz-sns-message-id': ['7c1e0f4a-0000-4000-8000-000000000001'] },
    text,
    attachmentTypes: [],
  };
}

describe('Amazon SES notifications inside an SNS envelope', () => {
  it('a permanent bounce is hard, with the recipient and the status', () => {
    const msg = snsMail({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [
          {
            emailAddress: 'dana@customer.example',
            status: '5.1.1',
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          },
        ],
      },
      mail: { headers: [{ name: 'Subject', value: 'x'.repeat(1200) }] },
    });
    expect(classifyInbound(msg, NOW)).toMatchObject({
      kind: 'hard_bounce',
      bouncedRecipient: 'dana@customer.example',
      statusCode: '5.1.1',
    });
  });

  it('a complaint is a complaint', () => {
    const msg = snsMail({
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'dana@customer.example' }] },
    });
    expect(classifyInbound(msg, NOW).kind).toBe('complaint');
  });
});
