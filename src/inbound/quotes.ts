// Reply text extraction: the new text of a message without quoted history (attribution lines in seven
// languages, `>` blocks, Outlook header blocks, forwarded blocks) and without the signature (RFC 3676
// §4.3 "-- " delimiter, sign-offs with name/title/phone lines, mobile footers). HTML is converted first,
// to its visible text only (html-text.ts).
import { replyHtmlText } from './html-text.js';

/** Text beyond this is not examined: the new text of a reply sits at the top (characters). */
const MAX_INPUT_CHARS = 100_000;
/** A sign-off must sit within this many non-empty lines of the end of the remaining text. */
const SIGNOFF_WINDOW_LINES = 7;
/** Lines after a sign-off longer than this are prose, not a signature (characters). */
const SIGNATURE_LINE_MAX = 80;

const ATTRIBUTION_RE = new RegExp('^\\s*(?:' + [
  'on\\b.{4,200}\\bwrote', 'am\\b.{4,200}\\bschrieb', 'le\\b.{4,200}\\ba écrit', 'el\\b.{4,200}\\bescribió',
  'em\\b.{4,200}\\bescreveu', 'il\\b.{4,200}\\bha scritto', 'op\\b.{4,200}\\bschreef', 'den\\b.{4,200}\\bskrev',
  '.{2,120}\\b(?:wrote|schrieb|a écrit|escribió|escreveu|ha scritto|schreef|skrev)(?: on| am| le)?\\b.{0,80}',
].join('|') + ')\\s*:\\s*$', 'i'); // the colon is required: "As I wrote before, …" is prose, not an attribution
/**
 * Japanese, Chinese and Korean attributions, ending in an ASCII or a fullwidth colon: "…さんは書きました:",
 * "… 于2026年11月20日周五 10:00写道：", "…, Sarah <s@x>님이 작성:", and Gmail's Japanese "2026年11月20日(金) 10:00
 * Sarah Chen <s@x>:" (a date, then an address).
 */
const CJK_ATTRIBUTION_RE = new RegExp('^\\s*(?:' + [
  '.{2,200}(?:は書きました|が書きました)', '.{2,200}(?:写道|寫道)', '.{2,200}님이 작성',
  '\\d{4}\\s*[年년].{4,120}<[^<>@\\s]{1,100}@[^<>\\s]{1,100}>',
].join('|') + ')\\s*[:：]\\s*$');
/** A CJK date ("2026年", "2026년") or an attribution verb: the lines worth trying (alone or joined) as one. */
const CJK_HINT_RE = /\d\s*[年년]|書きました|写道|寫道|님이 작성/;
const SEPARATOR_RE = new RegExp('^\\s*(?:' + [
  '-{2,}\\s*(?:original message|ursprüngliche nachricht|message d\'origine|mensaje original|mensagem original|messaggio originale|oorspronkelijk bericht|originalnachricht)\\s*-{2,}',
  '-{3,}\\s*forwarded message\\s*-{3,}', 'begin forwarded message:', '-{3,}\\s*weitergeleitete nachricht\\s*-{3,}',
  '-{3,}\\s*message transféré\\s*-{3,}', '-{3,}\\s*mensaje reenviado\\s*-{3,}',
  '-{3,}\\s*(?:mensagem encaminhada|messaggio inoltrato|doorgestuurd bericht)\\s*-{3,}', '_{10,}',
].join('|') + ')\\s*$', 'i');

/** Offset of the first forwarded- or original-message separator line in text, or -1. One pass; only lines opening
 *  with "-", "_" or "b" (Apple's "Begin forwarded message:") are tested. */
