// Hashed features of the learned injection layer, shared by training and inference: per token the folded
// word (apart when quoted), the word bigram, the punctuation run before the word, and the word's char 3–5-grams (with boundary
// marks), each hashed once (FNV-1a) into 2^bits buckets; per sentence its shape (SHAPE_IDS: a command verb
// opening it, "you" with a directive, an AI named beside it, a chat-role label). Text is cut into sentences;
// windows are 1–3 sentences.
import { C } from '../lexicon.js';
import { KIND_EMAIL, KIND_URL, KIND_WORD, type Tok } from '../tokens.js';

export const MAX_SENTENCE_TOKENS = 48;   // longer sentences are cut into chunks of this many tokens
export const WINDOW_SENTENCES = 3;       // a window covers up to this many consecutive sentences
const CHAR_MIN = 3, CHAR_MAX = 5;        // char n-gram lengths
const CHAR_WORD_MAX = 24;                // chars; longer words contribute no char n-grams
const GAP_MAX = 6;                       // chars of punctuation before a word kept as a feature

const SEED_WORD = 0x811c9dc5, SEED_QUOTED = 0x27d4eb2f, SEED_CHAR = 0x1b873593, SEED_GAP = 0x5bd1e995;

function fnv(s: string, seed: number, from: number, to: number): number {
  let h = seed;
  for (let i = from; i < to; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}

function pair(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) >>> 0;
}

/** The word a token stands for in the model: addresses, URLs and numbers become placeholders. */
function wordOf(t: Tok): string {
  if (t.kind === KIND_EMAIL) return '<email>';
  if (t.kind === KIND_URL) return t.w.includes('?') || t.w.includes('{') ? '<url?>' : '<url>';
  const c = t.w.charCodeAt(0);
  return c >= 48 && c <= 57 && /^\d[\d.,:]*$/.test(t.w) ? '<num>' : t.w;
}

/** Consecutive token ranges [from, to) forming sentences (line or sentence starts, capped in length). */
export function sentences(toks: Tok[]): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  for (let i = 1; i <= toks.length; i++) {
    if (i === toks.length || toks[i]!.sent || i - from >= MAX_SENTENCE_TOKENS) {
      if (i > from) out.push([from, i]);
      from = i;
    }
  }
  return out;
}

/** Hash of the punctuation run (≤ GAP_MAX chars, white space skipped) in text[gs, s), or -1 when there is none. */
function gapHash(text: string, gs: number, s: number): number {
  if (s - gs > 40) return -1;
  let g = 0, h = SEED_GAP;
  for (let k = gs; k < s && g < GAP_MAX; k++) {
    const c = text.charCodeAt(k);
    if (c <= 0x20) continue;
    h ^= c; h = Math.imul(h, 16777619); g++;
  }
  return g ? h >>> 0 : -1;
}

/** True when a token's word also yields char n-grams. */
const hasCharGrams = (t: Tok, w: string) => !t.q && t.kind === KIND_WORD && w.length <= CHAR_WORD_MAX && w.length >= 2;

/** Char n-grams of " word ": one FNV pass per start position, emitted after CHAR_MIN…CHAR_MAX chars. */
function charGrams(w: string, mask: number, out: number[]): void {
  const len = w.length + 2;
  for (let a = 0; a + CHAR_MIN <= len; a++) {
    let h = SEED_CHAR;
    for (let k = a; k < len && k < a + CHAR_MAX; k++) {
      h ^= k === 0 || k === len - 1 ? 0x20 : w.charCodeAt(k - 1);
      h = Math.imul(h, 16777619);
      if (k - a + 1 >= CHAR_MIN) out.push((h >>> 0) & mask);
    }
  }
}

