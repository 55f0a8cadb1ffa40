/**
 * Subject and body cues of out-of-office and other automatic replies in en, de, fr, es, pt, nl, pl, ja.
 * Subject cues only count at the start of the subject: after "Re:" the words are our own subject.
 */

// Replies and forwards in the same languages: a subject starting with these is a person's reply.
export const REPLY_PREFIX =
  /^\s*(?:re|aw|antw|antwort|sv|vs|odp|r|rv|res|ref|fw|fwd|wg|tr|enc|doorst|pd)\s*:/i;

/** Subject says a machine answered. */
export const SUBJECT_AUTOMATED =
  /^[\s[【(]*(?:out of (?:the )?office auto[- ]?reply|automatic reply|auto[- ]?reply|auto[- ]?response|automated (?:reply|response)|autoresponder|auto\s*:|automatische (?:antwort|rückantwort|abwesenheitsnotiz)|abwesenheitsnotiz|réponse automatique|respuesta autom[aá]tica|resposta autom[aá]tica|automatisch antwoord|automatyczna odpowied[źz]|odpowied[źz] automatyczna|自動返信|自動応答)/iu;

/** Subject announces an absence (weaker: a person could title a mail so). */
export const SUBJECT_ABSENCE =
  /^[\s[【(]*(?:out of (?:the )?office|ooo\b|away\b|on vacation|vacation|on leave|annual leave|holiday|abwesend|abwesenheit|urlaub|absence|absent|message d['’]absence|hors du bureau|fuera de (?:la )?oficina|ausente|ausência|fora do escrit[oó]rio|f[ée]rias|afwezig|niet aanwezig|buiten kantoor|afwezigheid|nieobecno[śs][ćc]|poza biurem|urlop|不在|休暇)/iu;

/** Body says, in so many words, that it was sent automatically. */
export const BODY_AUTOMATED =
  /\b(?:automatic(?:ally generated)?|automated|auto[- ]?generated) (?:reply|response|message|e-?mail|answer|notification)\b|\bauto[- ]?reply\b|\bautoresponder\b|\bautomatische (?:antwort|e-?mail|nachricht|abwesenheitsnotiz)|réponse automatique|message automatique|respuesta autom[aá]tica|mensaje autom[aá]tico|resposta autom[aá]tica|mensagem autom[aá]tica|\bautomatisch (?:antwoord|bericht|gegenereerd)|automatyczna odpowied|wiadomo[śs][ćc] (?:automatyczna|wygenerowana automatycznie)|自動返信|自動応答|自動送信/iu;

/** Body announces an absence. */
export const BODY_ABSENCE: ReadonlyArray<{ lang: string; pattern: RegExp }> = [
  {
    lang: 'en',
    pattern:
      /\b(?:i am|i['’]m|i will be|i['’]ll be)\s+(?:currently\s+|now\s+)?(?:out of (?:the )?office|away|on (?:vacation|holiday|leave|annual leave|parental leave|maternity leave|paternity leave|sick leave|a business trip)|out of the country|not in the office|travell?ing)\b|\bout of (?:the )?office\b|\blimited access to (?:my )?e-?mail\b|\b(?:upon|on|after) my return\b|\breturning (?:to the office )?on\b|\bback in the office\b/iu,
  },
  {
    lang: 'de',
    pattern:
      /\bich bin\b.{0,40}(?:nicht im (?:büro|hause?)|abwesend|im urlaub|nicht erreichbar|außer haus)|abwesenheit|\bim urlaub\b|\bnicht im büro\b|\bwieder (?:im büro|erreichbar)\b|\bkeinen zugriff auf (?:meine )?e-?mails/iu,
  },
  {
    lang: 'fr',
    pattern:
      /\bje (?:suis|serai) (?:actuellement )?(?:absente?|en congés?|en vacances|hors du bureau|en déplacement)|\bde retour le\b|\babsente? du bureau\b|\bpendant mon absence\b/iu,
  },
  {
    lang: 'es',
    pattern:
      /\b(?:estoy|estaré|me encuentro)\s+(?:actualmente\s+)?(?:fuera de la oficina|de vacaciones|ausente)|\bfuera de la oficina\b|\bdurante mi ausencia\b|\bestaré de (?:vuelta|regreso)\b/iu,
  },
  {
    lang: 'pt',
    pattern:
      /\b(?:estou|estarei|encontro-me)\s+(?:atualmente\s+)?(?:fora do escrit[oó]rio|de f[ée]rias|ausente)|\bfora do escrit[oó]rio\b|\bdurante a minha aus[êe]ncia\b|\bestarei de volta\b/iu,
  },
  {
    lang: 'nl',
    pattern:
      /\bik ben\b.{0,40}(?:afwezig|niet aanwezig|op vakantie|met vakantie|niet op kantoor|buiten kantoor)|\btijdens mijn afwezigheid\b|\bweer aanwezig\b/iu,
  },
  {
    lang: 'pl',
    pattern: /\b(?:jestem|będę)\s+(?:obecnie\s+)?(?:nieobecn|na urlopie|poza biurem)|\bpoza biurem\b/iu,
  },
  {
    lang: 'ja',
    pattern:
      /不在に(?:して|なり)|休暇を(?:いただ|取)|出張(?:のため|中)|オフィスを離れ|休業|お休みを(?:いただ|頂)/u,
  },
];
