import { ar } from './ar';
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
import type { OooCues } from './types';
import { uk } from './uk';
import { vi } from './vi';
import { zh } from './zh';

export type { OooCues } from './types';

/** Every language the out-of-office reader knows; the first eight were the original set. */
export const OOO_LANGUAGES: readonly OooCues[] = [
  en,
  de,
  fr,
  es,
  pt,
  nl,
  pl,
  ja,
  it,
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
  sv,
  da,
  nb,
  fi,
  cs,
  hu,
  ro,
  el,
];