const SEED_SHAPE = 0x3c6ef372;
const DIRECTIVE = C.IMPV | C.EXFIL | C.IGNORE | C.CALL;
const SHAPE_CLS = DIRECTIVE | C.AI | C.YOUR;
// sentence shape bits
const S_OPEN = 1, S_AI = 2, S_YOU = 4, S_YOU_MUST = 8, S_DIRECTIVE = 16, S_LABEL = 32;
/** Words a command may open with before its verb: "Please send …", "PS: forward …", "Now, ignore …". */
const OPEN_LEADS = new Set(['please', 'pls', 'plz', 'kindly', 'now', 'then', 'and', 'also', 'just', 'ps', 'so', 'bitte', 'svp', 'merci', 'por', 'favor', 'per', 'favore', 'alsjeblieft', 'graag']);
const MODALS = new Set(['must', 'will', 'should', 'shall', 'need', 'needs', 'have', 'are', 'can', 'musst', 'sollst', 'dois', 'debes', 'devi', 'moet', 'doit', 'devez']);
/** Labels of chat transcripts and agent traces at a line start: "User:", "Assistant:", "Thought:", "Observation:". */
const ROLE_LABELS = new Set(['user', 'assistant', 'system', 'human', 'ai', 'bot', 'model', 'thought', 'action', 'observation', 'tool', 'function', 'developer', 'operator', 'agent']);

/** Feature ids (unmasked) per combination of shape bits, built once. */
const SHAPE_IDS: number[][] = Array.from({ length: 64 }, (_, b) => {
  const names: string[] = [];
  if (b & S_OPEN) names.push('open:directive');
  if (b & S_OPEN && b & S_YOU) names.push('open:directive+you');
  if (b & S_OPEN && b & S_AI) names.push('open:directive+ai');
  if (b & S_AI && b & S_YOU) names.push('ai+you');
  if (b & S_YOU_MUST) names.push(b & S_AI ? 'you+modal+directive+ai' : 'you+modal+directive');
  if (b & S_LABEL) names.push(b & S_DIRECTIVE || b & S_OPEN ? 'line:role-label+directive' : 'line:role-label');
  return names.map((n) => fnv(n, SEED_SHAPE, 0, n.length));
});

const OPENED = 64;       // state bit: the sentence's opening has been read
const OPEN_TOKENS = 3;   // tokens at a sentence start among which its command verb may come

/** One token's step of the sentence shape: the opening (a command verb within the first OPEN_TOKENS tokens, after
 *  "please"/"PS" leads or an AI spoken to — "Assistant, …"), chat-role labels at a line start ("User:"), and the
 *  shape classes. Callers skip tokens that cannot change anything (see shapeNeeded), so the cost stays flat. */
function shapeStep(bits: number, toks: Tok[], t: Tok, i: number, from: number, to: number, lead: boolean): number {
  if (!(bits & OPENED)) {
    if (i - from >= OPEN_TOKENS) bits |= OPENED;
    else if (!lead) {
      if (t.cls & C.AI && t.pa !== 0 && t.pa !== 0x2e) bits |= S_AI;
      else { bits |= OPENED; if (t.kind === KIND_WORD && t.cls & DIRECTIVE && !t.q) bits |= S_OPEN; }
    }
  }
  if ((t.nl || i === from) && t.pa === 0x3a && ROLE_LABELS.has(t.w)) bits |= S_LABEL;
  if (!(t.cls & SHAPE_CLS)) return bits;
  if (t.cls & C.AI) bits |= S_AI;
  if (t.cls & DIRECTIVE) bits |= S_DIRECTIVE;
  if (t.cls & C.YOUR) {
    bits |= S_YOU;
    const m = toks[i + 1];
    if (m && i + 2 < to && MODALS.has(m.w) && (toks[i + 2]!.cls & DIRECTIVE || (toks[i + 2]!.w === 'to' && i + 3 < to && toks[i + 3]!.cls & DIRECTIVE))) bits |= S_YOU_MUST;
  }
  return bits;
}
/** Whether shapeStep can change anything at this token. */
const shapeNeeded = (bits: number, t: Tok, i: number, from: number) => !(bits & OPENED) || i === from || t.nl || (t.cls & SHAPE_CLS) !== 0;