export function firstSeparator(text: string): number {
  for (let a = 0; a < text.length;) {
    let e = text.indexOf('\n', a);
    if (e < 0) e = text.length;
    let k = a;
    while (k < e && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) k++;
    const c = text.charCodeAt(k);
    if ((c === 0x2d /* - */ || c === 0x5f /* _ */ || c === 0x62 /* b */ || c === 0x42 /* B */) && SEPARATOR_RE.test(text.slice(a, e))) return a;
    a = e + 1;
  }
  return -1;
}
// Outlook's header block, also in Japanese, Chinese and Korean (fullwidth colon too).
const HEADER_FROM_RE = /^\s*\*?(?:from|von|de|da|van|från|差出人|发件人|發件人|寄件者|보낸 사람)\s*\*?\s*[:：]/i;
const HEADER_NEXT_RE = /^\s*\*?(?:sent|date|gesendet|datum|envoyé|enviado|inviato|verzonden|to|an|à|para|a|aan|subject|betreff|objet|asunto|assunto|oggetto|onderwerp|送信日時|日付|宛先|件名|发送时间|發送時間|寄件日期|日期|收件人|收件者|主题|主旨|보낸 날짜|받는 사람|제목)\s*\*?\s*[:：]/i;
const MOBILE_RE = /^\s*(?:sent from my \w+|sent from (?:outlook|mail for windows|yahoo mail)|get outlook for \w+|von meinem \w+ gesendet|envoyé de mon \w+|enviado desde mi \w+|enviado do meu \w+|inviato da(?:l mio)? \w+|verzonden (?:met|vanaf) mijn \w+)\b.*$/i;
const SIGNOFF_RE = new RegExp('^\\s*(?:' + [
  'best(?: regards| wishes)?', '(?:kind|warm|warmest)? ?regards', 'thanks(?: again| so much)?', 'thank you', 'many thanks', 'thx', 'cheers',
  'sincerely', 'yours(?: truly| sincerely)?', 'all the best', 'talk soon', 'br', 'kr',
  '(?:mit )?(?:freundlichen|besten|herzlichen|viele|liebe|beste) grüßen?', 'gruß', 'lg', 'vg', 'mfg',
  'cordialement', 'bien (?:à vous|cordialement)', 'bonne (?:journée|soirée)', 'salutations', 'amicalement',
  '(?:un )?saludos?(?: cordiales)?', 'atentamente', 'un abrazo', 'atenciosamente', 'abraços', 'obrigad[oa]',
  'cordiali saluti', 'saluti', 'distinti saluti', 'met vriendelijke groet(?:en)?', 'groeten', 'mvg', 'hartelijke groet',
].join('|') + ')\\s*[,.!]?\\s*$', 'i');
/** Headings of the legal notices mail systems append below the signature: stripped with or without a signature before. */
const DISCLAIMER_HEADINGS = ['confidentiality (?:notice|statement|warning)', 'disclaimer\\s*:?\\s*$', 'legal notice\\s*:?\\s*$'];
const DISCLAIMER_HEADING_RE = new RegExp(`^[\\s*]*(?:${DISCLAIMER_HEADINGS.join('|')})`, 'i');
/** Every opener of such a notice, in our seven languages; those not a heading count only after a signature. */
const DISCLAIMER_RE = new RegExp('^[\\s*]*(?:' + [
  ...DISCLAIMER_HEADINGS, 'confidentiality\\s*:', 'disclaimer\\s*:',
  'this (?:e-?mail|message|communication|transmission) and any (?:files|attachments|documents)',
  'this (?:e-?mail|message|communication|transmission) (?:is|contains|may contain)(?: strictly)? (?:confidential|privileged|intended|proprietary)',
  'the information (?:contained )?in this (?:e-?mail|message|communication) is (?:confidential|privileged|intended)',
  'diese (?:e-?mail|nachricht) enthält vertrauliche', 'ce (?:message|courriel|e-?mail) et (?:toutes les|ses|les) pièces jointes',
  'este (?:mensaje|correo)(?: electrónico)? y sus (?:archivos )?(?:anexos|adjuntos)', 'esta mensagem e (?:os )?seus anexos', 'questo messaggio e (?:i suoi |gli eventuali )?allegati',
  'dit (?:e-?mail)?bericht (?:en eventuele bijlagen )?(?:is|kan) (?:uitsluitend|vertrouwelijk)',
].join('|') + ')', 'i');
/** At most this many notice openers are tried below the last sign-off. */
const DISCLAIMER_TRIES = 4;
const SIGNOFF_WITH_NAME_RE = /^\s*(?:[Tt]hanks|THANKS|[Cc]heers|[Bb]est|[Rr]egards|[Tt]hank you|[Tt]hx)\s*[,!-]\s*[\p{Lu}][\p{L}'-]+(?:\s[\p{Lu}][\p{L}'-]+)?\s*$/u;
const NAME_LINE_RE = /^[\p{Lu}][\p{L}.'-]*(?:\s+[\p{Lu}][\p{L}.'-]*){0,3}$/u;
const CONTACT_LINE_RE = /(?:\+?\d[\d ().-]{6,}\d)|(?:\b(?:tel|phone|mobile|cell|fax|m|t|p)\s*[.:]\s)|(?:www\.|https?:\/\/)|@/i;

/** For each index, how many non-empty and how many `>` lines there are from it to the end. */
function suffixCounts(lines: string[]): { nonEmpty: Int32Array; quoted: Int32Array } {
  const nonEmpty = new Int32Array(lines.length + 1);
  const quoted = new Int32Array(lines.length + 1);
  for (let k = lines.length - 1; k >= 0; k--) {
    nonEmpty[k] = nonEmpty[k + 1] + (lines[k].trim() ? 1 : 0);
    quoted[k] = quoted[k + 1] + (/^\s*>/.test(lines[k]) ? 1 : 0);
  }
  return { nonEmpty, quoted };
}

