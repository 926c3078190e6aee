// Auto-reply detection (RFC 3834 headers, vendor headers, localised subjects and wording in en/de/fr/
// es/pt/it/nl), out-of-office vs other auto-replies, and the stated return date (chrono-node per locale,
// with month + year, dates.ts; plus numeric day.month forms chrono misses).
import { CHRONO, mayHoldDate } from './dates.js';
import { header, type ParsedMessage } from './parse.js';
import { visibleText } from './html-text.js';
import type { AutoReplyInfo } from '../screening/types.js';

/** How much of the body the wording checks and the date search read (characters). */
const BODY_SCAN_CHARS = 3_000;
/** Return dates further ahead than this are ignored as misreadings (days). */
const MAX_RETURN_DAYS = 400;
const DAY_MS = 86_400_000;
/** A Date header further ahead of the clock than this is a wrong clock, not the time of writing (ms). */
const MAX_DATE_AHEAD_MS = DAY_MS;

const AUTO_SUBJECT_RE = new RegExp('^\\s*(?:' + [
  'automatic reply', 'auto[- ]?reply', 'auto[- ]?response', 'autoreply', 'auto:', 'out of (?:the )?office', 'ooo\\b',
  'away:', 'abwesen', 'automatische antwort', 'urlaub\\b', 'réponse automatique', 'absen(?:ce|t)', 'accusé de réception',
  'respuesta automática', 'fuera de la oficina', 'ausencia', 'resposta automática', 'fora do escritório', 'ausente',
  'ausência', 'risposta automatica', 'ricevuta automatica', 'fuori (?:sede|ufficio)', 'assente', 'automatisch antwoord',
  'afwezig', 'niet aanwezig',
].join('|') + ')', 'i');

/** Subjects only software writes ("Automatic reply:", "Réponse automatique", "Accusé de réception"); the other
 *  AUTO_SUBJECT_RE subjects ("Absence …", "Out of office", "Urlaub") a person may choose for a note of their own. */
const GENERATED_SUBJECT_RE = /^\s*(?:auto|automati|r[ée]ponse automatique|respuesta autom[áa]tica|resposta autom[áa]tica|risposta automatica|ricevuta automatica|accus[ée] de r[ée]ception)/i;

/** Out-of-office wording, any of the seven languages. */
const OOO_RE = new RegExp([
  'out of (?:the )?office', '\\booo\\b', 'on (?:annual |parental |maternity |paternity |sick )?leave', 'on (?:vacation|holiday|pto)\\b',
  '\\bpto\\b', 'away (?:from (?:the office|my desk)|on (?:vacation|holiday|business))', 'limited access to (?:my )?e-?mail',
  'currently (?:away|travell?ing|out)', 'no access to (?:my )?e-?mail', "i'?m off until", 'while travell?ing', 'at a conference',
  'abwesen', 'nicht im büro', 'außer haus', 'im urlaub', 'nicht erreichbar', 'wieder (?:im büro|erreichbar)', 'elternzeit',
  'absente?\\b', 'en congés?', 'hors du bureau', 'de retour le', 'en déplacement',
  'fuera de la oficina', 'de vacaciones', 'estaré (?:fuera|ausente)', 'estoy de viaje', 'de viaje',
  'fora do escritório', 'de férias', 'de licença', 'estarei (?:fora|ausente)',
  'fuori (?:ufficio|sede)', 'in ferie', 'sarò assente', 'in malattia', 'sono assente', 'rientrerò', 'al mio rientro',
  'afwezig', 'niet op kantoor', 'op vakantie', 'met vakantie', 'weer bereikbaar', 'weer terug',
  'ausente', 'assente',
].join('|'), 'i');

/** Phrases an out-of-office autoresponder writes and a person replying by hand rarely does. */
const OOO_CONFIRM_RE = new RegExp([
  'limited access', 'no access to', 'will (?:be )?(?:back|return)', 'when i return', 'upon my return', 'on my return',
  'urgent', 'in my absence', 'will not be forwarded', 'in the meantime', 'until (?:then|my return)', 'returning',
  'wieder', 'dringend', 'nicht weitergeleitet', 'à mon retour', 'de retour', 'urgence', 'a mi regreso', 'volveré', 'vuelvo',
  'retorno', 'volto', 'urgência', 'al mio rientro', 'rientro', 'tornerò', 'urgenze', 'terug', 'bereikbaar', 'doorgestuurd',
].join('|'), 'i');

