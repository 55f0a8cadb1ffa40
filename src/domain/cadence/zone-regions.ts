import { normalizeText } from './zone-countries';

/**
 * State / province -> zone for countries that span several zones. Entries are
 * `CODE Zone name|alias`; a state split across zones maps to where most of its people live.
 * Codes are ISO 3166-2 subdivision codes without the country prefix.
 */
const E = 'America/New_York';
const C = 'America/Chicago';
const M = 'America/Denver';
const P = 'America/Los_Angeles';
const MC = 'America/Mexico_City';
const SP = 'America/Sao_Paulo';
const MSK = 'Europe/Moscow';

const US = `AL ${C} alabama; AK America/Anchorage alaska; AZ America/Phoenix arizona; AR ${C} arkansas;
CA ${P} california; CO ${M} colorado; CT ${E} connecticut; DE ${E} delaware;
DC ${E} district of columbia|washington dc; FL ${E} florida; GA ${E} georgia; HI Pacific/Honolulu hawaii;
ID America/Boise idaho; IL ${C} illinois; IN America/Indiana/Indianapolis indiana; IA ${C} iowa;
KS ${C} kansas; KY ${E} kentucky; LA ${C} louisiana; ME ${E} maine; MD ${E} maryland; MA ${E} massachusetts;
MI America/Detroit michigan; MN ${C} minnesota; MS ${C} mississippi; MO ${C} missouri; MT ${M} montana;
NE ${C} nebraska; NV ${P} nevada; NH ${E} new hampshire; NJ ${E} new jersey; NM ${M} new mexico;
NY ${E} new york; NC ${E} north carolina; ND ${C} north dakota; OH ${E} ohio; OK ${C} oklahoma;
OR ${P} oregon; PA ${E} pennsylvania; RI ${E} rhode island; SC ${E} south carolina; SD ${C} south dakota;
TN ${C} tennessee; TX ${C} texas; UT ${M} utah; VT ${E} vermont; VA ${E} virginia; WA ${P} washington;
WV ${E} west virginia; WI ${C} wisconsin; WY ${M} wyoming; PR America/Puerto_Rico puerto rico;
GU Pacific/Guam guam; VI America/St_Thomas virgin islands|us virgin islands; AS Pacific/Pago_Pago american samoa`;

const CA = `AB America/Edmonton alberta; BC America/Vancouver british columbia; MB America/Winnipeg manitoba;
NB America/Moncton new brunswick; NL America/St_Johns newfoundland and labrador|newfoundland;
NS America/Halifax nova scotia; NT America/Yellowknife northwest territories; NU America/Iqaluit nunavut;
ON America/Toronto ontario; PE America/Halifax prince edward island; QC America/Toronto quebec;
SK America/Regina saskatchewan; YT America/Whitehorse yukon`;

const AU = `NSW Australia/Sydney new south wales; VIC Australia/Melbourne victoria;
QLD Australia/Brisbane queensland; SA Australia/Adelaide south australia; WA Australia/Perth western australia;
TAS Australia/Hobart tasmania; NT Australia/Darwin northern territory;
ACT Australia/Sydney australian capital territory`;

const BR = `AC America/Rio_Branco acre; AL America/Maceio alagoas; AP America/Belem amapa;
AM America/Manaus amazonas; BA America/Bahia bahia; CE America/Fortaleza ceara; DF ${SP} distrito federal;
ES ${SP} espirito santo; GO ${SP} goias; MA America/Fortaleza maranhao; MT America/Cuiaba mato grosso;
MS America/Campo_Grande mato grosso do sul; MG ${SP} minas gerais; PA America/Belem para;
PB America/Fortaleza paraiba; PR ${SP} parana; PE America/Recife pernambuco; PI America/Fortaleza piaui;
RJ ${SP} rio de janeiro; RN America/Fortaleza rio grande do norte; RS ${SP} rio grande do sul;
RO America/Porto_Velho rondonia; RR America/Boa_Vista roraima; SC ${SP} santa catarina; SP ${SP} sao paulo;
SE America/Maceio sergipe; TO America/Araguaina tocantins`;