/** Index of the first line of quoted history, or lines.length. */
function quoteStart(lines: string[]): number {
  let counts: ReturnType<typeof suffixCounts> | null = null; // made at the first `>` line; keeps the pass linear
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (SEPARATOR_RE.test(line)) return i;
    const joined = [line, lines[i + 1] ?? '', lines[i + 2] ?? ''];
    const opener = /^\s*(?:on|am|le|el|em|il|op|den)\b/i.test(line);
    if (opener || /\b(?:wrote|schrieb|écrit|escribió|escreveu|scritto|schreef|skrev)\b/i.test(line)) {
      if (ATTRIBUTION_RE.test(line.trim()) && line.length < 300) return i;
      // A wrapped attribution ("On Tue, … Sarah <\nsarah@…> wrote:") starts with its opener; prose that merely
      // mentions writing is not joined to the attribution on the next line.
      if (opener && ATTRIBUTION_RE.test(`${joined[0]} ${joined[1]}`.trim())) return i;
      if (opener && ATTRIBUTION_RE.test(joined.join(' ').trim())) return i;
    }
    if (CJK_HINT_RE.test(line) && line.length < 300) {
      // Wrapped, CJK lines join without a space ("…<sarah@\nacme.test>:"), the address with none either.
      if (CJK_ATTRIBUTION_RE.test(line) || CJK_ATTRIBUTION_RE.test(joined.slice(0, 2).join('')) || CJK_ATTRIBUTION_RE.test(joined.join(''))) return i;
    }
    if (HEADER_FROM_RE.test(line)) {
      const next = lines.slice(i + 1, i + 5).filter((l) => HEADER_NEXT_RE.test(l)).length;
      if (next >= 2) return i;
    }
    if (/^\s*>/.test(line)) {
      counts ??= suffixCounts(lines);
      if (counts.quoted[i] / counts.nonEmpty[i] > 0.6) return i; // share of quoted lines in the rest
    }
  }
  return lines.length;
}

function isSignatureLine(l: string): boolean {
  const t = l.trim();
  return t !== '' && l.length <= SIGNATURE_LINE_MAX && !/[.?!:;]$/.test(t);
}

/** Index where the signature starts in `lines` (already without quotes), or lines.length. */
function signatureStart(all: string[]): number {
  let lines = all;
  const delimiter = lines.findIndex((l) => l === '-- ' || l === '--' || l === '—' || MOBILE_RE.test(l));
  if (delimiter >= 0) lines = lines.slice(0, delimiter);
  const nonEmpty = lines.map((l, i) => (l.trim() ? i : -1)).filter((i) => i >= 0);
  const window = nonEmpty.slice(-SIGNOFF_WINDOW_LINES);
  for (const i of window) {
    if (i === nonEmpty[0]) continue;
    const tail = lines.slice(i + 1).filter((l) => l.trim());
    const tailIsSignature = tail.every((l) => l.length <= SIGNATURE_LINE_MAX) && tail.length <= 6;
    if (SIGNOFF_RE.test(lines[i]) && tailIsSignature) return i;
    if (SIGNOFF_WITH_NAME_RE.test(lines[i]) && tail.length === 0) return i;
  }
  // A trailing block (after a blank line) of short name / title / contact lines with no sign-off.
  let j = lines.length;
  while (j > 0 && !lines[j - 1].trim()) j--;
  let k = j;
  while (k > 0 && isSignatureLine(lines[k - 1])) k--;
  const block = lines.slice(k, j);
  if (k > 0 && !lines[k - 1].trim() && block.length >= 2 && block.length <= 6 && NAME_LINE_RE.test(block[0].trim()) && block.some((l) => CONTACT_LINE_RE.test(l)) && k > nonEmpty[0]) return k;
  return lines.length;
}

/**
 * Index of a legal notice at the end of `lines` ("CONFIDENTIALITY NOTICE: …", "This email and any attachments are
 * confidential …"), or lines.length. It runs to the end with no sign-off or "-- " (RFC 3676 §4.3) in it, does not
 * open the message, and is a notice heading or follows a signature: a body that mentions confidentiality stays.
 */
function disclaimerStart(lines: string[]): number {
  const first = lines.findIndex((l) => l.trim());
  const openers: number[] = [];
  for (let i = lines.length - 1; i > first; i--) {
    const l = lines[i];
    if (l === '-- ' || l === '--' || SIGNOFF_RE.test(l) || SIGNOFF_WITH_NAME_RE.test(l)) break;
    if (DISCLAIMER_RE.test(l)) openers.push(i);
  }
  for (const i of openers.reverse().slice(0, DISCLAIMER_TRIES)) {
    if (DISCLAIMER_HEADING_RE.test(lines[i]) || signatureStart(lines.slice(0, i)) < i) return i;
  }
  return lines.length;
}

export interface ReplyParts { body: string; signature: string }

/** The new text of a message split into body and signature, quoted history dropped. */
export function splitReply(text: string, html: string | null): ReplyParts {
  const source = text.trim() ? text : html ? replyHtmlText(html) : '';
  const lines = source.slice(0, MAX_INPUT_CHARS).replace(/\r\n?/g, '\n').split('\n').map((l) => (l === '-- ' ? l : l.trimEnd()));
  const top = lines.slice(0, quoteStart(lines)).filter((l) => !/^\s*>/.test(l));
  // The signature is looked for above a trailing legal notice; the notice goes with it.
  const cut = signatureStart(top.slice(0, disclaimerStart(top)));
  const tidy = (ls: string[]) => ls.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return { body: tidy(top.slice(0, cut)), signature: tidy(top.slice(cut)) };
}

/** The new text of a message: quotes and signature removed, trimmed. */
export function replyText(text: string, html: string | null): string {
  return splitReply(text, html).body;
}
