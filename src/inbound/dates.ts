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

const words = (s: string) => s.trim().split(/\s+/);

/**
 * The words that carry a date or time in chrono's casual parsers for each language (weekday and month names,
 * casual words such as "tomorrow" or "übermorgen", time units), from the locales' dictionaries (chrono-node 2.10).
 * Left out: the non-English weekday abbreviations that are everyday words too (German "so", "do", Dutch "ma",
 * French "mer", Portuguese "ter", …), which chrono reads as weekdays wherever they stand. A text holding none of
 * these words and no digit in a date or time shape gives chrono nothing to read, or only misreadings (below).
 */
const DATE_WORDS: Record<DateLang, string[]> = {
  en: words(`sunday monday tuesday wednesday thursday friday saturday sun mon tue tues wed thu thur thurs fri sat weekend weekday
    january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    today tonight tomorrow overmorrow tmr tmrw yesterday night morning afternoon evening midnight midday noon
    sec second seconds min mins minute minutes hr hrs hour hours day days week weeks mo mos month months qtr quarter quarters yr year years`),
  de: words(`sonntag montag dienstag mittwoch donnerstag freitag samstag sonnabend wochenende
    januar jänner janner februar feber märz maerz mär mrz april mai juni juli august september oktober okt november dezember dez
    jetzt heute morgen übermorgen uebermorgen gestern vorgestern nacht vormittag mittag mittags nachmittag abend mitternacht
    sek sekunde sekunden minute minuten std stunde stunden tag tage tagen woche wochen monat monate monaten monats
    quartal quartals quartale quartalen jr jahr jahre jahren jahres uhr`),
  fr: words(`dimanche lundi mardi mercredi jeudi vendredi samedi
    janvier janv février fév févr fevrier fev fevr mars avril avr mai juin juil juillet août aout septembre octobre novembre décembre decembre déc
    maintenant aujourd hier demain midi aprem soir matin minuit nuit
    seconde secondes heure heures jour jours semaine semaines mois trimestre trimestres an ans année années annee annees`),
  es: words(`domingo lunes martes miércoles miercoles jueves viernes sábado sabado
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ene abr ago dic
    ahora hoy mañana manana ayer tarde noche medianoche mediodia mediodía
    segundo segundos minuto minutos hora horas día días dia dias semana semanas mes meses cuarto cuartos año años ano anos`),
  pt: words(`domingo segunda terça terca quarta quinta sexta sábado sabado feira
    janeiro fevereiro março marco abril maio junho julho agosto setembro outubro novembro dezembro fev abr mai ago set out dez
    agora hoje amanhã amanha ontem tarde noite manhã manha dia`),
  it: words(`domenica lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre gen mag giu lug ago set sett ott dic
    adesso ora oggi stasera stanotte domani dopodomani ieri stamattina stamani mattina pomeriggio sera notte mezzanotte mezzogiorno
    secondo secondi minuto minuti ore giorno giorni gg settimana settimane mese mesi trim trimestre trimestri anno anni`),
  nl: words(`zondag maandag dinsdag woensdag donderdag vrijdag zaterdag
    januari februari maart mrt mei juni juli augustus oktober okt
    nu vandaag morgen morgend gisteren overmorgen eergisteren vanmorgen vanochtend vanmiddag vanavond vannacht gisteravond
    ochtend middag avond nacht middernacht seconde seconden minuut minuten minuutje uur uren dag dagen weken maand maanden jaar jaren`),
};
/** English is parsed beside every language, and the month-year parser above knows every language's months. */
const DATE_WORD_SETS = Object.fromEntries((Object.keys(DATE_WORDS) as DateLang[]).map((l) =>
  [l, new Set([...DATE_WORDS[l], ...DATE_WORDS.en, ...MONTH_NUMBER.keys()])])) as unknown as Record<DateLang, ReadonlySet<string>>;
/** Digits in a date or time shape: 10:30, 1.12., 2026-12-01, 17h30, 13–14, 10am, 5 p.m., 10 Uhr, 3rd, 1er, 20º, 5 d,
 *  at/um/à/alle/om 10. Any other number (a price, "50 seats", a phone number, "§ 3") chrono reads as nothing, or
 *  as a time by mistake. */
const DATE_DIGITS_RE = /\d\s?(?:[:./–—-]|h)\s?\d|\d\s?(?:am|pm|a\.m|p\.m|h|uhr|uur|u|o.?clock|st|nd|rd|th|er|e|º|°|ª|s|m|d|w|y)(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(?:at|from|um|ab|à|às|alle|om|vers|las)\s+\d/iu;
const LETTERS_RE = /\p{L}+/gu;

/**
 * Whether chrono (English and `lang`) can find a date or time in `text`: false spares the ~50 regular expressions
 * it runs over the text. Measured over every text of the test fixtures (paragraphs, lines and whole messages):
 * where this says false, chrono found only misreadings of words cut at an accented letter or of phone numbers
 * ("satın" → "sat", "a mí" → "a m[inute]", "+1 555 0142\n\nP" → 01:42 PM), never a date a person wrote.
 */
export function mayHoldDate(text: string, lang: DateLang): boolean {
  if (DATE_DIGITS_RE.test(text)) return true;
  const set = DATE_WORD_SETS[lang];
  for (const m of text.matchAll(LETTERS_RE)) if (set.has(m[0].toLowerCase())) return true;
  return false;
}

/** The casual parser for each language. */
export const CHRONO: Record<DateLang, chrono.Chrono> = {
  en: withMonthYear(chrono.en.casual), de: withMonthYear(chrono.de.casual), fr: withMonthYear(chrono.fr.casual), es: withMonthYear(chrono.es.casual),
  pt: withMonthYear(chrono.pt.casual), it: withMonthYear(chrono.it.casual), nl: withMonthYear(chrono.nl.casual),
};
