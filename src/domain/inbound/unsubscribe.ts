/**
 * An unsubscribe request written by the recipient: an explicit, imperative or first-person request
 * ("unsubscribe me", "please remove me from your list", "stop emailing me"), per language. A sentence
 * that only mentions unsubscribing (a question, a request about a format or channel, a partial
 * opt-out) is not one; `findUnsubscribeMention` reports it instead. Only the new text of the reply
 * counts (quoted history is stripped before), and lines that read like a mailing footer ("To unsubscribe, click
 * here", a link) are ignored: people often reply above, or paste, our own footer.
 */

const REQUESTS: ReadonlyArray<{ lang: string; pattern: RegExp }> = [
  {
    lang: 'en',
    pattern:
      /\bunsubscribe (?:me|us|my (?:e-?mail|address))\b|\b(?:please|pls|kindly) unsubscribe\b|^\s*unsubscribe(?:,? please)?\s*[.!]*\s*$|\b(?:i|we) (?:want|would like|['’]d like|wish|need) to (?:unsubscribe|opt[- ]?out)\b|\bremove me\b|\bremove (?:my (?:e-?mail|address|name|details|contact)|us)\b|\btake (?:me|us|my (?:e-?mail|address)) off\b|\bstop (?:e-?mailing|contacting|messaging|spamming|writing to) (?:me|us)\b|\bstop sending (?:me|us) (?:e-?mails|emails|mails|messages|these|this|anything)\b|\bopt (?:me|us) out\b|\b(?:do not|don['’]t|please don['’]t|never) (?:e-?mail|contact|write to|message) (?:me|us)\b|\bno (?:more|further) (?:e-?mails|emails|messages|mails)(?: (?:please|to (?:me|this address)))?\s*[.!]*\s*$|\bdelete my (?:e-?mail|address|data|contact)\b/i,
  },
  {
    lang: 'de',
    pattern:
      /\b(?:bitte|möchte mich|will mich|mich bitte)\b.{0,40}\b(?:abmelden|abbestellen|austragen)\b|\bmelden sie mich\b.{0,30}\bab\b|\btragen sie mich\b.{0,30}\baus\b|\bnehmen sie mich\b.{0,40}\b(?:raus|heraus|aus)\b|\bkeine (?:weiteren )?(?:e-?mails|mails|nachrichten|werbung) mehr\b|\bnicht mehr (?:kontaktieren|anschreiben|anmailen)\b|\blöschen sie meine (?:daten|adresse|e-?mail)/i,
  },
  {
    lang: 'fr',
    pattern:
      /\bdésabonnez[- ]moi\b|\bdésinscrivez[- ]moi\b|\b(?:je (?:souhaite|veux|voudrais) |veuillez |merci de )me (?:désabonner|désinscrire|retirer)\b|\bretirez[- ]moi\b|\bsupprimez[- ]moi\b|\bsupprimez mon (?:adresse|e-?mail)|\bne (?:plus|me plus) (?:recevoir|m['’]envoyer|me contacter|m['’]écrire)|\bne me contactez plus\b/i,
  },
  {
    lang: 'es',
    pattern:
      /\b(?:quiero |deseo |por favor,? )?dar(?:me|nos) de baja\b|\bdenme de baja\b|\bden(?:me)? de baja (?:de|mi)\b|\bcancelen mi suscripci[oó]n\b|\bquiero cancelar (?:la |mi )?suscripci[oó]n\b|\belim[ií]n(?:enme|ame)\b|\bb[oó]rr(?:enme|ame)\b|\bno (?:quiero|deseo) recibir (?:m[aá]s )?(?:correos|e-?mails|mensajes)\b|\bdejen de (?:enviarme|escribirme|mandarme)/i,
  },
  {
    lang: 'pt',
    pattern:
      /\bme descadastr(?:e|em|ar)\b|\bdescadastre[- ]me\b|\bquero (?:me )?descadastrar\b|\bquero cancelar (?:a |minha )?(?:inscri[çc][aã]o|assinatura)\b|\bremova[- ]me\b|\bme remov(?:a|am)\b|\bn[aã]o (?:quero|desejo) (?:mais )?receber (?:e-?mails|mensagens)\b|\bparem de (?:me )?(?:enviar|mandar|escrever)/i,
  },
  {
    lang: 'it',
    pattern:
      /\bcancellatemi\b|\brimuovetemi\b|\b(?:vorrei|voglio) (?:disiscrivermi|cancellarmi|essere rimoss[oa])\b|\bnon (?:voglio|desidero) più ricevere\b|\bsmettete di (?:scrivermi|inviarmi|contattarmi)/i,
  },
  {
    lang: 'nl',
    pattern:
      /\bgraag (?:afmelden|uitschrijven)\b|\b(?:wil|zou) (?:mij|me|graag) (?:graag )?(?:afmelden|uitschrijven)\b|\bmeld (?:mij|me) af\b|\bschrijf (?:mij|me) uit\b|\bverwijder (?:mij|me|mijn (?:e-?mail|adres|gegevens))\b|\bhaal (?:mij|me) (?:van|uit)\b|\bgeen (?:e-?mails|mails|berichten) meer\b/i,
  },
  {
    lang: 'pl',
    pattern:
      /\bwypisz(?:cie)? mnie\b|\b(?:chc[ęe]|prosz[ęe]) (?:się |o )?wypis(?:a[ćc]|anie)|\busu[ńn](?:cie)? mnie\b|\bnie chc[ęe] (?:otrzymywać|dostawać)\b|\brezygnuj[ęe] z (?:subskrypcji|newslettera|mailingu)/i,
  },
  {
    lang: 'sv',
    pattern: /\bavregistrera mig\b|\bta bort mig\b|\bsluta (?:mejla|maila|skicka) (?:mig|till mig)\b/i,
  },
  {
    lang: 'ja',
    pattern:
      /配信停止を?(?:して|希望|お願い)|配信を停止して|配信不要|配信を解除して|登録を?解除して|メールは不要|送らないで/,
  },
];

// Words that mention opting out without asking for it ("how do I unsubscribe ...?"): a human reply,
// flagged for the owner, never a silent suppression.
const MENTIONS =
  /unsubscri|opt[- ]?out|\bremove\b.{0,30}\blist\b|\bstop (?:e-?mailing|sending|contacting)|abmeld|abbestell|austrag|désabonn|désinscri|\bde baja\b|descadastr|disiscri|afmeld|uitschrijv|wypis|avregistrer|配信停止|購読解除|登録解除/i;

// Footer-style lines: instructions to the reader, not a request by the writer.
const FOOTER_LINE =
  /https?:\/\/|mailto:|www\.|<[^>]*>|\[[^\]]*\]|\bclick\b|\bvisit\b|\b(?:use|follow) the link\b|\bpreferences\b|^\s*(?:to|if you (?:wish|would like|want|no longer) [^.]{0,60}) unsubscribe\b|\bunsubscribe (?:here|link|below|at any time)\b|\bklicken sie\b|\bcliquez\b|\bhaga clic\b|\bclique\b|\bklik\b/i;

// A partial or conditional wish ("unsubscribe me from the newsletter but keep the invoices"): the
// owner decides, so it is a mention, not a request.
const SCOPED =
  /\bbut (?:keep|still|not)\b|\bexcept\b|\binstead\b|\bonly (?:the|for)\b|\bapart from\b|\baber (?:weiterhin|nicht)\b|\bsauf\b|\bexcepto\b|\ben lugar de\b/i;

export type UnsubscribeMatch = { phrase: string; lang: string };

// "Please don't unsubscribe me", "no need to remove me": a negation right before the phrase.
const NEGATED =
  /\b(?:don['’]t|do not|does not|doesn['’]t|no need to|never|not)\s+(?:(?:want|need|have)\s+to\s+)?$/i;

export function findUnsubscribeRequest(newText: string): UnsubscribeMatch | undefined {
  for (const line of newText.split('\n')) {
    if (FOOTER_LINE.test(line) || SCOPED.test(line)) continue;
    for (const { lang, pattern } of REQUESTS) {
      const match = pattern.exec(line);
      if (match && !NEGATED.test(line.slice(0, match.index))) return { phrase: match[0], lang };
    }
  }
  return undefined;
}

/** Whether any text (quoted history included) mentions unsubscribing: explains an ignored footer. */
export function mentionsUnsubscribe(text: string): boolean {
  return MENTIONS.test(text) || REQUESTS.some(({ pattern }) => pattern.test(text));
}

/** The new text speaks of unsubscribing (not a footer line) without an explicit request. */
export function findUnsubscribeMention(newText: string): string | undefined {
  for (const line of newText.split('\n')) {
    if (FOOTER_LINE.test(line)) continue;
    const match = MENTIONS.exec(line);
    if (match) return match[0];
  }
  return undefined;
}

/** A bare one-word reply such as "STOP" or "Unsubscribe" (common from phones). */
export function isBareStop(newText: string): boolean {
  return /^\s*(?:stop|unsubscribe|remove|abmelden|désabonner|baja|descadastrar|afmelden|stopp)\s*[.!]*\s*$/i.test(
    newText,
  );
}
