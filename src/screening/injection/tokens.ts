// One linear pass from text to word tokens with their classes, offsets and context (line and
// sentence starts, quotation, trailing punctuation); e-mail addresses and URLs become single tokens;
// leetspeak, homoglyphs and styled letters are folded, spaced-out letters joined and re-segmented.
import { foldLeet, foldWord, FOLD_HOMOGLYPH, FOLD_LEET, FOLD_STYLED } from '../normalize.js';
import { classify, FUZZY_BIT, SEGMENT_MAX, SEGMENT_VOCAB } from './lexicon.js';

export const F = { STYLED: FOLD_STYLED, HOMOGLYPH: FOLD_HOMOGLYPH, LEET: FOLD_LEET, SPACED: 8, FUZZY: 16, UPPER: 32 } as const;
export const OBFUSCATED = F.STYLED | F.HOMOGLYPH | F.LEET | F.SPACED;

export const KIND_WORD = 0, KIND_EMAIL = 1, KIND_URL = 2;

export interface Tok {
  w: string;        // folded word (lower case); the address or URL itself for those kinds
  id: number;       // the folded word's id (wordId), 0 for addresses and URLs
  s: number;        // start offset in the scanned text
  e: number;        // end offset
  cls: number;      // lexicon class bits (C.*)
  flags: number;    // F.*
  kind: number;
  nl: boolean;      // a line break precedes it
  sent: boolean;    // first token of a sentence (or line)
  q: boolean;       // inside quotation marks
  pa: number;       // char code of punctuation right after it (0 when a space or letter follows)
}

const MAX_TOKEN = 64; // chars; longer runs are cut (nobody types a 64-letter key word)
const QUOTE_SPAN_MAX = 80; // tokens; an unclosed quote longer than this is not a quotation

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ||
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000) || (c >= 0x2c00 && c < 0xfe00) ||
    (c >= 0xff10 && c <= 0xff5a) || (c >= 0xd800 && c <= 0xdfff);
}
const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const isLeetInner = (c: number) => c === 0x40 || c === 0x24 || c === 0x21 || c === 0x7c; // @ $ ! | inside a word
const FNV_BASIS = 0x811c9dc5 | 0, FNV_PRIME = 16777619;
const LOCAL_CHARS = /[A-Za-z0-9._%+-]/;
const DOMAIN_CHARS = /[A-Za-z0-9.-]/;
const URL_STOP = new Set([' ', '\n', '\r', '\t', '<', '>', '"', "'", '`', ')', ']', '}']);

interface Span { s: number; e: number; kind: number }

/** E-mail addresses and URLs found by bounded look-around at each '@' and '://' (linear overall). */
function specialSpans(t: string): Span[] {
  const spans: Span[] = [];
  for (let at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
    let a = at; while (a > 0 && at - a < 64 && LOCAL_CHARS.test(t[a - 1]!)) a--;
    let b = at + 1, dot = false; while (b < t.length && b - at < 254 && DOMAIN_CHARS.test(t[b]!)) { if (t[b] === '.') dot = true; b++; }
    while (b > at + 1 && (t[b - 1] === '.' || t[b - 1] === '-')) b--;
    if (a < at && b > at + 3 && dot && t.lastIndexOf('.', b - 1) > at + 1) spans.push({ s: a, e: b, kind: KIND_EMAIL });
  }
  for (let p = t.indexOf('://'); p >= 0; p = t.indexOf('://', p + 3)) {
    let a = p; while (a > 0 && p - a < 10 && /[a-zA-Z]/.test(t[a - 1]!)) a--;
    if (a === p) continue;
    let b = p + 3; while (b < t.length && b - p < 2048 && !URL_STOP.has(t[b]!)) b++;
    while (b > p + 3 && '.,;:!?'.includes(t[b - 1]!)) b--;
    spans.push({ s: a, e: b, kind: KIND_URL });
  }
  spans.sort((x, y) => x.s - y.s);
  return spans;
}

/**
 * Segmentation of joined letters into vocabulary words covering as many letters as possible (then with the fewest
 * words), by dynamic programming from the end: greedy longest match would read "accepteverytermthis" as French
 * "accepte" + "this" instead of "accept every … this". Only vocabulary words are kept.
 */
