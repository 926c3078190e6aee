// Unicode normalisation helpers for screening: removal of invisible characters (zero-width, bidi,
// tag block, private use) with counts, ASCII smuggled in tag characters, per-word folding
// (NFKD + mark stripping, Cyrillic/Greek homoglyphs → Latin, leetspeak) and HTML entity decoding.

export interface InvisibleStats {
  /** Zero-width and other format characters (ZWSP, ZWNJ, ZWJ, WJ, BOM, soft hyphen, CGJ, fillers). */
  zeroWidth: number;
  /** Those sitting between two letters: a word split to dodge matching (padding sits between spaces). */
  zeroWidthInWord: number;
  /** Bidi embeddings / overrides / isolates (U+202A–202E, U+2066–2069); plain LRM/RLM not counted. */
  bidi: number;
  /** Tag characters U+E0000–E007F outside emoji flag sequences. */
  tag: number;
  /** Variation selectors supplement U+E0100–E01EF (can smuggle bytes). */
  variation: number;
  /** Private-use code points. */
  privateUse: number;
  /** ASCII carried by tag characters (U+E0020–E007E → ' '…'~'). */
  tagText: string;
}

export interface Cleaned { text: string; stats: InvisibleStats }

const BLACK_FLAG = 0x1f3f4; // emoji subdivision flags (🏴 + tag letters + cancel tag) are benign

function isZeroWidth(c: number): boolean {
  return (c >= 0x200b && c <= 0x200d) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff || c === 0x00ad ||
    c === 0x034f || c === 0x180e || c === 0x115f || c === 0x1160 || c === 0x3164 || c === 0xffa0;
}
function isBidi(c: number): boolean {
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}
/** Fullwidth digits and Latin letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A). */
function isWideAlnum(c: number): boolean {
  return (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
}
/** The rest of the fullwidth ASCII block (U+FF01–FF5E): punctuation. Next to fullwidth letters it is Latin text
 *  written wide, and the scan maps it to ASCII as NFKC does, so that "Ａｓｉｓｔｅｎｔｅ：" ends in a colon and
 *  "ｘ＠ｙ．ｔｅｓｔ" holds an at sign; in Chinese or Japanese prose, where "：" and "，" are ordinary, it is left alone.
 *  The letters themselves are left to the per-word fold (foldWord), which counts them as styled. */
function isWidePunct(c: number): boolean {
  return c >= 0xff01 && c <= 0xff5e && !isWideAlnum(c);
}
/** ASCII letters only: joiners between letters of scripts that need them (Arabic, Indic) are normal. */
function isLetterish(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** JavaScript's \s (and what String.prototype.trim removes): tab, line breaks, space, no-break spaces, the Unicode
 *  space separators, BOM. */
export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/** Code units an invisible character can start with: U+00AD, U+034F and everything from U+115F (surrogates too). */
const MAYBE_INVISIBLE = /[\u00ad\u034f\u115f-\uffff]/g;

/** Removes invisible characters in one pass and counts them; the text keeps everything else. */
export function stripInvisible(s: string): Cleaned {
  const stats: InvisibleStats = { zeroWidth: 0, zeroWidthInWord: 0, bidi: 0, tag: 0, variation: 0, privateUse: 0, tagText: '' };
  // Fast path (a native scan): no code unit at which an invisible character could start.
  MAYBE_INVISIBLE.lastIndex = 0;
  const first = MAYBE_INVISIBLE.exec(s);
  if (first === null) return { text: s, stats };
  let i = first.index;
  const out: string[] = [];
  let runStart = 0;
  let afterFlag = false;
  const tagChars: string[] = [];
  const flush = (end: number) => { if (end > runStart) out.push(s.slice(runStart, end)); };
  for (; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u < 0x115f && u !== 0xad && u !== 0x34f) { afterFlag = false; continue; } // nothing invisible below U+115F but these two
    const c = s.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    let drop = false;
    if (c === 0xfe0f || c === 0xfe0e) drop = true; // emoji presentation selectors: harmless
    else if (isZeroWidth(c)) {
      drop = true; stats.zeroWidth++;
      const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
      let j = i + 1; while (j < s.length && isZeroWidth(s.charCodeAt(j))) j++;
      if (isLetterish(prev) && j < s.length && isLetterish(s.charCodeAt(j))) stats.zeroWidthInWord++;
    } else if (isBidi(c)) { drop = true; stats.bidi++; }
    else if (c >= 0xe0000 && c <= 0xe007f) {
      drop = true;
      if (!afterFlag) { stats.tag++; if (c >= 0xe0020 && c <= 0xe007e) tagChars.push(String.fromCharCode(c - 0xe0000)); }
    } else if (c >= 0xe0100 && c <= 0xe01ef) { drop = true; stats.variation++; }
    else if ((c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000) { drop = true; stats.privateUse++; }
    if (drop) { flush(i); runStart = i + width; }
    else if (isWidePunct(c) && (isWideAlnum(s.charCodeAt(i - 1)) || isWideAlnum(s.charCodeAt(i + 1)))) {
      flush(i); out.push(String.fromCharCode(c - 0xfee0)); runStart = i + 1;
    }
    if (c === BLACK_FLAG) afterFlag = true;
    else if (!(c >= 0xe0000 && c <= 0xe007f)) afterFlag = false;
    if (width === 2) i++;
  }
  flush(s.length);
  stats.tagText = tagChars.join('');
  return { text: out.join(''), stats };
}

// Latin lookalikes from Cyrillic, Greek and a few others (lower-cased targets).
const HOMOGLYPHS: Record<string, string> = {
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't',
  'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ї': 'i', 'ј': 'j', 'ԁ': 'd', 'ɡ': 'g', 'ӏ': 'l', 'ԛ': 'q', 'ԝ': 'w',
  'ս': 'u', 'օ': 'o', 'ո': 'n', 'ı': 'i', 'ℓ': 'l', 'ɑ': 'a', 'ɩ': 'i',
  'А': 'a', 'В': 'b', 'Е': 'e', 'К': 'k', 'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c', 'Т': 't', 'У': 'y',
  'Х': 'x', 'І': 'i', 'Ј': 'j', 'Ѕ': 's', 'Ԁ': 'd',
  'α': 'a', 'ο': 'o', 'ρ': 'p', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'τ': 't', 'υ': 'u', 'χ': 'x', 'ε': 'e', 'ϲ': 'c',
  'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n', 'Ο': 'o', 'Ρ': 'p',
  'Τ': 't', 'Υ': 'y', 'Χ': 'x',
};

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', '!': 'i', '|': 'l', '+': 't' };

/** What folding changed in a word, for obfuscation evidence. */
export const FOLD_STYLED = 1;   // NFKD changed it (fullwidth, mathematical, circled letters, ligatures)
export const FOLD_HOMOGLYPH = 2;
export const FOLD_LEET = 4;

export interface Folded { word: string; flags: number }

/** Lower-cases a word; for non-ASCII words also NFKD + strip marks + homoglyphs. Leet is separate. */
export function foldWord(w: string): Folded {
  let ascii = true;
  for (let i = 0; i < w.length; i++) if (w.charCodeAt(i) > 0x7f) { ascii = false; break; }
  if (ascii) return { word: w.toLowerCase(), flags: 0 };
  let flags = 0;
  const nfkd = w.normalize('NFKD');
  let out = '';
  for (const ch of nfkd) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x300 && c <= 0x36f) continue; // combining marks: é → e
    const h = HOMOGLYPHS[ch];
    if (h !== undefined) { out += h; flags |= FOLD_HOMOGLYPH; } else out += ch;
  }
  // Styled letters: NFKD turned non-ASCII letters into ASCII ones without a homoglyph table.
  if (nfkd !== w.normalize('NFD')) flags |= FOLD_STYLED;
  out = out.toLowerCase();
  return { word: out, flags };
}