/** Wording of non-out-of-office auto-replies: acknowledgements, tickets, unmonitored mailboxes. */
const AUTO_BODY_RE = new RegExp([
  'this (?:is|was) an? (?:automated|automatic|auto-generated) (?:message|reply|response|confirmation|e-?mail)',
  'this is an automatic confirmation', '(?:message|e-?mail|reply|response) (?:is|was|has been) (?:sent|generated) automatically', 'sent automatically (?:by|from) (?:an?|the|our|this) (?:system|mailbox|server|service|autoresponder|mail server)',
  'do not reply to this(?: automated)? (?:message|e-?mail)', 'please do not reply\\s*(?:[.!\\n]|$)', 'automated message',
  '(?:ticket|case|request)\\s*(?:#|no\\.?|number)?\\s*[\\w-]{0,40}\\d[\\w-]{0,40} has been (?:created|received|logged|opened)',
  'your (?:ticket|request|message|e-?mail|submission|enquiry|inquiry)(?: \\(#?\\d+\\))? (?:has been|was) (?:received|logged|created)',
  'we have (?:logged|received) your', 'logged your query', 'a new ticket has been opened', 'reached the .{1,40} team',
  'this (?:mailbox|address|inbox) is (?:no longer |not |only )?monitored', 'responses? (?:may|will) take up to',
  'ceci est une réponse automatique', 'nous avons bien reçu votre', 'mensaje automático', 'hemos recibido su',
  'messaggio generato automaticamente', 'abbiamo ricevuto la sua', 'dies ist eine automatische', 'wir haben ihre (?:anfrage|nachricht|e-mail) erhalten',
  'wij hebben uw bericht ontvangen', 'recebemos a sua', 'mensagem automática',
].join('|'), 'i');

const NOREPLY_LOCAL_RE = /^(?:no-?reply|do-?not-?reply|donotreply|auto-?reply|autoresponder|auto-?confirm)$/i;

/** Header evidence, strongest first. RFC 3834 §5 Auto-Submitted; the rest are de-facto conventions. */
function headerSignal(msg: ParsedMessage): string | null {
  const auto = header(msg, 'auto-submitted');
  if (auto && !/^\s*no\b/i.test(auto)) return 'auto-submitted';
  if (header(msg, 'x-autoreply') !== null || header(msg, 'x-autorespond') !== null || header(msg, 'x-autoresponse') !== null) return 'x-autoreply';
  if (/^\s*(auto_reply|bulk|junk|list)\b/i.test(header(msg, 'precedence') ?? '')) return 'precedence';
  if (header(msg, 'x-ms-exchange-inbox-rules-loop') !== null) return 'exchange-rules-loop';
  if (/\b(all|oof|autoreply)\b/i.test(header(msg, 'x-auto-response-suppress') ?? '')) return 'x-auto-response-suppress';
  if ((msg.headers.get('return-path') ?? []).some((v) => /^\s*<\s*>\s*$/.test(v))) return 'null-return-path';
  if (NOREPLY_LOCAL_RE.test(msg.from?.address.split('@')[0] ?? '')) return 'noreply-sender';
  return null;
}

