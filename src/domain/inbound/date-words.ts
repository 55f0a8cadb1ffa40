/**
 * Month and weekday names in the languages the out-of-office parser reads (en, de, fr, es, pt, nl, pl).
 * Short forms that are also common words ("out", "set", "ago", "sat") are left out on purpose.
 */
const MONTHS: ReadonlyArray<readonly [number, string]> = [
  [1, 'january jan januar jänner janvier janv enero ene janeiro januari stycznia styczeń'],
  [2, 'february feb februar février fevrier févr febrero fevereiro fev februari lutego luty'],
  [3, 'march mar märz maerz mär mars marzo março marco maart mrt marca marzec'],
  [4, 'april apr avril avr abril kwietnia kwiecień'],
  [5, 'may mai mayo maio mei maja maj'],
  [6, 'june jun juni juin junio junho czerwca czerwiec'],
  [7, 'july jul juli juillet juil julio julho lipca lipiec'],
  [8, 'august aug août aout agosto augustus sierpnia sierpień'],
  [9, 'september sep sept septembre septiembre setiembre setembro września wrzesień'],
  [10, 'october oct oktober okt octobre octubre outubro października październik'],
  [11, 'november nov novembre noviembre novembro listopada listopad'],
  [12, 'december dec dezember dez décembre decembre déc diciembre dic dezembro grudnia grudzień'],
];

/** ISO weekday numbers (1 = Monday), full names only: short forms collide with words. */
const WEEKDAYS: ReadonlyArray<readonly [number, string]> = [
  [1, 'monday montag lundi lunes segunda-feira segunda maandag poniedziałek poniedzialek'],
  [2, 'tuesday dienstag mardi martes terça-feira terça terca-feira terca dinsdag wtorek'],
  [3, 'wednesday mittwoch mercredi miércoles miercoles quarta-feira quarta woensdag środa sroda'],
  [4, 'thursday donnerstag jeudi jueves quinta-feira quinta donderdag czwartek'],
  [5, 'friday freitag vendredi viernes sexta-feira sexta vrijdag piątek piatek'],
  [6, 'saturday samstag sonnabend samedi sábado sabado zaterdag sobota'],
  [7, 'sunday sonntag dimanche domingo zondag niedziela'],
];

function lookup(table: ReadonlyArray<readonly [number, string]>): Map<string, number> {
  return new Map(table.flatMap(([n, names]) => names.split(' ').map((name) => [name, n] as const)));
}

export const MONTH_BY_NAME = lookup(MONTHS);
export const WEEKDAY_BY_NAME = lookup(WEEKDAYS);

/** Regex alternation, longest first so "septiembre" wins over "sep". */
function alternation(names: Iterable<string>): string {
  return [...names].sort((a, b) => b.length - a.length).join('|');
}

export const MONTH_PATTERN = alternation(MONTH_BY_NAME.keys());
export const WEEKDAY_PATTERN = alternation(WEEKDAY_BY_NAME.keys());
