import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import type { InboundMessage } from '../../../src/domain/inbound/types';
import { parseInbound } from '../../../src/mail/parse-inbound';
import { rawArf, rawDsn, rawEximBounce, rawReply } from './raw-mail';

const NOW = new Date('2025-12-20T10:00:00Z');
const OUR_ID = '<snd_0123456789abcdef0123456789abcdef@tandem.example>';

async function classifyRaw(raw: string) {
  return classifyInbound(await parseInbound(raw), NOW);
}

function message(overrides: Partial<InboundMessage>): InboundMessage {
  return {
    from: 'dana@customer.example',
    fromName: 'Dana',
    to: ['sam@tandem.example'],
    subject: 'Re: Quick question',
    references: [],
    headers: {},
    text: '',
    attachmentTypes: [],
    ...overrides,
  };
}

describe('human replies', () => {
  it('ignores "unsubscribe" in our quoted footer', async () => {
    const body = [
      'Thanks Sam, Tuesday works for me.',
      '',
      'On Mon, Dec 15, 2025 at 9:00 AM Sam <sam@tandem.example> wrote:',
      '> Hi Dana,',
      '> To unsubscribe from these emails, click here: https://tandem.example/u/abc',
    ].join('\n');
    const result = await classifyRaw(rawReply({ subject: 'Re: Quick question', body }));
    expect(result).toMatchObject({ kind: 'human_reply', confidence: 'high', originalMessageId: OUR_ID });
    expect(result.flags).toContain('quoted_unsubscribe_ignored');
  });

  it('ignores the footer in an unquoted Outlook history block', () => {
    const text = [
      'Can we move this to Friday?',
      '',
      'From: Sam <sam@tandem.example>',
      'Sent: Monday, December 15, 2025 9:00 AM',
      'To: Dana',
      'Subject: Quick question',
      '',
      'Unsubscribe',
      'Remove me from this list',
    ].join('\n');
    expect(classifyInbound(message({ text }), NOW).kind).toBe('human_reply');
  });

  it('ignores a pasted footer line that tells the reader how to unsubscribe', () => {
    const text = 'Interesting offer.\nTo unsubscribe, click here: https://tandem.example/u/abc';
    expect(classifyInbound(message({ text }), NOW).kind).toBe('human_reply');
  });

  it('keeps a reply that only mentions being away a human reply, flagged', () => {
    const text = "Thanks! I'm out of office next week but let's talk on the 5th.";
    const result = classifyInbound(message({ text }), NOW);
    expect(result).toMatchObject({ kind: 'human_reply', confidence: 'low' });
    expect(result.flags).toContain('possible_auto_reply');
  });

  it('does not let one weak header swallow a reply', () => {
    const result = classifyInbound(message({ text: 'Sounds good', headers: { precedence: ['bulk'] } }), NOW);
    expect(result).toMatchObject({ kind: 'human_reply', confidence: 'low', flags: ['possible_auto_reply'] });
  });

  it('reads absence words after "Re:" as our own subject, not a cue', () => {
    const result = classifyInbound(message({ subject: 'Re: Out of office policies', text: 'Yes.' }), NOW);
    expect(result).toMatchObject({ kind: 'human_reply', confidence: 'high' });
  });
});

describe('unsubscribe requests', () => {
  it.each([
    ['en', 'Please remove me from your list.'],
    ['en', 'Take me off your mailing list'],
    ['en', 'STOP'],
    ['de', 'Bitte tragen Sie mich aus Ihrem Verteiler aus.'],
    ['fr', 'Merci de me désinscrire de vos envois.'],
    ['es', 'Por favor, quiero darme de baja.'],
    ['pt', 'Quero me descadastrar, obrigado.'],
    ['nl', 'Graag afmelden voor deze mails.'],
    ['pl', 'Proszę wypisz mnie z listy.'],
    ['ja', '配信停止をお願いします。'],
  ])('%s: %s', async (_lang, body) => {
    const result = await classifyRaw(rawReply({ subject: 'Re: Quick question', body }));
    expect(result).toMatchObject({ kind: 'unsubscribe', confidence: 'high', originalMessageId: OUR_ID });
  });

  it('does not read a negated phrase as a request', () => {
    const text = "Please don't unsubscribe me, I want to keep reading. No need to remove me either.";
    expect(classifyInbound(message({ text }), NOW).kind).toBe('human_reply');
  });

  it('reads an HTML-only reply: the quoted footer is ignored', async () => {
    const html = [
      '<div>Thanks, Tuesday works.</div><div class="gmail_quote">',
      '<div>On Mon, Dec 15, 2025 at 9:00 AM Sam &lt;sam@tandem.example&gt; wrote:<br></div>',
      '<blockquote class="gmail_quote"><div>Hi Dana</div>',
      '<div>To stop these emails, <a href="https://tandem.example/u/x">unsubscribe</a> or reply "remove me".</div>',
      '</blockquote></div>',
    ].join('');
    const raw = rawReply({
      subject: 'Re: Quick question',
      body: html,
      headers: { 'Content-Type': 'text/html' },
    });
    expect((await classifyRaw(raw)).kind).toBe('human_reply');
  });

  it('reads a new subject that asks to unsubscribe', () => {
    expect(classifyInbound(message({ subject: 'Unsubscribe', text: '' }), NOW).kind).toBe('unsubscribe');
  });

  it('still honours a request in an auto-submitted message, with low confidence', () => {
    const msg = message({ text: 'Please unsubscribe me.', headers: { 'auto-submitted': ['auto-replied'] } });
    expect(classifyInbound(msg, NOW)).toMatchObject({ kind: 'unsubscribe', confidence: 'low' });
  });
});

