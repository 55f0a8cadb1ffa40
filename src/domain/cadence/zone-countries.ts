/**
 * Country -> zone for inference when the CRM has no usable zone. Multi-zone countries map to the
 * zone that is least wrong for the whole country (US: Central, so both coasts stay within 2 hours);
 * zone-regions.ts refines them by state or province. Kept as text so the table stays compact.
 */
const COUNTRY_ZONE_TABLE = `
AD Europe/Andorra  AE Asia/Dubai  AF Asia/Kabul  AL Europe/Tirane  AM Asia/Yerevan  AO Africa/Luanda
AR America/Argentina/Buenos_Aires  AT Europe/Vienna  AU Australia/Sydney  AZ Asia/Baku  BA Europe/Sarajevo
BB America/Barbados  BD Asia/Dhaka  BE Europe/Brussels  BG Europe/Sofia  BH Asia/Bahrain  BN Asia/Brunei
BO America/La_Paz  BR America/Sao_Paulo  BS America/Nassau  BY Europe/Minsk  CA America/Toronto
CH Europe/Zurich  CI Africa/Abidjan  CL America/Santiago  CM Africa/Douala  CN Asia/Shanghai  CO America/Bogota
CR America/Costa_Rica  CU America/Havana  CY Asia/Nicosia  CZ Europe/Prague  DE Europe/Berlin
DK Europe/Copenhagen  DO America/Santo_Domingo  DZ Africa/Algiers  EC America/Guayaquil  EE Europe/Tallinn
EG Africa/Cairo  ES Europe/Madrid  ET Africa/Addis_Ababa  FI Europe/Helsinki  FJ Pacific/Fiji  FR Europe/Paris
GB Europe/London  GE Asia/Tbilisi  GH Africa/Accra  GR Europe/Athens  GT America/Guatemala  HK Asia/Hong_Kong
HN America/Tegucigalpa  HR Europe/Zagreb  HU Europe/Budapest  ID Asia/Jakarta  IE Europe/Dublin
IL Asia/Jerusalem  IN Asia/Kolkata  IQ Asia/Baghdad  IR Asia/Tehran  IS Atlantic/Reykjavik  IT Europe/Rome
JM America/Jamaica  JO Asia/Amman  JP Asia/Tokyo  KE Africa/Nairobi  KH Asia/Phnom_Penh  KR Asia/Seoul
KW Asia/Kuwait  KZ Asia/Almaty  LB Asia/Beirut  LK Asia/Colombo  LT Europe/Vilnius  LU Europe/Luxembourg
LV Europe/Riga  MA Africa/Casablanca  MD Europe/Chisinau  ME Europe/Podgorica  MK Europe/Skopje  MM Asia/Yangon
MN Asia/Ulaanbaatar  MT Europe/Malta  MU Indian/Mauritius  MX America/Mexico_City  MY Asia/Kuala_Lumpur
NG Africa/Lagos  NI America/Managua  NL Europe/Amsterdam  NO Europe/Oslo  NP Asia/Kathmandu
NZ Pacific/Auckland  OM Asia/Muscat  PA America/Panama  PE America/Lima  PH Asia/Manila  PK Asia/Karachi
PL Europe/Warsaw  PR America/Puerto_Rico  PT Europe/Lisbon  PY America/Asuncion  QA Asia/Qatar
RO Europe/Bucharest  RS Europe/Belgrade  RU Europe/Moscow  RW Africa/Kigali  SA Asia/Riyadh  SE Europe/Stockholm
SG Asia/Singapore  SI Europe/Ljubljana  SK Europe/Bratislava  SN Africa/Dakar  SV America/El_Salvador
TH Asia/Bangkok  TN Africa/Tunis  TR Europe/Istanbul  TT America/Port_of_Spain  TW Asia/Taipei
TZ Africa/Dar_es_Salaam  UA Europe/Kyiv  UG Africa/Kampala  US America/Chicago  UY America/Montevideo
UZ Asia/Tashkent  VE America/Caracas  VN Asia/Ho_Chi_Minh  ZA Africa/Johannesburg  ZW Africa/Harare`;

/** Names and alpha-3 codes seen in CRM country fields, normalised (lower case, no accents or dots). */
const COUNTRY_NAME_TABLE = `
united states|united states of america|usa|america|u s a|u s=US; united kingdom|uk|great britain|britain|england|
scotland|wales|northern ireland|gbr=GB; canada|can=CA; australia|aus=AU; germany|deutschland|deu=DE;
france|fra=FR; spain|espana|esp=ES; italy|italia|ita=IT; netherlands|the netherlands|holland|nld=NL;
belgium=BE; switzerland|schweiz|suisse=CH; austria|osterreich=AT; ireland=IE; portugal=PT; sweden|sverige=SE;
norway|norge=NO; denmark|danmark=DK; finland|suomi=FI; poland|polska=PL; czech republic|czechia=CZ;
hungary=HU; romania=RO; bulgaria=BG; greece=GR; turkey|turkiye=TR; ukraine=UA; russia|russian federation|rus=RU;
israel=IL; united arab emirates|uae=AE; saudi arabia=SA; egypt=EG; south africa=ZA; nigeria=NG; kenya=KE;
india|ind=IN; pakistan=PK; bangladesh=BD; nepal=NP; sri lanka=LK; china=CN; hong kong=HK; taiwan=TW;
japan|jpn=JP; south korea|korea|republic of korea=KR; singapore=SG; malaysia=MY; indonesia=ID;
philippines=PH; thailand=TH; vietnam|viet nam=VN; new zealand=NZ; mexico|mex=MX; brazil|brasil|bra=BR;
argentina=AR; chile=CL; colombia=CO; peru=PE; venezuela=VE; uruguay=UY; puerto rico=PR`;

export const COUNTRY_ZONES: ReadonlyMap<string, string> = new Map(
  COUNTRY_ZONE_TABLE.trim()
    .split(/\s+/)
    .reduce<Array<[string, string]>>((pairs, token, i, all) => {
      if (i % 2 === 0) pairs.push([token, all[i + 1] ?? '']);
      return pairs;
    }, []),
);

const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map(
  COUNTRY_NAME_TABLE.replace(/\|\n/g, '|')
    .split(';')
    .flatMap((entry) => {
      const [names = '', code = ''] = entry.trim().split('=');
      return names.split('|').map((name): [string, string] => [name.trim(), code]);
    }),
);

/** Lower case, accents and punctuation removed, single spaces: how names are compared. */
export const normalizeText = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.,()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** ISO 3166-1 alpha-2 code for a CRM country value (code or common name), or null. */
export function normalizeCountry(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = normalizeText(value);
  if (/^[a-z]{2}$/.test(text)) return text === 'uk' ? 'GB' : text.toUpperCase(); // 'UK' is not ISO but common
  return COUNTRY_NAMES.get(text) ?? null;
}