// A word already seen in the sentence adds no features again: counts grow a window's logit by √n, so a run of
// "Logo Logo Logo …" (alt texts) or "ok ok ok …" would otherwise read as an injection by repetition alone.
// The sentence's word hashes so far, as a set: open addressing, a slot in use when its stamp is the sentence's, so
// starting a sentence clears nothing. Kept at most half full: a sentence has at most MAX_SENTENCE_TOKENS words, but
// a longer range (a caller's own) grows the table instead of filling it.
let seenBits = 7;
let seenHash = new Uint32Array(1 << seenBits), seenStamp = new Int32Array(1 << seenBits); // word hashes are unsigned
let sentenceStamp = 0, seenCount = 0;

/** Starts a new sentence: no word seen yet. */
function newSentence(): void {
  seenCount = 0;
  if (++sentenceStamp === 0x7fffffff) { seenStamp.fill(0); sentenceStamp = 1; }
}

function seenSlot(hw: number): number {
  const mask = (1 << seenBits) - 1;
  let k = Math.imul(hw, 0x9e3779b1) >>> (32 - seenBits);
  while (seenStamp[k] === sentenceStamp && seenHash[k] !== hw) k = (k + 1) & mask;
  return k;
}

/** Whether hw was seen in this sentence (and remembers it). */
function repeated(hw: number): boolean {
  let k = seenSlot(hw);
  if (seenStamp[k] === sentenceStamp) return true;
  if (2 * (seenCount + 1) > seenHash.length) { growSeen(); k = seenSlot(hw); }
  seenStamp[k] = sentenceStamp; seenHash[k] = hw; seenCount++;
  return false;
}

/** Doubles the set, keeping the sentence's words. */
function growSeen(): void {
  const hashes: number[] = [];
  for (let j = 0; j < seenHash.length; j++) if (seenStamp[j] === sentenceStamp) hashes.push(seenHash[j]!);
  seenBits++;
  seenHash = new Uint32Array(1 << seenBits); seenStamp = new Int32Array(1 << seenBits);
  for (const h of hashes) { const j = seenSlot(h); seenStamp[j] = sentenceStamp; seenHash[j] = h; }
}

/** Pushes the hashed feature ids of tokens [from, to) of `text` into `out` (masked to `mask`); a word repeated in the range counts once. */
export function featurize(text: string, toks: Tok[], from: number, to: number, mask: number, out: number[]): void {
  let prev = 0, bits = 0;
  newSentence();
  for (let i = from; i < to; i++) {
    const t = toks[i]!;
    if (shapeNeeded(bits, t, i, from)) bits = shapeStep(bits, toks, t, i, from, to, OPEN_LEADS.has(t.w));
    const w = wordOf(t);
    // words inside quotation marks are other features: "ignore previous instructions" quoted is a mention
    const hw = fnv(w, t.q ? SEED_QUOTED : SEED_WORD, 0, w.length);
    if (repeated(hw)) { prev = hw; continue; }
    out.push(hw & mask);
    if (i > from) out.push(pair(prev, hw) & mask);
    prev = hw;
    const gh = gapHash(text, i > 0 ? toks[i - 1]!.e : 0, t.s);
    if (gh >= 0) out.push(pair(gh, hw) & mask, gh & mask);
    if (hasCharGrams(t, w)) charGrams(w, mask, out);
  }
  for (const id of SHAPE_IDS[bits & ~OPENED]!) out.push(id & mask);
}

/** A word's own features (its hash and char n-grams) summed under one model's weights. */
interface WordSum { hw: number; z: number; n: number; lead: boolean }
/** Per-model memo of WordSum by word id (by word for tokens without one): unquoted and quoted words are different features. */
export interface SumMemo { plain: (WordSum | undefined)[]; quoted: (WordSum | undefined)[]; plainByWord: Map<string, WordSum>; quotedByWord: Map<string, WordSum> }
const SUM_MEMO_MAX = 50_000; // words per map; a full map is cleared (ids are bounded by WORD_IDS_MAX)

export const newSumMemo = (): SumMemo => ({ plain: [], quoted: [], plainByWord: new Map(), quotedByWord: new Map() });
const scratch: number[] = [];

