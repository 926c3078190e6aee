// Entities in a reply: dates, times and time zones (chrono-node, with zone abbreviations mapped to IANA
// names), amounts with currency (a regular expression, and wink-nlp + wink-eng-lite-web-model's MONEY
// entities where it reads none, loaded lazily and once), e-mail addresses, URLs, phones, and people /
// company names by surface heuristics.
import { createRequire } from 'node:module';
import { CHRONO, mayHoldDate } from '../../inbound/dates.js';
import type { Entities } from '../types.js';

/** Entity extraction reads at most this much of the reply (characters). */
const MAX_ENTITY_CHARS = 5_000;

/** Zone abbreviations as people write them → IANA zone. */
const ZONES: Record<string, string> = {
  et: 'America/New_York', est: 'America/New_York', edt: 'America/New_York', eastern: 'America/New_York',
  ct: 'America/Chicago', cst: 'America/Chicago', cdt: 'America/Chicago', central: 'America/Chicago',
  mt: 'America/Denver', mst: 'America/Denver', mdt: 'America/Denver', mountain: 'America/Denver',
  pt: 'America/Los_Angeles', pst: 'America/Los_Angeles', pdt: 'America/Los_Angeles', pacific: 'America/Los_Angeles',
  gmt: 'Europe/London', bst: 'Europe/London', 'london time': 'Europe/London', utc: 'UTC',
  cet: 'Europe/Berlin', cest: 'Europe/Berlin', mez: 'Europe/Berlin', mesz: 'Europe/Berlin',
  ist: 'Asia/Kolkata', jst: 'Asia/Tokyo', aest: 'Australia/Sydney', aedt: 'Australia/Sydney', sgt: 'Asia/Singapore',
};
const ZONE_RE = new RegExp(`\\b(${Object.keys(ZONES).join('|')})\\b`, 'i');

/** The wink-nlp annotations run per document: named entities only. */
export const WINK_PIPE = ['ner'];

interface WinkEntity { value: string; type: string }
interface Wink { readDoc(text: string): { entities(): { out(detail: unknown): WinkEntity[] } }; its: { detail: unknown } }
let wink: Wink | null | undefined;

/**
 * wink-nlp is CommonJS and its model costs ~150 ms to load: required on first use, once. Only the named-entity
 * step runs (its automaton reads the tokens alone; sentences, negation, sentiment and POS would cost ~45% more
 * per document and change no entity — the classify test holds the two pipes equal).
 */
function loadWink(): Wink | null {
  if (wink !== undefined) return wink;
  try {
    const require = createRequire(import.meta.url);
    const winkNLP = require('wink-nlp') as (model: unknown, pipe?: string[]) => Wink;
    wink = winkNLP(require('wink-eng-lite-web-model'), WINK_PIPE);
  } catch {
    wink = null;
  }
  return wink;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Offset of an IANA zone from UTC at `at`, in minutes. */
function zoneOffsetMinutes(zone: string, at: Date): number | null {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(at);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    return Math.round((asUtc - at.getTime()) / 60_000);
  } catch {
    return null;
  }
}

type Lang = 'en' | 'de' | 'fr' | 'es' | 'pt' | 'it' | 'nl';
const LANG_HINT: [Lang, RegExp][] = [
  ['de', /\b(?:und|nicht|bitte|ihre?|wir|uhr|gerne|passt)\b/i], ['fr', /\b(?:vous|nous|est-ce|merci|mardi|prochain)\b/i],
  ['es', /\b(?:podemos|usted|gracias|jueves|martes|por favor)\b/i], ['pt', /\b(?:obrigad[oa]|vocês?|podemos|terça)\b/i],
  ['it', /\b(?:grazie|possiamo|giovedì|martedì)\b/i], ['nl', /\b(?:bedankt|kunnen|dinsdag|donderdag)\b/i],
];