describe('out-of-office and automatic replies', () => {
  it.each([
    ['de', 'Abwesenheitsnotiz: Quick question', 'Ich bin bis zum 12.01. nicht im Büro.', '2026-01-12'],
    ['fr', 'Réponse automatique : Quick question', 'Je suis absent, de retour le 12 janvier.', '2026-01-12'],
    [
      'es',
      'Respuesta automática: Quick question',
      'Estoy fuera de la oficina hasta el 12 de enero.',
      '2026-01-12',
    ],
    ['pt', 'Resposta automática: Quick question', 'Estou de férias até 12 de janeiro.', '2026-01-12'],
    ['nl', 'Automatisch antwoord: Quick question', 'Ik ben afwezig, terug op 12 januari.', '2026-01-12'],
    ['pl', 'Automatyczna odpowiedź: Quick question', 'Jestem na urlopie do 12 stycznia.', '2026-01-12'],
    ['ja', '自動返信: Quick question', '1月12日まで不在にしております。', '2026-01-12'],
    ['en', 'Automatic reply: Quick question', "I'm on vacation, back on Monday 5th.", '2026-01-05'],
  ])('%s subject and body', async (_lang, subject, body, returnDate) => {
    const result = await classifyRaw(rawReply({ subject, body }));
    expect(result).toMatchObject({ kind: 'auto_reply', confidence: 'high', returnDate });
  });

  it.each([
    ['de', 'Dies ist eine automatische Antwort. Ich bin bis 12.01.2026 im Urlaub.'],
    ['fr', 'Je suis actuellement en congés. Ceci est une réponse automatique.'],
    ['es', 'Este es un mensaje automático. Estoy de vacaciones.'],
    ['pt', 'Esta é uma resposta automática. Estou fora do escritório.'],
    ['nl', 'Dit is een automatisch antwoord. Ik ben momenteel op vakantie.'],
    ['ja', 'これは自動返信です。休暇をいただいております。'],
  ])('%s body alone (automation statement + absence) is enough', (_lang, text) => {
    expect(classifyInbound(message({ text }), NOW).kind).toBe('auto_reply');
  });

  it('recognises Exchange out-of-office mail that lacks Auto-Submitted', () => {
    const msg = message({
      subject: 'Automatic reply: Quick question',
      text: 'I am out of the office until 2026-01-12.',
      headers: { 'x-auto-response-suppress': ['All'], 'return-path': ['<>'] },
    });
    expect(classifyInbound(msg, NOW)).toMatchObject({
      kind: 'auto_reply',
      confidence: 'high',
      returnDate: '2026-01-12',
    });
  });

  it.each([
    'Automatische Antwort: Quick question',
    'Out of Office AutoReply: Quick question',
    'Odpowiedź automatyczna: Quick question',
    '自動応答: Quick question',
    '[Auto-Reply] Quick question',
  ])('a machine-written subject alone is decisive: %s', (subject) => {
    expect(classifyInbound(message({ subject, text: 'Thanks.' }), NOW)).toMatchObject({
      kind: 'auto_reply',
      confidence: 'high',
    });
  });

  it.each([
    ['auto-submitted', 'auto-replied'],
    ['auto-submitted', 'auto-generated'],
    ['x-autoreply', 'yes'],
    ['x-autorespond', 'Vacation'],
    ['precedence', 'auto_reply'],
  ])('treats header %s: %s as decisive', (name, value) => {
    const msg = message({ text: 'Thanks for your email.', headers: { [name]: [value] } });
    expect(classifyInbound(msg, NOW)).toMatchObject({ kind: 'auto_reply', confidence: 'high' });
  });

  it('does not treat Auto-Submitted: no as automatic', () => {
    const msg = message({ text: 'Sounds good', headers: { 'auto-submitted': ['no'] } });
    expect(classifyInbound(msg, NOW).kind).toBe('human_reply');
  });
});