const MX = `AGU ${MC} aguascalientes; BCN America/Tijuana baja california; BCS America/Mazatlan baja california sur;
CAM America/Merida campeche; CHP ${MC} chiapas; CHH America/Chihuahua chihuahua;
CMX ${MC} ciudad de mexico|mexico city|cdmx|distrito federal; COA America/Monterrey coahuila;
COL ${MC} colima; DUR America/Monterrey durango; GUA ${MC} guanajuato; GRO ${MC} guerrero; HID ${MC} hidalgo;
JAL ${MC} jalisco; MEX ${MC} estado de mexico|mexico state; MIC ${MC} michoacan; MOR ${MC} morelos;
NAY America/Mazatlan nayarit; NLE America/Monterrey nuevo leon; OAX ${MC} oaxaca; PUE ${MC} puebla;
QUE ${MC} queretaro; ROO America/Cancun quintana roo; SLP ${MC} san luis potosi; SIN America/Mazatlan sinaloa;
SON America/Hermosillo sonora; TAB ${MC} tabasco; TAM America/Matamoros tamaulipas; TLA ${MC} tlaxcala;
VER ${MC} veracruz; YUC America/Merida yucatan; ZAC ${MC} zacatecas`;

const RU = `MOW ${MSK} moscow|moskva; SPE ${MSK} saint petersburg|st petersburg|sankt-peterburg;
MOS ${MSK} moscow oblast; TA ${MSK} tatarstan|kazan; NIZ ${MSK} nizhny novgorod; KDA ${MSK} krasnodar;
ROS ${MSK} rostov; KGD Europe/Kaliningrad kaliningrad; SAM Europe/Samara samara; UD Europe/Samara udmurtia;
VGG Europe/Volgograd volgograd; SAR Europe/Saratov saratov; AST Europe/Astrakhan astrakhan;
ULY Europe/Ulyanovsk ulyanovsk; SVE Asia/Yekaterinburg sverdlovsk|yekaterinburg;
CHE Asia/Yekaterinburg chelyabinsk; BA Asia/Yekaterinburg bashkortostan|ufa; PER Asia/Yekaterinburg perm;
TYU Asia/Yekaterinburg tyumen; OMS Asia/Omsk omsk; NVS Asia/Novosibirsk novosibirsk; TOM Asia/Tomsk tomsk;
KEM Asia/Novokuznetsk kemerovo; ALT Asia/Barnaul altai krai|barnaul; KYA Asia/Krasnoyarsk krasnoyarsk;
IRK Asia/Irkutsk irkutsk; BU Asia/Irkutsk buryatia; ZAB Asia/Chita zabaykalsky|chita;
SA Asia/Yakutsk sakha|yakutia|yakutsk; AMU Asia/Yakutsk amur; PRI Asia/Vladivostok primorsky|vladivostok;
KHA Asia/Vladivostok khabarovsk; SAK Asia/Sakhalin sakhalin; MAG Asia/Magadan magadan;
KAM Asia/Kamchatka kamchatka; CHU Asia/Anadyr chukotka`;

interface RegionTable {
  byCode: Map<string, string>;
  byName: Map<string, string>;
}

function parse(table: string): RegionTable {
  const byCode = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const entry of table.split(';')) {
    const [code, zone, ...words] = entry.trim().split(/\s+/);
    if (!code || !zone) continue;
    byCode.set(code, zone);
    for (const name of words.join(' ').split('|')) byName.set(normalizeText(name), zone);
  }
  return { byCode, byName };
}

const TABLES: ReadonlyMap<string, RegionTable> = new Map(
  Object.entries({ US, CA, AU, BR, MX, RU }).map(([country, table]) => [country, parse(table)]),
);

/** Zone for a state/province code (`CA`, `US-CA`) or name (`California`, `São Paulo`), or null. */
export function regionZone(country: string, region: string | null | undefined): string | null {
  const table = TABLES.get(country);
  if (!table || !region) return null;
  const text = normalizeText(region);
  const code = text.toUpperCase().replace(new RegExp(`^${country}[-_ ]`), '');
  return table.byCode.get(code) ?? table.byName.get(text) ?? null;
}

/** Every zone named in the region tables (tests check each is a real IANA zone). */
export const allRegionZones = (): string[] => [...TABLES.values()].flatMap((t) => [...t.byCode.values()]);

/** [country, zone] for every zone in the region tables. */
export const regionZoneCountries = (): Array<[string, string]> =>
  [...TABLES].flatMap(([country, t]) => [...t.byCode.values()].map((z): [string, string] => [country, z]));