function dateEntities(text: string, now: Date, defaultZone: string | undefined, out: Entities): void {
  const lang = LANG_HINT.find(([, re]) => re.test(text))?.[0] ?? 'en';
  if (!mayHoldDate(text, lang)) return;
  const results = lang === 'en' ? CHRONO.en.parse(text, now, { forwardDate: true }) : [...CHRONO[lang].parse(text, now, { forwardDate: true }), ...CHRONO.en.parse(text, now, { forwardDate: true })];
  const dates = new Set<string>();
  const times = new Set<string>();
  const datetimes = new Set<string>();
  for (const r of results) {
    // "not right now", "jetzt nicht", "ahora no": the time of writing, not a date the sender proposes.
    if (r.tags().has('casualReference/now')) continue;
    const s = r.start;
    const hasDay = s.isCertain('day') || s.isCertain('weekday') || s.isCertain('month');
    const hasTime = s.isCertain('hour');
    const y = s.get('year');
    const m = s.get('month');
    const d = s.get('day');
    const h = s.get('hour');
    const min = s.get('minute') ?? 0;
    const tail = text.slice(r.index, r.index + r.text.length + 16);
    const zoneWord = ZONE_RE.exec(tail)?.[1]?.toLowerCase();
    const zone = zoneWord ? ZONES[zoneWord] : undefined;
    if (zone && !out.timezone) out.timezone = zone;
    if (hasDay && y && m && d) dates.add(`${y}-${pad2(m)}-${pad2(d)}`);
    if (hasTime && h !== null) times.add(`${pad2(h)}:${pad2(min)}`);
    if (hasDay && hasTime && y && m && d && h !== null) {
      const z = zone ?? defaultZone;
      const offset = s.isCertain('timezoneOffset') ? s.get('timezoneOffset') : z ? zoneOffsetMinutes(z, new Date(Date.UTC(y, m - 1, d, h, min))) : null;
      if (offset !== null && offset !== undefined) datetimes.add(new Date(Date.UTC(y, m - 1, d, h, min) - offset * 60_000).toISOString());
    }
  }
  if (dates.size) out.dates = [...dates];
  if (times.size) out.times = [...times];
  if (datetimes.size) out.datetimes = [...datetimes];
  if (!out.timezone) {
    const z = ZONE_RE.exec(text)?.[1]?.toLowerCase();
    if (z && (times.size || /\btime\b/i.test(text))) out.timezone = ZONES[z];
  }
}

const CURRENCY: Record<string, string> = {
  $: 'USD', usd: 'USD', 'us$': 'USD', dollars: 'USD', '€': 'EUR', eur: 'EUR', euro: 'EUR', euros: 'EUR', '£': 'GBP', gbp: 'GBP', pounds: 'GBP',
  chf: 'CHF', francs: 'CHF', '¥': 'JPY', jpy: 'JPY', yen: 'JPY', aud: 'AUD', cad: 'CAD', inr: 'INR', rupees: 'INR', sek: 'SEK', nok: 'NOK', dkk: 'DKK', pln: 'PLN',
};
const CODES = 'usd|eur|gbp|chf|jpy|aud|cad|inr|sek|nok|dkk|pln';
const WORDS = 'dollars|euros?|pounds|francs|yen|rupees';
// A number: thousands grouped by spaces ("12 400", "18 450,00"), or digits, separators and digits ending in a digit
// ("$11,880.00." is 11,880.00).
const NUM = `\\d{1,3}(?:[ \\u00a0\\u202f]\\d{3})+(?:[.,]\\d{1,2})?(?!\\d)|\\d(?:[\\d,.']*\\d)?`;
const AMOUNT_RE = new RegExp(`(us\\$|[$€£¥]|\\b(?:${CODES})\\b)\\s?(${NUM})\\s?(k|m|thousand|million)?\\b|` +
  `(${NUM})\\s?(k|m|thousand|million)?\\s?(\\b(?:${CODES}|${WORDS})\\b|[€$£])`, 'gi');