describe('delivery status notifications', () => {
  it('5.1.1 is a hard bounce, even marked Auto-Submitted', async () => {
    const result = await classifyRaw(
      rawDsn({ status: '5.1.1', diagnostic: '550 5.1.1 <dana@customer.example>: User unknown' }),
    );
    expect(result).toMatchObject({
      kind: 'hard_bounce',
      confidence: 'high',
      statusCode: '5.1.1',
      bouncedRecipient: 'dana@customer.example',
      originalMessageId: OUR_ID,
    });
    expect(result.flags).toContain('auto_submitted_header');
  });

  it('5.2.2 mailbox full is soft', async () => {
    const result = await classifyRaw(rawDsn({ status: '5.2.2', diagnostic: '552 5.2.2 Mailbox full' }));
    expect(result).toMatchObject({ kind: 'soft_bounce', statusCode: '5.2.2' });
    expect(result.flags).toContain('mailbox_full');
  });

  it('5.2.2 is soft by its code alone (RFC 3463: mailbox full)', async () => {
    const result = await classifyRaw(rawDsn({ status: '5.2.2' }));
    expect(result).toMatchObject({ kind: 'soft_bounce', flags: expect.arrayContaining(['mailbox_full']) });
  });

  it('a 5.x.x quota message is soft whatever the code', async () => {
    const result = await classifyRaw(rawDsn({ status: '5.0.0', diagnostic: '550 user is over quota' }));
    expect(result.kind).toBe('soft_bounce');
  });

  it('a 5.7.1 spam block is soft: the address is fine', async () => {
    const diagnostic = '550 5.7.1 Message rejected as spam, sender IP listed on Spamhaus';
    const result = await classifyRaw(rawDsn({ status: '5.7.1', diagnostic }));
    expect(result.kind).toBe('soft_bounce');
    expect(result.flags).toContain('blocked');
  });

  it('a 5.7.1 rejection naming an unknown user is hard', async () => {
    // Refused at RCPT: with no command named the same words are a filter (soft), as in Sisimai.
    const diagnostic = '550 5.7.1 No such user here (in reply to RCPT TO command)';
    const result = await classifyRaw(rawDsn({ status: '5.7.1', diagnostic }));
    expect(result.kind).toBe('hard_bounce');
  });

  it('a delayed DSN is soft', async () => {
    const result = await classifyRaw(rawDsn({ status: '4.4.7', action: 'delayed' }));
    expect(result.kind).toBe('soft_bounce');
    expect(result.flags).toContain('delayed');
  });

  it('4.x.x is soft', async () => {
    expect((await classifyRaw(rawDsn({ status: '4.2.0' }))).kind).toBe('soft_bounce');
  });

  it('a delivery receipt is not a bounce and not a reply', async () => {
    const result = await classifyRaw(rawDsn({ status: '2.0.0', action: 'delivered' }));
    expect(result).toMatchObject({ kind: 'auto_reply', confidence: 'low' });
    expect(result.flags).toContain('delivery_report_success');
  });
});