/** Leetspeak fold of a lower-case word that mixes letters with digits/symbols; null when not leet. */
export function foldLeet(w: string): string | null {
  let letters = 0, subs = 0;
  for (let i = 0; i < w.length; i++) {
    const ch = w[i]!;
    if (ch >= 'a' && ch <= 'z') letters++;
    else if (LEET[ch] !== undefined) subs++;
    else return null;
  }
  if (letters === 0 || subs === 0) return null;
  if (letters + subs < 3) return w === 'a1' || w === '4i' ? 'ai' : null; // two-character words: only "A1" → AI
  let out = '';
  for (let i = 0; i < w.length; i++) { const ch = w[i]!; out += LEET[ch] ?? ch; }
  return out;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', zwnj: '\u200c', zwj: '\u200d', shy: '\u00ad',
  copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', rdquo: '”',
  ldquo: '“', bull: '•', middot: '·', euro: '€', pound: '£', yen: '¥', cent: '¢', laquo: '«', raquo: '»',
  eacute: 'é', egrave: 'è', agrave: 'à', uuml: 'ü', ouml: 'ö', auml: 'ä', szlig: 'ß', ccedil: 'ç', ntilde: 'ñ',
  thinsp: ' ', ensp: ' ', emsp: ' ', colon: ':', sol: '/', lpar: '(', rpar: ')', num: '#', excl: '!', period: '.',
};

/** Decodes named and numeric character references in one linear pass; counts numeric ones. */
export function decodeEntities(s: string): { text: string; numeric: number } {
  if (s.indexOf('&') < 0) return { text: s, numeric: 0 };
  let out = '';
  let last = 0;
  let numeric = 0;
  for (let i = s.indexOf('&'); i >= 0 && i < s.length; i = s.indexOf('&', i + 1)) {
    let j = i + 1;
    const max = Math.min(s.length, i + 12); // the longest reference we decode is ~10 chars
    while (j < max && s.charCodeAt(j) !== 0x3b && /[#a-zA-Z0-9]/.test(s[j]!)) j++;
    const body = s.slice(i + 1, j);
    const hasSemi = j < s.length && s.charCodeAt(j) === 0x3b;
    let rep: string | undefined;
    if (body.startsWith('#')) {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) { rep = String.fromCodePoint(cp); numeric++; }
    } else if (hasSemi) rep = NAMED_ENTITIES[body];
    if (rep === undefined) continue;
    out += s.slice(last, i) + rep;
    last = hasSemi ? j + 1 : j;
    i = last - 1;
  }
  return { text: out + s.slice(last), numeric };
}

/** Whole-text normalisation for other screening modules: invisibles removed, entities decoded, NFKC. */
export function normalizeText(s: string): Cleaned {
  const cleaned = stripInvisible(decodeEntities(s).text);
  return { text: cleaned.text.normalize('NFKC'), stats: cleaned.stats };
}

/** ROT13 of ASCII letters. */
export function rot13(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) out += String.fromCharCode(((c - 97 + 13) % 26) + 97);
    else if (c >= 65 && c <= 90) out += String.fromCharCode(((c - 65 + 13) % 26) + 65);
    else out += s[i];
  }
  return out;
}