function segment(joined: string): { w: string; off: number }[] {
  const n = joined.length;
  const cover = new Int32Array(n + 1), words = new Int32Array(n + 1), take = new Int32Array(n + 1); // take: word length at i, 0 = skip
  for (let i = n - 1; i >= 0; i--) {
    cover[i] = cover[i + 1]!; words[i] = words[i + 1]!; take[i] = 0;
    for (let len = Math.min(SEGMENT_MAX, n - i); len >= 2; len--) {
      if (!SEGMENT_VOCAB.has(joined.slice(i, i + len))) continue;
      const c = len + cover[i + len]!, k = 1 + words[i + len]!;
      if (c > cover[i]! || (c === cover[i]! && k < words[i]!)) { cover[i] = c; words[i] = k; take[i] = len; }
    }
  }
  const out: { w: string; off: number }[] = [];
  for (let i = 0; i < n;) {
    if (take[i]) { out.push({ w: joined.slice(i, i + take[i]!), off: i }); i += take[i]!; } else i++;
  }
  return out;
}

// French/Italian elisions: l'…, d'…, qu'…, and Italian articulated prepositions: all'…, dell'…, sull'…
const ELIDED = new Set(['l', 'd', 'j', 'm', 't', 's', 'n', 'c', 'qu', 'all', 'dall', 'dell', 'nell', 'sull', 'quest', 'quell', 'un']);
const ELIDED_MAX = 5;      // chars before the apostrophe
const ELIDED_REST_MIN = 3; // chars after the apostrophe ("s'il" stays whole)

