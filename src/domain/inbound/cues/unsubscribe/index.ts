import { ar } from './ar';
import { type CompiledUnsubscribeCues, compileUnsubscribeCues } from './compile';
import { cs } from './cs';
import { da } from './da';
import { de } from './de';
import { el } from './el';
import { en } from './en';
import { es } from './es';
import { fi } from './fi';
import { fr } from './fr';
import { he } from './he';
import { hi } from './hi';
import { hu } from './hu';
import { id } from './id';
import { it } from './it';
import { ja } from './ja';
import { ko } from './ko';
import { ms } from './ms';
import { nb } from './nb';
import { nl } from './nl';
import { pl } from './pl';
import { pt } from './pt';
import { ro } from './ro';
import { ru } from './ru';
import { sv } from './sv';
import { th } from './th';
import { tr } from './tr';
import type { UnsubscribeCues } from './types';
import { uk } from './uk';
import { vi } from './vi';
import { zh } from './zh';

export type { UnsubscribeCues } from './types';

/** Every language the unsubscribe reader knows, in matching order; the first ten were the original set. */
export const UNSUBSCRIBE_LANGUAGES: readonly UnsubscribeCues[] = [
  en,
  de,
  fr,
  es,
  pt,
  it,
  nl,
  pl,
  sv,
  ja,
  zh,
  ko,
  ru,
  uk,
  tr,
  ar,
  he,
  hi,
  id,
  ms,
  vi,
  th,
  da,
  nb,
  fi,
  cs,
  hu,
  ro,
  el,
];

export const UNSUBSCRIBE_CUES: CompiledUnsubscribeCues = compileUnsubscribeCues(UNSUBSCRIBE_LANGUAGES);