function parseNumber(raw: string, mult: string | undefined): number {
  const s = raw.replace(/[ \u00a0\u202f]/g, '');
  const clean = /,\d{3}(?!\d)/.test(s) || /\.\d{1,2}$/.test(s) ? s.replace(/,/g, '') : s.replace(/\./g, '').replace(',', '.');
  const n = Number(clean.replace(/'/g, ''));
  const k = mult?.toLowerCase();
  return k === 'k' || k === 'thousand' ? n * 1_000 : k === 'm' || k === 'million' ? n * 1_000_000 : n;
}

/** A currency sign, or a number next to a currency code or word: where an amount may be written. */
const MONEY_MARK_RE = new RegExp(`[$€£¥]|\\d\\s?(?:${CODES}|${WORDS})|\\b(?:${CODES})\\s?\\d`, 'gi');

/**
 * Amounts the regular expression reads, plus wink-nlp's MONEY entities with a number in them that it did not. wink
 * runs only when some currency mark lies outside every amount read (~0.1 ms a message otherwise): over the 809
 * fixture texts with a mark, wink found nothing the expression had not already read.
 */
function amountEntities(text: string, out: Entities): void {
  const amounts: NonNullable<Entities['amounts']> = [];
  const spans: [number, number][] = [];
  for (const m of text.matchAll(AMOUNT_RE)) {
    const cur = (m[1] ?? m[6] ?? '').toLowerCase();
    const value = parseNumber(m[2] ?? m[4] ?? '', m[3] ?? m[5]);
    spans.push([m.index!, m.index! + m[0].length]);
    if (Number.isFinite(value)) amounts.push({ value, currency: CURRENCY[cur] ?? null, text: m[0].trim() });
  }
  const unread = [...text.matchAll(MONEY_MARK_RE)].some((m) => !spans.some(([a, b]) => m.index! >= a && m.index! < b));
  const nlp = unread ? loadWink() : null;
  if (nlp) {
    for (const e of nlp.readDoc(text).entities().out(nlp.its.detail)) {
      if (e.type !== 'MONEY' || amounts.some((a) => e.value.includes(a.text) || a.text.includes(e.value))) continue;
      const n = /\d[\d,.]*/.exec(e.value);
      if (n) amounts.push({ value: parseNumber(n[0], undefined), currency: null, text: e.value });
    }
  }
  if (amounts.length) out.amounts = amounts;
}

const PHONE_RE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,5}){1,4}/g;
const EMAIL_RE = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const URL_RE = /\bhttps?:\/\/[^\s<>"')]+|\bwww\.[^\s<>"')]+/gi;
const NAME_STOP = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Head|Sales|Marketing|Operations|Team|Office|Thanks|Thank|Best|Kind|Hi|Hello|Dear|Good|Happy|Sent|Get|The|This|Please|Our|We|I|In|On|At|Vice|President|Director|Manager|Lead|Chief|Officer|Ops|Support|Customer|Success|Engineering)$/;
const COMPANY_SUFFIX_RE = /\b((?:[\p{Lu}][\p{L}&.-]*\s){1,3})(Inc|Corp|Corporation|LLC|Ltd|GmbH|AG|SAS|SARL|SL|SA|BV|NV|AS|AB|Oy|plc|Co)\b\.?/gu;
const NAME_RE = /(?:\b(?:Herrn?|Frau|Mr|Mrs|Ms|Dr)\.?\s)?\b[\p{Lu}][\p{Ll}'-]+(?:[ -][\p{Lu}][\p{Ll}'-]+){1,2}\b/gu;

function contactEntities(body: string, all: string, out: Entities): void {
  const emails = [...new Set((all.match(EMAIL_RE) ?? []).map((e) => e.toLowerCase()))];
  const urls = [...new Set((all.match(URL_RE) ?? []).map((u) => u.replace(/[.,;:!?]+$/, '')))];
  const phones = [...new Set((all.match(PHONE_RE) ?? []).map((p) => p.trim()).filter((p) => {
    const digits = p.replace(/\D/g, '').length;
    return digits >= 7 && digits <= 15 && !/^\d{4}-\d{2}-\d{2}$/.test(p) && !/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(p);
  }))];
  const companies = new Set<string>();
  for (const m of body.matchAll(COMPANY_SUFFIX_RE)) companies.add(`${m[1]}${m[2]}`.trim());
  const names = new Set<string>();
  for (const m of body.matchAll(NAME_RE)) {
    const words = m[0].split(/[ -]/);
    if (words.some((w) => NAME_STOP.test(w))) continue;
    if ([...companies].some((c) => c.includes(m[0]))) continue;
    names.add(m[0]);
  }
  if (emails.length) out.emails = emails;
  if (urls.length) out.urls = urls;
  if (phones.length) out.phones = phones;
  if (names.size) out.names = [...names];
  if (companies.size) out.companies = [...companies];
}

/**
 * Entities of a reply. `body` is the new text (dates, amounts, names); `signature` adds contact details.
 * `now` anchors relative dates; `timezone` interprets stated times that carry no zone.
 */
export function extractEntities(body: string, signature: string, now: Date, timezone?: string): Entities {
  const text = body.slice(0, MAX_ENTITY_CHARS);
  const all = `${text}\n${signature.slice(0, MAX_ENTITY_CHARS)}`;
  const out: Entities = {};
  dateEntities(text, now, timezone, out);
  amountEntities(text, out);
  contactEntities(text, all, out);
  return out;
}
