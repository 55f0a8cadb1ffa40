/**
 * Words that tie a date to the end of an absence. "return" cues name the day the person is back;
 * "until" cues name the last day away (we report that day as stated, it is what the sender wrote).
 */
export type KeywordKind = 'return' | 'until';
export type DateKeyword = { lang: string; kind: KeywordKind; pattern: RegExp };

// Small words allowed between the cue and the date ("back in the office ON", "hasta EL", "até O DIA").
const FILLER =
  '(?:\\s+(?:on|the|from|am|ab|le|el|em|op|dem|den|o|dia|día|no|na|a|à|partir|du|del|de|vom|vanaf|van|at))*[\\s,:]*$';
const B = '(?<![\\p{L}])';

const before = (lang: string, kind: KeywordKind, words: string, filler = FILLER): DateKeyword => ({
  lang,
  kind,
  pattern: new RegExp(`${B}(?:${words})${filler}`, 'iu'),
});
const after = (lang: string, kind: KeywordKind, words: string): DateKeyword => ({
  lang,
  kind,
  pattern: new RegExp(`^[\\s,.]*(?:${words})`, 'iu'),
});

export const DATE_KEYWORDS_BEFORE: readonly DateKeyword[] = [
  before(
    'en',
    'return',
    'back(?:\\s+(?:in|at|to)\\s+(?:the\\s+|my\\s+)?(?:office|desk|work))?|return(?:ing|s)?(?:\\s+to\\s+(?:the|my)\\s+(?:office|desk|work))?|(?:available|reachable|in the office)(?:\\s+again)?|resum(?:e|ing)(?:\\s+work)?',
  ),
  before(
    'de',
    'return',
    'zurück|wieder(?:\\s+(?:im\\s+(?:büro|hause?)|erreichbar|da|verfügbar|zurück|im dienst))?',
  ),
  before(
    'fr',
    'return',
    '(?:de\\s+)?retour(?:\\s+(?:au|dans\\s+les)\\s+(?:bureau|locaux))?(?:\\s+prévu)?|(?:serai|suis)\\s+(?:de\\s+retour|présente?|disponible)|reprendrai(?:\\s+le\\s+travail)?|rentre',
  ),
  before(
    'es',
    'return',
    'de\\s+(?:vuelta|regreso)|regres(?:o|aré|are|a)|vuelv(?:o|e)|volveré|volvere|me\\s+reincorpor(?:o|aré|are)|disponible(?:\\s+de\\s+nuevo)?',
  ),
  before(
    'pt',
    'return',
    'de\\s+volta|(?:retorno|retornarei|retorna|regresso|regressarei|volto|voltarei)(?:\\s+ao\\s+escritório)?|disponível(?:\\s+novamente)?',
  ),
  before('nl', 'return', 'terug|weer\\s+(?:aanwezig|op\\s+kantoor|bereikbaar|beschikbaar|terug)'),
  before('pl', 'return', 'wracam|powrót|powrocie|z\\s+powrotem|dostępn[ya]'),
  before('en', 'until', 'until|till|til|through|thru|up to and including'),
  before('de', 'until', 'bis(?:\\s+(?:zum|einschließlich|einschl\\.|inkl\\.|inklusive))?(?:\\s+(?:zum|am))?'),
  before('fr', 'until', "jusqu['’]?\\s*(?:au|à|a)?(?:\\s+(?:le|inclus))?"),
  before('es', 'until', 'hasta'),
  before('pt', 'until', 'até(?:\\s+ao)?'),
  before('nl', 'until', 'tot(?:\\s+en\\s+met)?|t/m'),
  // "do" is an English word too: only directly before the date.
  before('pl', 'until', 'do', '\\s+$'),
];

const JA_WEEKDAY = '(?:[(（][月火水木金土日][)）])?\\s*';

export const DATE_KEYWORDS_AFTER: readonly DateKeyword[] = [
  after('de', 'return', '(?:bin\\s+ich\\s+|sind\\s+wir\\s+)?(?:wieder|zurück)'),
  after('nl', 'return', '(?:ben\\s+ik\\s+|zijn\\s+we\\s+)?(?:weer|terug)'),
  after('ja', 'return', `${JA_WEEKDAY}(?:より|から|以降)?\\s*(?:出社|出勤|戻|復帰|通常|営業|対応|返信)`),
  after('ja', 'until', `${JA_WEEKDAY}まで`),
];
