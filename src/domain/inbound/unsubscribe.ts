/**
 * An unsubscribe request written by the recipient. Only the new text of the reply counts (quoted
 * history is stripped before), and lines that read like a mailing footer ("To unsubscribe, click
 * here", a link) are ignored: people often reply above, or paste, our own footer.
 */

const REQUESTS: ReadonlyArray<{ lang: string; pattern: RegExp }> = [
  {
    lang: 'en',
    pattern:
      /\bunsubscribe\b|\bremove me\b|\bremove (?:my (?:e-?mail|address|name|details|contact)|us)\b|\btake (?:me|us|my (?:e-?mail|address)) off\b|\bstop (?:e-?mailing|contacting|messaging|spamming|sending (?:me|us)|writing to)\b|\bopt(?:[- ])?(?:me )?out\b|\b(?:do not|don['’]t|please don['’]t|never) (?:e-?mail|contact|write to|message) (?:me|us)\b|\bno (?:more|further) (?:e-?mails|emails|messages|mails)\b|\bdelete my (?:e-?mail|address|data|contact)\b/i,
  },
  {
    lang: 'de',
    pattern:
      /\babmelden\b|\babbestellen\b|\baustragen\b|\btragen sie mich\b.{0,30}\baus\b|\baus (?:ihrem|dem|eurem|ihrer|der) (?:verteiler|mailingliste|liste|newsletter)|\bkeine (?:weiteren )?(?:e-?mails|mails|nachrichten|werbung)\b|\bnicht mehr (?:kontaktieren|anschreiben|anmailen|schreiben)\b|\blöschen sie meine (?:daten|adresse|e-?mail)/i,
  },
  {
    lang: 'fr',
    pattern:
      /\bdésabonn|\bdésinscri|\bretirez[- ]moi\b|\bme retirer de\b|\bsupprime[rz]?[- ]moi\b|\bsupprimez mon (?:adresse|e-?mail)|\bne (?:plus|me plus) (?:recevoir|m['’]envoyer|me contacter|m['’]écrire)|\bne me contactez plus\b/i,
  },
  {
    lang: 'es',
    pattern:
      /\bdar(?:me|se)? de baja\b|\bdenme de baja\b|\bbaja de (?:la|su|esta) lista\b|\bcancelar (?:la |mi )?suscripci[oó]n\b|\belim[ií]n(?:enme|ame|arme)\b|\bborr(?:enme|arme)\b|\bno (?:quiero|deseo) recibir\b|\bdejen de (?:enviar|escribir|mandar)/i,
  },
  {
    lang: 'pt',
    pattern:
      /\bdescadastr|\bcancelar (?:a |minha )?(?:inscri[çc][aã]o|assinatura)\b|\bremov(?:a|er|am)[- ]?(?:me|meu (?:e-?mail|endere[çc]o))\b|\bme remov(?:a|am)\b|\bn[aã]o (?:quero|desejo) (?:mais )?receber\b|\bparem de (?:me )?(?:enviar|mandar|escrever)/i,
  },
  {
    lang: 'nl',
    pattern:
      /\bafmelden\b|\buitschrijven\b|\bschrijf (?:mij|me) uit\b|\bverwijder (?:mij|me|mijn (?:e-?mail|adres|gegevens))\b|\bhaal (?:mij|me) (?:van|uit)\b|\bgeen (?:e-?mails|mails|berichten) meer\b/i,
  },
  {
    lang: 'pl',
    pattern:
      /\bwypisz(?:cie)? mnie\b|\bwypisa[ćc]|\busu[ńn](?:cie)? mnie\b|\bnie chc[ęe] (?:otrzymywać|dostawać)\b|\brezygnuj[ęe] z (?:subskrypcji|newslettera|mailingu)/i,
  },
  {
    lang: 'ja',
    pattern: /配信停止|配信を停止|配信不要|配信を解除|登録解除|購読解除|メールは不要|送らないで/,
  },
];

// Footer-style lines: instructions to the reader, not a request by the writer.
const FOOTER_LINE =
  /https?:\/\/|mailto:|www\.|<[^>]*>|\[[^\]]*\]|\bclick\b|\bvisit\b|\b(?:use|follow) the link\b|\bpreferences\b|^\s*(?:to|if you (?:wish|would like|want|no longer) [^.]{0,60}) unsubscribe\b|\bunsubscribe (?:here|link|below|at any time)\b|\bklicken sie\b|\bcliquez\b|\bhaga clic\b|\bclique\b|\bklik\b/i;

export type UnsubscribeMatch = { phrase: string; lang: string };

// "Please don't unsubscribe me", "no need to remove me": a negation right before the phrase.
const NEGATED =
  /\b(?:don['’]t|do not|does not|doesn['’]t|no need to|never|not)\s+(?:(?:want|need|have)\s+to\s+)?$/i;

export function findUnsubscribeRequest(newText: string): UnsubscribeMatch | undefined {
  for (const line of newText.split('\n')) {
    if (FOOTER_LINE.test(line)) continue;
    for (const { lang, pattern } of REQUESTS) {
      const match = pattern.exec(line);
      if (match && !NEGATED.test(line.slice(0, match.index))) return { phrase: match[0], lang };
    }
  }
  return undefined;
}

/** Whether any text (quoted history included) mentions unsubscribing: explains an ignored footer. */
export function mentionsUnsubscribe(text: string): boolean {
  return REQUESTS.some(({ pattern }) => pattern.test(text));
}

/** A bare one-word reply such as "STOP" or "Unsubscribe" (common from phones). */
export function isBareStop(newText: string): boolean {
  return /^\s*(?:stop|unsubscribe|remove|abmelden|désabonner|baja|descadastrar|afmelden|stopp)\s*[.!]*\s*$/i.test(
    newText,
  );
}