const GREETING_RE = /^\s*(?:hi|hello|hey|dear|ciao|caro|cara|gentile|hallo|liebe|lieber|moin|bonjour|salut|chère|cher|hola|querida|querido|estimada|estimado|olá|ola|oi|beste|hoi|dag)\s+([\p{L}'-]+)/iu;

/**
 * A person writing ahead of their leave greets the reader by name ("Ciao Sarah, ti avviso che sarò in ferie dal 22
 * dicembre …"); an autoresponder answers everyone alike. True when the body's first line greets a To recipient.
 */
function greetsRecipient(body: string, msg: ParsedMessage): boolean {
  const m = GREETING_RE.exec(body);
  if (!m) return false;
  const name = m[1]!.toLowerCase();
  return msg.to.some((a) => a.name.toLowerCase().split(/\s+/)[0] === name);
}

function bodyOf(msg: ParsedMessage): string {
  const t = msg.text.trim() ? msg.text : visibleText(msg.html ?? '');
  return t.slice(0, BODY_SCAN_CHARS);
}

/**
 * An auto-reply, or null. Call after the bounce and complaint checks (bounces carry Auto-Submitted too).
 * `newText`: the reply text without quoted history, when the caller has it (wording in quotes is old).
 */
export function detectAutoReply(msg: ParsedMessage, now: Date, newText?: string): AutoReplyInfo | null {
  const body = newText !== undefined && newText.trim() ? newText.slice(0, BODY_SCAN_CHARS) : bodyOf(msg);
  const hdr = headerSignal(msg);
  const greets = greetsRecipient(body, msg);
  // "Absence et délégation" over "Bonjour Sarah, je serai en congés …" is a person's note, not a responder's
  const subjectAuto = AUTO_SUBJECT_RE.test(msg.subject) && (GENERATED_SUBJECT_RE.test(msg.subject) || !greets);
  const oooWords = OOO_RE.test(body) || OOO_RE.test(msg.subject);
  const ackWords = AUTO_BODY_RE.test(body);
  const bodyOnlyOoo = oooWords && OOO_CONFIRM_RE.test(body) && !/\?\s*$/.test(body.trim()) && !greets;
  if (!hdr && !subjectAuto && !ackWords && !bodyOnlyOoo) return null;
  const sentAt = referenceTime(msg.date, now, msg.received);
  const info: AutoReplyInfo = { outOfOffice: oooWords, returnDate: oooWords ? returnDate(`${msg.subject}\n${body}`, sentAt) : null };
  // the receiving server's stamp stood in for a missing or wrong Date: the engine reads a default pause from it too
  if (msg.received && sentAt.getTime() === msg.received.getTime() && msg.date?.getTime() !== sentAt.getTime()) info.sentAt = sentAt.toISOString();
  return info;
}

/**
 * What "Monday", "19 October" or "next week" in a message are read against: when it was written, its Date
 * (RFC 5322 §3.6.1, the origination date) — not when we happen to process it. A Date more than a day ahead of `now`
 * is a wrong clock and not used; so is one more than MAX_CLOCK_SKEW_MS from the receiving server's stamp (`received`,
 * the topmost Received field), which then stands in — as long as that stamp is not itself ahead of `now`. Else now.
 */
export function referenceTime(date: Date | null, now: Date, received?: Date | null): Date {
  const usable = (d: Date | null | undefined): d is Date => !!d && !Number.isNaN(d.getTime()) && d.getTime() - now.getTime() <= MAX_DATE_AHEAD_MS;
  const stamp = usable(received) ? received : null;
  if (usable(date)) return stamp && Math.abs(date.getTime() - stamp.getTime()) > MAX_CLOCK_SKEW_MS ? stamp : date;
  return stamp ?? now;
}
// Longer than any MTA keeps retrying (Postfix maximal_queue_lifetime defaults to 5 days): a Date further than this
// from the receiving server's stamp is not delivery delay but a wrong clock on the sender's side.
const MAX_CLOCK_SKEW_MS = 5 * 24 * 3600_000;

type Lang = 'en' | 'de' | 'fr' | 'es' | 'pt' | 'it' | 'nl';
const LANG_WORDS: Record<Exclude<Lang, 'en'>, RegExp> = {
  de: /\b(ich|bin|und|nicht|im|büro|bis|zum|ab|wieder|ihre|sie|urlaub|vielen|dank)\b/gi,
  fr: /\b(je|suis|le|la|et|du|au|jusqu|retour|votre|merci|bureau|vous)\b/gi,
  es: /\b(estoy|el|la|de|hasta|su|gracias|oficina|regreso|volveré|correo|vuelvo)\b/gi,
  pt: /\b(estou|estarei|do|da|até|no|dia|obrigad[oa]|escritório|retorno|volto|férias)\b/gi,
  it: /\b(sono|il|al|fino|ufficio|rientro|grazie|sarò|della|dicembre|gennaio)\b/gi,
  nl: /\b(ik|ben|het|een|tot|en|met|op|weer|kantoor|bedankt|vakantie|vanaf)\b/gi,
};

function guessLang(text: string): Lang {
  let best: Lang = 'en';
  let bestN = 1;
  for (const [lang, re] of Object.entries(LANG_WORDS) as [Exclude<Lang, 'en'>, RegExp][]) {
    const n = text.match(re)?.length ?? 0;
    if (n > bestN) { best = lang; bestN = n; }
  }
  const en = text.match(/\b(the|i|am|and|will|be|my|until|back|office|your|thank|you)\b/gi)?.length ?? 0;
  return en >= bestN ? 'en' : best;
}

const RETURN_CUE_RE = /\b(?:back|return(?:ing|s)?|wieder|zurück|retour|rentre|regreso|volveré|vuelvo|retorno|volto|rientr\w*|torner\w*|terug|vanaf|ab(?: dem| den)?|à partir du|a partir de(?:l)?)\b[^.\n]{0,30}$/i;
const UNTIL_CUE_RE = /\b(?:until|till|through|thru|bis(?: zum| einschließlich)?|jusqu'?\s?au|hasta(?: el)?|até|fino al|tot(?: en met)?)\b[^.\n]{0,25}$/i;
const RETURN_AFTER_RE = /^[^.\n]{0,30}\b(?:wieder|back|terug|bereikbaar)\b/i;

interface Candidate { index: number; y: number; m: number; d: number }

/** day.month[.year] and day/month/year forms (month/day for English), which chrono's locales skip. */
function numericDates(text: string, lang: Lang, now: Date): Candidate[] {
  const out: Candidate[] = [];
  const re = /\b(\d{1,2})([./])(\d{1,2})(?:\2(\d{2,4}))?\.?(?![\d/])/g;
  for (const m of text.matchAll(re)) {
    if (m[2] === '/' && !m[4]) continue;
    let d = Number(m[1]);
    let mo = Number(m[3]);
    if (m[2] === '/' && lang === 'en') [d, mo] = [mo, d];
    if (mo < 1 || mo > 12 || d < 1 || d > 31) continue;
    let y = m[4] ? Number(m[4].length === 2 ? `20${m[4]}` : m[4]) : now.getUTCFullYear();
    if (!m[4] && Date.UTC(y, mo - 1, d) < Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())) y += 1;
    out.push({ index: m.index ?? 0, y, m: mo, d });
  }
  return out;
}

function chronoDates(text: string, lang: Lang, now: Date): Candidate[] {
  const out: Candidate[] = [];
  if (!mayHoldDate(text, lang)) return out;
  const parsers = lang === 'en' ? [CHRONO.en] : [CHRONO[lang], CHRONO.en];
  for (const p of parsers) {
    for (const r of p.parse(text, now, { forwardDate: true })) {
      const s = r.start;
      // A day, a weekday, or a month of a stated year ("ab März 2027": its 1st).
      if (!s.isCertain('day') && !s.isCertain('weekday') && !(s.isCertain('month') && s.isCertain('year'))) continue;
      if (/^\d{1,2}[./]\d{1,2}/.test(r.text)) continue;
      // a match that ends inside a word is a misreading: English "7 d" (seven days) in French "7 décembre"
      if (/\p{L}/u.test(text.charAt(r.index + r.text.length))) continue;
      // "right now", "jetzt", "ahora": the time of writing, not a date anyone stated.
      if (r.tags().has('casualReference/now')) continue;
      const y = s.get('year');
      const m = s.get('month');
      const d = s.get('day');
      if (y && m && d) out.push({ index: r.index, y, m, d });
    }
  }
  return out;
}

/** The stated return date: a date after a return cue, else after an "until" cue, else the only date. */
export function returnDate(text: string, now: Date): string | null {
  const lang = guessLang(text);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const cands = [...chronoDates(text, lang, now), ...numericDates(text, lang, now)].filter((c) => {
    const t = Date.UTC(c.y, c.m - 1, c.d);
    return t >= today && t - today <= MAX_RETURN_DAYS * DAY_MS;
  });
  if (cands.length === 0) return null;
  const scored = cands.map((c) => {
    const before = text.slice(Math.max(0, c.index - 45), c.index);
    const after = text.slice(c.index, c.index + 45).replace(/^\S+/, '');
    const score = RETURN_CUE_RE.test(before) ? 3 : UNTIL_CUE_RE.test(before) ? 2 : RETURN_AFTER_RE.test(after) ? 1.5 : 0;
    return { c, score };
  });
  scored.sort((a, b) => b.score - a.score || b.c.index - a.c.index);
  const best = scored[0];
  if (best.score === 0 && new Set(cands.map((c) => `${c.y}-${c.m}-${c.d}`)).size > 1) return null;
  const { y, m, d } = best.c;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
