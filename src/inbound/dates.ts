// chrono-node's casual parser per language, for the return-date search (autoreply.ts) and reply entities
// (screening/classify/entities.ts), each taught a month name + year in any of our languages ("ab März 2027",
// "en mars 2027", "em março de 2027": chrono's de, fr and pt locales skip them), read as the 1st of that month — or its
// 15th or last day after "Mitte"/"Ende" and their kin.
import * as chrono from 'chrono-node';

export type DateLang = 'en' | 'de' | 'fr' | 'es' | 'pt' | 'it' | 'nl';

/** Month names, January first; unaccented spellings too, as people type them. */
const MONTHS: Record<Exclude<DateLang, 'en'>, string[][]> = {
  de: [['januar', 'jänner'], ['februar'], ['märz', 'maerz'], ['april'], ['mai'], ['juni'], ['juli'], ['august'], ['september'], ['oktober'], ['november'], ['dezember']],
  fr: [['janvier'], ['février', 'fevrier'], ['mars'], ['avril'], ['mai'], ['juin'], ['juillet'], ['août', 'aout'], ['septembre'], ['octobre'], ['novembre'], ['décembre', 'decembre']],
  es: [['enero'], ['febrero'], ['marzo'], ['abril'], ['mayo'], ['junio'], ['julio'], ['agosto'], ['septiembre', 'setiembre'], ['octubre'], ['noviembre'], ['diciembre']],
  pt: [['janeiro'], ['fevereiro'], ['março'], ['abril'], ['maio'], ['junho'], ['julho'], ['agosto'], ['setembro'], ['outubro'], ['novembro'], ['dezembro']],
  it: [['gennaio'], ['febbraio'], ['marzo'], ['aprile'], ['maggio'], ['giugno'], ['luglio'], ['agosto'], ['settembre'], ['ottobre'], ['novembre'], ['dicembre']],
  nl: [['januari'], ['februari'], ['maart'], ['april'], ['mei'], ['juni'], ['juli'], ['augustus'], ['september'], ['oktober'], ['november'], ['december']],
};
const MONTH_NUMBER = new Map(Object.values(MONTHS).flatMap((names) => names.flatMap((alts, i) => alts.map((n) => [n, i + 1] as const))));

/** "<month> [de|del] <year>" on one line; the year required, so a bare "August" (a name too) or "mars" is never a date. */
const MONTH_YEAR_RE = new RegExp(`(?<![\\p{L}\\p{N}])(${[...MONTH_NUMBER.keys()].join('|')})(?:[ \\t\\u00a0]+del?)?,?[ \\t\\u00a0]+((?:19|20)\\d\\d)(?![\\p{L}\\p{N}])`, 'iu');
/** A day number just before the month ("20. März", "1er mars", "20 de março"): the locale's own parser reads that date. */
const DAY_BEFORE_RE = /\d(?:er|º|°)?\.?[ \t\u00a0]{1,3}(?:de[ \t\u00a0]{1,3})?$/i;

/** A part of the month just before it: "Ende März", "fin mars", "finales de marzo", "fine marzo", "eind maart",
 *  "end of March" → its last day; "Mitte März", "mi-mars", "mediados de marzo", "meados de março", "metà marzo",
 *  "half maart", "mid-March" → the 15th. Else (and "Anfang", "début", "principios de", "inizio", "begin") the 1st. */
const END_BEFORE_RE = /(?:^|[^\p{L}])(?:ende|fin|finales de|finais de|final de|fine|eind|einde|end of|late)[ \t\u00a0]*$/iu;
const MID_BEFORE_RE = /(?:^|[^\p{L}])(?:mitte|mi-|mediados de|meados de|metà|meta|half|midden|mid-?|mid of)[ \t\u00a0]*$/iu;

/** Every language's names in every locale: a short message is often guessed as another language. */
const MONTH_YEAR_PARSER: chrono.Parser = {
  // One alternation, then fixed separators: linear. Not global: chrono calls exec() on the remaining text.
  pattern: () => MONTH_YEAR_RE,
  extract: (context, m) => DAY_BEFORE_RE.test(context.text.slice(Math.max(0, m.index! - 12), m.index))
    ? null
    : context.createParsingComponents({ month: MONTH_NUMBER.get(m[1]!.toLowerCase())!, year: Number(m[2]) }).imply('day', 1),
};

/** A month with no day, whoever parsed it (ours or the locale's "marzo 2027"), after a part of the month: its last
 *  day or its 15th instead of the 1st. */
const PART_OF_MONTH: chrono.Refiner = {
  refine: (context, results) => {
    for (const r of results) {
      if (r.start.isCertain('day') || !r.start.isCertain('month')) continue;
      const before = context.text.slice(Math.max(0, r.index - 16), r.index);
      const year = r.start.get('year')!, month = r.start.get('month')!;
      if (END_BEFORE_RE.test(before)) r.start.imply('day', new Date(Date.UTC(year, month, 0)).getUTCDate());
      else if (MID_BEFORE_RE.test(before)) r.start.imply('day', 15);
    }
    return results;
  },
};

function withMonthYear(base: chrono.Chrono): chrono.Chrono {
  const c = base.clone();
  c.parsers.push(MONTH_YEAR_PARSER);
  c.refiners.push(PART_OF_MONTH);
  return c;
}

/** The casual parser for each language. */
export const CHRONO: Record<DateLang, chrono.Chrono> = {
  en: withMonthYear(chrono.en.casual), de: withMonthYear(chrono.de.casual), fr: withMonthYear(chrono.fr.casual), es: withMonthYear(chrono.es.casual),
  pt: withMonthYear(chrono.pt.casual), it: withMonthYear(chrono.it.casual), nl: withMonthYear(chrono.nl.casual),
};