function wordSum(t: Tok, w: string, mask: number, weights: Float32Array, memo: SumMemo): WordSum {
  const id = t.kind === KIND_WORD ? t.id : 0; // an address or URL token's id is 0; its word is a placeholder
  const byId = t.q ? memo.quoted : memo.plain;
  const map = t.q ? memo.quotedByWord : memo.plainByWord;
  let e = id !== 0 ? byId[id] : map.get(w);
  if (e !== undefined) return e;
  const hw = fnv(w, t.q ? SEED_QUOTED : SEED_WORD, 0, w.length);
  let z = weights[hw & mask]!, n = 1;
  if (hasCharGrams(t, w)) {
    scratch.length = 0;
    charGrams(w, mask, scratch);
    for (let k = 0; k < scratch.length; k++) z += weights[scratch[k]!]!;
    n += scratch.length;
  }
  e = { hw, z, n, lead: OPEN_LEADS.has(w) };
  if (id !== 0) {
    while (byId.length <= id) byId.push(undefined);
    byId[id] = e;
  } else {
    if (map.size >= SUM_MEMO_MAX) map.clear();
    map.set(w, e);
  }
  return e;
}

/**
 * The sum of `weights` over the features featurize emits for tokens [from, to), and their count (into out[0],
 * out[1]), without building them: each word's own part is memoised. Exact, not approximate: the weights are
 * int8 × scale in float32, so every partial sum is a small multiple of one power of two and float64 adds them
 * without rounding, in any order.
 */
export function featureSum(text: string, toks: Tok[], from: number, to: number, mask: number, weights: Float32Array, memo: SumMemo, out: Float64Array): void {
  let z = 0, n = 0, prev = 0, bits = 0;
  newSentence();
  for (let i = from; i < to; i++) {
    const t = toks[i]!;
    const w = wordOf(t);
    const e = wordSum(t, w, mask, weights, memo);
    if (shapeNeeded(bits, t, i, from)) bits = shapeStep(bits, toks, t, i, from, to, e.lead);
    if (repeated(e.hw)) { prev = e.hw; continue; }
    z += e.z; n += e.n;
    if (i > from) { z += weights[pair(prev, e.hw) & mask]!; n++; }
    prev = e.hw;
    const gh = gapHash(text, i > 0 ? toks[i - 1]!.e : 0, t.s);
    if (gh >= 0) { z += weights[pair(gh, e.hw) & mask]! + weights[gh & mask]!; n += 2; }
  }
  const ids = SHAPE_IDS[bits & ~OPENED]!;
  for (let k = 0; k < ids.length; k++) z += weights[ids[k]! & mask]!;
  out[0] = z; out[1] = n + ids.length;
}

// Feature ids already named in the current topFeatures call: stamp[id] === stampId (no table cleared per call).
let stamp = new Int32Array(0);
let stampId = 0;

/**
 * Readable names of the `k` strongest positive word-level features of tokens [from, to) under `weights` (char
 * n-grams skipped): words and word pairs, each id named by its first occurrence, strongest first (ties in text
 * order). Names are built only for the ones returned.
 */
export function topFeatures(toks: Tok[], from: number, to: number, mask: number, weights: Float32Array, k: number): string[] {
  if (stamp.length <= mask || stampId === 0x7fffffff) { stamp = new Int32Array(Math.max(stamp.length, mask + 1)); stampId = 0; }
  const id = ++stampId;
  const top: { w: number; i: number; pair: boolean }[] = [];
  const offer = (f: number, i: number, pair: boolean) => {
    if (stamp[f] === id) return;
    stamp[f] = id;
    const w = weights[f]!;
    if (!(w > 0)) return;
    let at = top.length;
    while (at > 0 && top[at - 1]!.w < w) at--;
    if (at < k) { top.splice(at, 0, { w, i, pair }); if (top.length > k) top.pop(); }
  };
  let prevH = 0;
  for (let i = from; i < to; i++) {
    const w = wordOf(toks[i]!);
    const hw = fnv(w, toks[i]!.q ? SEED_QUOTED : SEED_WORD, 0, w.length);
    offer(hw & mask, i, false);
    if (i > from) offer(pair(prevH, hw) & mask, i, true);
    prevH = hw;
  }
  return top.map((x) => (x.pair ? `${wordOf(toks[x.i - 1]!)} ${wordOf(toks[x.i]!)}` : wordOf(toks[x.i]!)));
}