describe('non-standard bounces', () => {
  it('reads an Exim bounce and never takes the returned footer for an unsubscribe', async () => {
    const result = await classifyRaw(
      rawEximBounce('SMTP error from remote mail server after RCPT TO: 550 5.1.1 User unknown'),
    );
    expect(result).toMatchObject({
      kind: 'hard_bounce',
      statusCode: '5.1.1',
      bouncedRecipient: 'dana@customer.example',
      originalMessageId: OUR_ID,
    });
  });

  it('an Exim "mailbox is full" without any code is soft', async () => {
    const result = await classifyRaw(rawEximBounce('mailbox is full: retry timeout exceeded'));
    expect(result.kind).toBe('soft_bounce');
  });

  it('a qmail code decides over its wording', () => {
    const text = [
      'Hi. This is the qmail-send program at mx.customer.example.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      '<dana@customer.example>:',
      'Sorry, no mailbox here by that name. (#5.1.1)',
    ].join('\n');
    const msg = message({ from: 'mailer-daemon@mx.customer.example', subject: 'failure notice', text });
    expect(classifyInbound(msg, NOW)).toMatchObject({
      kind: 'hard_bounce',
      statusCode: '5.1.1',
      bouncedRecipient: 'dana@customer.example',
    });
    const soft = message({ ...msg, text: text.replace('(#5.1.1)', '(#4.4.1)') });
    expect(classifyInbound(soft, NOW).kind).toBe('soft_bounce');
  });

  it('reads an old Exchange notice without codes from its wording', () => {
    const text = [
      'Your message did not reach some or all of the intended recipients.',
      '',
      'The following recipient(s) could not be reached:',
      '',
      '      dana@customer.example on 4/29/01 11:34:45 PM',
      '            Recipient Not Found',
    ].join('\n');
    const msg = message({
      from: 'postmaster@customer.example',
      subject: 'Undeliverable: Quick question',
      text,
    });
    // No code and no refused command: Sisimai reads "Recipient Not Found" here as filtered (soft).
    expect(classifyInbound(msg, NOW)).toMatchObject({
      kind: 'soft_bounce',
      bouncedRecipient: 'dana@customer.example',
    });
  });

  it('reads a bare SMTP reply code with a reason', () => {
    const text =
      'Error: Invalid user address\n\n550 - Requested action not taken: no such user here\n  RCPT TO: dana@customer.example';
    const msg = message({ from: 'post_master@carrier.example', subject: 'Re: Quick question', text });
    expect(classifyInbound(msg, NOW).kind).toBe('hard_bounce');
  });

  it('treats a bounce whose reason it cannot read as a low-confidence soft bounce', () => {
    const text = '------- Failure Reasons --------\n\nQ-77 route refused\ndana@customer.example';
    const msg = message({ from: 'postmaster@customer.example', subject: 'Undeliverable message', text });
    const result = classifyInbound(msg, NOW);
    expect(result).toMatchObject({ kind: 'soft_bounce', confidence: 'low' });
    expect(result.flags).toContain('unparsed_bounce');
  });

  it('5.2.3 message too large is soft: the address is fine', async () => {
    const diagnostic = '552 5.2.3 Message size exceeds fixed maximum message size (10485760)';
    expect((await classifyRaw(rawDsn({ status: '5.2.3', diagnostic }))).kind).toBe('soft_bounce');
  });

  it('reads a carrier notice that attaches the original and says the mailbox is full', () => {
    const msg = message({
      from: 'no-reply@carrier.example',
      subject: 'Mail error notice',
      attachmentTypes: ['message/rfc822'],
      originalHeaders: `Message-Id: ${OUR_ID}`,
      text: 'Your mail could not be delivered to: <dana@customer.example>\nAs their mailbox is full.',
    });
    expect(classifyInbound(msg, NOW)).toMatchObject({ kind: 'soft_bounce', originalMessageId: OUR_ID });
  });

  it('a daemon notice that reports no failure is not a bounce', () => {
    const msg = message({
      from: 'postmaster@customer.example',
      subject: 'Your message was received',
      text: 'Thank you, we will get back to you.',
      headers: { 'auto-submitted': ['auto-generated'] },
    });
    expect(classifyInbound(msg, NOW).kind).toBe('auto_reply');
  });
});

describe('feedback reports', () => {
  it('ARF abuse is a complaint about our message', async () => {
    const result = await classifyRaw(rawArf('abuse'));
    expect(result).toMatchObject({
      kind: 'complaint',
      confidence: 'high',
      originalMessageId: OUR_ID,
      bouncedRecipient: 'dana@customer.example',
    });
  });

  it('ARF opt-out is an unsubscribe', async () => {
    expect((await classifyRaw(rawArf('opt-out'))).kind).toBe('unsubscribe');
  });

  it('ARF not-spam asks nothing of us and is never a reply', async () => {
    const result = await classifyRaw(rawArf('not-spam'));
    expect(result).toMatchObject({ kind: 'auto_reply', confidence: 'low' });
    expect(result.flags).toContain('arf_not_spam');
  });

  it('an Amazon SES permanent bounce notification is hard', () => {
    const json = JSON.stringify({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bouncedRecipients: [{ emailAddress: 'Dana@customer.example', status: '5.1.1' }],
      },
      mail: { headers: [{ name: 'Message-ID', value: OUR_ID }] },
    });
    const msg = message({
      from: 'no-reply@sns.amazonaws.com',
      subject: 'AWS Notification Message',
      text: json,
    });
    expect(classifyInbound(msg, NOW)).toMatchObject({
      kind: 'hard_bounce',
      statusCode: '5.1.1',
      bouncedRecipient: 'dana@customer.example',
      originalMessageId: OUR_ID,
    });
  });
});
