import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import type { InboundMessage } from '../../../src/domain/inbound/types';
import { findUnsubscribeMention, findUnsubscribeRequest } from '../../../src/domain/inbound/unsubscribe';

const NOW = new Date('2026-03-02T10:00:00Z');

function reply(text: string): InboundMessage {
  return {
    from: 'kai@nordhavn.example',
    fromName: 'Kai',
    to: ['sam@tandem.example'],
    subject: 'Re: Your demo',
    inReplyTo: '<snd_2@tandem.example>',
    references: [],
    headers: {},
    text,
    attachmentTypes: [],
  };
}

describe('sentences that only mention unsubscribing stay human replies, flagged', () => {
  it.each([
    'How do I unsubscribe from the newsletter but keep invoices?',
    'Is there a way to opt out of the weekly digest only?',
    'Can you stop sending the PDF version and send a link instead?',
    'Please stop sending these to my old address and use kai@nordhavn.example instead.',
    'I want to unsubscribe my colleague but keep me on the list.',
    'Where do I unsubscribe? My assistant asked.',
    'Wie kann ich mich vom Newsletter abmelden, aber die Rechnungen behalten?',
    'Comment me désabonner uniquement de la lettre mensuelle ?',
    '¿Cómo me doy de baja del boletín?',
    'Hoe kan ik me afmelden voor de nieuwsbrief?',
  ])('%s', (text) => {
    const result = classifyInbound(reply(text), NOW);
    expect(result.kind).toBe('human_reply');
    expect(result.flags).toContain('unsubscribe_mention');
  });

  it.each(['No more needed, thanks.', 'Stop by our booth at the fair!', 'We stopped using that tool.'])(
    'plain sentences are neither requests nor mentions: %s',
    (text) => {
      expect(findUnsubscribeRequest(text)).toBeUndefined();
      expect(findUnsubscribeMention(text)).toBeUndefined();
      expect(classifyInbound(reply(text), NOW).kind).toBe('human_reply');
    },
  );
});

describe('explicit requests still unsubscribe', () => {
  it.each([
    ['en', 'Unsubscribe me, please.'],
    ['en', 'Please remove me from your mailing list.'],
    ['en', 'Stop emailing me.'],
    ['en', 'Take me off this list.'],
    ['en', 'I would like to unsubscribe.'],
    ['de', 'Bitte melden Sie mich ab.'],
    ['de', 'Ich möchte mich bitte abmelden.'],
    ['fr', 'Désabonnez-moi, merci.'],
    ['fr', 'Je souhaite me désinscrire.'],
    ['es', 'Quiero darme de baja.'],
    ['es', 'Dejen de enviarme correos.'],
    ['pt', 'Por favor, me descadastre.'],
    ['it', 'Cancellatemi dalla lista, grazie.'],
    ['nl', 'Schrijf mij uit alstublieft.'],
    ['pl', 'Wypisz mnie z listy.'],
    ['sv', 'Ta bort mig från listan.'],
    ['ja', '配信停止を希望します。'],
  ])('%s: %s', (lang, text) => {
    const result = classifyInbound(reply(text), NOW);
    expect(result.kind).toBe('unsubscribe');
    expect(findUnsubscribeRequest(text)?.lang).toBe(lang);
  });

  it('a request above a quoted footer counts; the footer alone does not', () => {
    const footer = '> To unsubscribe, click here: https://tandem.example/u/x';
    expect(classifyInbound(reply(`Remove me from your list.\n\n${footer}`), NOW).kind).toBe('unsubscribe');
    expect(classifyInbound(reply(`Thanks, noted.\n\n${footer}`), NOW).kind).toBe('human_reply');
  });
});