/** "l'intelligence" → "intelligence", "all'assistente" → "assistente", "qu'on" stays whole (too short); English "don't", "I'm" untouched. */
function unElide(raw: string): string {
  const a = raw.search(/['’]/);
  if (a < 1 || a > ELIDED_MAX || raw.length - a - 1 < ELIDED_REST_MIN || !ELIDED.has(raw.slice(0, a).toLowerCase())) return raw;
  return raw.slice(a + 1);
}

// Folded words as small integers, so a fact other modules derive from a word (anchor bits, the learned layer's
// word sums, encoding marks) is kept in an array by id instead of looked up by string for every token: a string
// Map or Set look-up costs ~8 ns a token, an array ~2. Ids last for the process; past WORD_IDS_MAX distinct words,
// new words get id 0 and are looked up by string, so memory stays bounded and no id ever changes meaning.
export const WORD_IDS_MAX = 1 << 16;
const wordIds = new Map<string, number>();

/** The id of a folded word (1 … WORD_IDS_MAX), or 0 once the table is full. */
export function wordId(w: string): number {
  const id = wordIds.get(w);
  if (id !== undefined) return id;
  if (wordIds.size >= WORD_IDS_MAX) return 0;
  wordIds.set(w, wordIds.size + 1);
  return wordIds.size;
}

const UNKNOWN = -0x80000000; // no fact is this value (anchor bits and marks are non-negative)

/** A number computed from a token's folded word, once per word id: f(w) must depend on the word alone. */
export class WordFact {
  private v = new Int32Array(0);
  constructor(private readonly f: (w: string) => number) {}
  of(t: Tok): number {
    const id = t.id;
    if (id === 0) return this.f(t.w);
    if (id >= this.v.length) this.grow(id);
    let x = this.v[id]!;
    if (x === UNKNOWN) x = this.v[id] = this.f(t.w);
    return x;
  }
  /** Forgets every value (f's answers changed). */
  reset(): void { this.v.fill(UNKNOWN); }
  private grow(id: number): void {
    const v = new Int32Array(Math.min(WORD_IDS_MAX + 1, Math.max(1024, id + 1, this.v.length * 2))).fill(UNKNOWN);
    v.set(this.v);
    this.v = v;
  }
}

interface WordInfo { w: string; id: number; cls: number; flags: number }

// Word infos by surface form, in an open-addressed table: found by a hash taken while the word is read and
// checked against the text in place, so a word seen before costs neither a string nor a string hash.
const MEMO_SIZE = 1 << 16;                  // slots (a power of two)
const MEMO_FILL_MAX = (MEMO_SIZE * 3) >> 2; // entries; the table is cleared when this full
const memoKey: (string | undefined)[] = new Array<string | undefined>(MEMO_SIZE).fill(undefined);
const memoInfo: (WordInfo | undefined)[] = new Array<WordInfo | undefined>(MEMO_SIZE).fill(undefined);
const memoHash = new Int32Array(MEMO_SIZE);
let memoFill = 0;

/** The slot holding t[i, j) (hash h), or the empty slot where it belongs. */
function memoSlot(t: string, i: number, j: number, h: number): number {
  for (let k = h & (MEMO_SIZE - 1); ; k = (k + 1) & (MEMO_SIZE - 1)) {
    const key = memoKey[k];
    if (key === undefined) return k;
    if (memoHash[k] === h && key.length === j - i && t.startsWith(key, i)) return k;
  }
}

/** WordInfo of the surface form t[i, j) whose FNV hash is h, memoised. */
function wordAt(t: string, i: number, j: number, h: number, apostrophe: boolean, nonLetter: boolean): WordInfo {
  let k = memoSlot(t, i, j, h);
  if (memoKey[k] !== undefined) return memoInfo[k]!;
  const raw = t.slice(i, j);
  const info = wordInfo(raw, apostrophe, nonLetter);
  if (memoFill >= MEMO_FILL_MAX) {
    memoKey.fill(undefined); memoInfo.fill(undefined); memoFill = 0;
    k = memoSlot(t, i, j, h);
  }
  memoKey[k] = raw; memoInfo[k] = info; memoHash[k] = h; memoFill++;
  return info;
}

/** Folded word, classes and flags of a word's surface form (a pure function of it, so memoised by it). */
function wordInfo(raw: string, apostrophe: boolean, nonLetter: boolean): WordInfo {
  const folded = foldWord(apostrophe ? unElide(raw).replace(/['’]/g, '') : raw);
  let w = folded.word;
  let flags = folded.flags;
  let cls = classify(w);
  if (cls === 0 && nonLetter) {
    const leet = foldLeet(w);
    if (leet) { const lc = classify(leet); if (lc) { w = leet; cls = lc; flags |= F.LEET; } }
  }
  if (cls & FUZZY_BIT) { flags |= F.FUZZY; cls &= ~FUZZY_BIT; }
  const c = raw.charCodeAt(0);
  if (c >= 65 && c <= 90 && raw.length >= 2 && raw === raw.toUpperCase()) flags |= F.UPPER;
  if (!cls && flags & (F.HOMOGLYPH | F.STYLED)) flags &= ~(F.HOMOGLYPH | F.STYLED); // foreign word, not a disguise
  return { w, id: wordId(w), cls, flags };
}

const SPACED_MIN = 4;     // single letters in a row before they are read as a spaced-out word
const SPACED_RUN_MAX = 200; // letters; longer runs are left alone

export function tokenize(t: string): Tok[] {
  const toks: Tok[] = [];
  const spans = specialSpans(t);
  let sp = 0;
  let nl = true, sent = true, inQuote = false, quoteAt = 0, blankLine = false;
  let i = 0;
  const n = t.length;
  while (i < n) {
    while (sp < spans.length && spans[sp]!.s < i) sp++;
    if (sp < spans.length && spans[sp]!.s === i) {
      const span = spans[sp]!;
      toks.push({ w: t.slice(span.s, span.e).toLowerCase(), id: 0, s: span.s, e: span.e, cls: 0, flags: 0, kind: span.kind, nl, sent, q: inQuote, pa: 0 });
      nl = false; sent = false; i = span.e; sp++;
      continue;
    }
    const c = t.charCodeAt(i);
    if (c === 0x20) { i++; continue; } // a space changes no line, sentence or quote state
    const startsWord = isWordCode(c) || ((c === 0x40 || c === 0x24) && i + 1 < n && isAlnum(t.charCodeAt(i + 1)));
    if (startsWord) {
      let j = i + 1;
      let apostrophe = false, nonLetter = c < 65 || (c > 90 && c < 97) || c > 122;
      let h = Math.imul(FNV_BASIS ^ c, FNV_PRIME);
      while (j < n && j - i < MAX_TOKEN) {
        const d = t.charCodeAt(j);
        if (isWordCode(d)) { if (d < 65 || (d > 90 && d < 97) || d > 122) nonLetter = true; h = Math.imul(h ^ d, FNV_PRIME); j++; continue; }
        // apostrophes and leet symbols count only inside a word: "don't", "1gn0r3", "pr!or"
        if ((d === 0x27 || d === 0x2019 || isLeetInner(d)) && j + 1 < n && isWordCode(t.charCodeAt(j + 1))) {
          if (d === 0x27 || d === 0x2019) apostrophe = true; else nonLetter = true;
          h = Math.imul(h ^ d, FNV_PRIME); j++; continue;
        }
        break;
      }
      const { w, id, cls, flags } = wordAt(t, i, j, h, apostrophe, nonLetter);
      const pc = j < n ? t.charCodeAt(j) : 0;
      const pa = pc === 0x3a || pc === 0x2c || pc === 0x2e || pc === 0x3b || pc === 0x21 || pc === 0x3f || pc === 0x29 ? pc : 0;
      toks.push({ w, id, s: i, e: j, cls, flags, kind: KIND_WORD, nl, sent, q: inQuote, pa });
      nl = false; sent = false;
      if (inQuote && toks.length - quoteAt > QUOTE_SPAN_MAX) inQuote = false;
      i = j;
      continue;
    }
    // Between words: line/sentence/quote state.
    if (c === 0x0a) {
      if (nl && toks.length && blankLine === false) { blankLine = true; inQuote = false; }
      nl = true; sent = true;
    } else if (c === 0x2e || c === 0x21 || c === 0x3f) {
      const next = i + 1 < n ? t.charCodeAt(i + 1) : 0x20;
      if (next === 0x20 || next === 0x0a || next === 0x0d || next === 0x22 || next === 0x201d) sent = true;
    } else if (c === 0x201c || c === 0xab || c === 0x201e || c === 0x60) { inQuote = c === 0x60 ? !inQuote : true; quoteAt = toks.length; }
    else if (c === 0x201d || c === 0xbb) inQuote = false;
    else if (c === 0x22) { inQuote = !inQuote; quoteAt = toks.length; }
    else if (c === 0x27 || c === 0x2018 || c === 0x2019) {
      const prev = i > 0 ? t.charCodeAt(i - 1) : 0x20;
      const next = i + 1 < n ? t.charCodeAt(i + 1) : 0x20;
      if (!isWordCode(prev) && isWordCode(next)) { inQuote = true; quoteAt = toks.length; }
      else if (isWordCode(prev) && !isWordCode(next)) inQuote = false;
    }
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) blankLine = false;
    i++;
  }
  return joinSpaced(toks);
}

/** Replaces runs of ≥ SPACED_MIN single letters ("i g n o r e") by the vocabulary words they spell. */
function joinSpaced(toks: Tok[]): Tok[] {
  let hasRun = false;
  for (let i = 0, run = 0; i < toks.length; i++) {
    run = toks[i]!.e - toks[i]!.s === 1 && toks[i]!.kind === KIND_WORD ? run + 1 : 0;
    if (run >= SPACED_MIN) { hasRun = true; break; }
  }
  if (!hasRun) return toks;
  const out: Tok[] = [];
  let i = 0;
  while (i < toks.length) {
    let j = i;
    while (j < toks.length && j - i < SPACED_RUN_MAX && toks[j]!.e - toks[j]!.s === 1 && toks[j]!.kind === KIND_WORD && /[a-z]/.test(toks[j]!.w)) j++;
    if (j - i >= SPACED_MIN) {
      const run = toks.slice(i, j);
      const segs = segment(run.map((x) => x.w).join(''));
      const words = segs.map((sg) => ({ sg, cls: classify(sg.w) }));
      if (words.some((x) => x.cls !== 0 && x.sg.w.length >= 3)) {
        for (const { sg, cls } of words) {
          const first = run[sg.off]!, last = run[sg.off + sg.w.length - 1]!;
          out.push({ ...first, w: sg.w, id: wordId(sg.w), e: last.e, cls: cls & ~FUZZY_BIT, flags: F.SPACED, pa: last.pa });
        }
        i = j;
        continue;
      }
    }
    if (j === i) j = i + 1;
    for (let k = i; k < j; k++) out.push(toks[k]!);
    i = j;
  }
  return out;
}
