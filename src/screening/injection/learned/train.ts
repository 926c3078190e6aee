// Training of the learned injection layer (run by scripts/train-injection.mjs; its output model.json is
// committed and a test re-trains and compares): L2 logistic regression by seeded AdaGrad SGD on hashed
// features, positives = whole payloads, negatives = every 1–3-sentence window of benign text; a softmax over
// the content categories. Deterministic for a given input; the threshold is set by calibrate.ts.
import { stripInvisible } from '../../normalize.js';
import type { InjectionCategory } from '../../types.js';
import { markOwner, ownerWords } from '../owner.js';
import { tokenize } from '../tokens.js';
import { featurize, sentences, WINDOW_SENTENCES } from './features.js';
import type { ModelFile } from './model.js';

export interface TrainInput {
  positives: { text: string; category?: InjectionCategory }[];
  /** Benign texts (a message's text, a hard negative); each of their windows is a negative example. */
  negatives: string[];
  /** The mailbox owner's names in these texts (read as the owner placeholder, as the scanner does). */
  owner?: readonly string[];
}

/** Whose mailbox the training texts are about: every fixture is mail to Sarah Lee (owner.ts reads her names as the owner). */
export const TRAINING_OWNER: readonly string[] = ['Sarah Lee'];

export interface TrainOptions { bits: number; catBits: number; epochs: number; l2: number; rate: number; seed: number }

export const DEFAULT_TRAIN: TrainOptions = { bits: 18, catBits: 12, epochs: 30, l2: 2e-4, rate: 0.2, seed: 7 };

interface Example { x: Int32Array; y: number; weight: number }

const CONTENT: InjectionCategory[] = ['boundary_manipulation', 'system_prompt_override', 'data_exfiltration', 'role_hijacking', 'tool_invocation'];

function prepared(text: string, owner: ReadonlySet<string>) {
  const clean = stripInvisible(text).text;
  const toks = markOwner(tokenize(clean), owner);
  return { clean, toks, sents: sentences(toks) };
}

function featuresOfWhole(text: string, mask: number, owner: ReadonlySet<string>): Int32Array {
  const { clean, toks, sents } = prepared(text, owner);
  const out: number[] = [];
  for (const [a, b] of sents) featurize(clean, toks, a, b, mask, out);
  return Int32Array.from(out);
}

function windowsOf(text: string, mask: number, owner: ReadonlySet<string>): Int32Array[] {
  const { clean, toks, sents } = prepared(text, owner);
  const per = sents.map(([a, b]) => { const out: number[] = []; featurize(clean, toks, a, b, mask, out); return out; });
  const wins: Int32Array[] = [];
  for (let i = 0; i < per.length; i++) {
    const acc: number[] = [];
    for (let j = i; j < Math.min(per.length, i + WINDOW_SENTENCES); j++) { acc.push(...per[j]!); wins.push(Int32Array.from(acc)); }
  }
  return wins;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = Math.imul(s ^ (s >>> 15), 1 | s); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

function shuffle<T>(a: T[], rnd: () => number): T[] {
  const out = a.slice();
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [out[i], out[j]] = [out[j]!, out[i]!]; }
  return out;
}

/** Binary logistic regression, AdaGrad SGD with L2; feature values are counts / sqrt(window feature count). */
function fitBinary(examples: Example[], dim: number, o: TrainOptions): { bias: number; w: Float64Array } {
  const w = new Float64Array(dim), g2 = new Float64Array(dim).fill(1e-8);
  let bias = 0, gb = 1e-8;
  const rnd = rng(o.seed);
  for (let ep = 0; ep < o.epochs; ep++) {
    for (const ex of shuffle(examples, rnd)) {
      const v = 1 / Math.sqrt(ex.x.length || 1);
      let s = 0;
      for (const f of ex.x) s += w[f]!;
      const p = 1 / (1 + Math.exp(-(bias + s * v)));
      const g = (p - ex.y) * ex.weight;
      gb += g * g; bias -= (o.rate * g) / Math.sqrt(gb);
      for (const f of ex.x) {
        const gf = g * v + o.l2 * w[f]!;
        g2[f] += gf * gf;
        w[f] -= (o.rate * gf) / Math.sqrt(g2[f]!);
      }
    }
  }
  return { bias, w };
}

/** Softmax regression over the content categories (positives only). */
function fitCategories(items: { x: Int32Array; c: number }[], dim: number, k: number, o: TrainOptions): { bias: number[]; w: Float64Array } {
  const w = new Float64Array(dim * k), g2 = new Float64Array(dim * k).fill(1e-8);
  const bias = new Array<number>(k).fill(0), gb = new Array<number>(k).fill(1e-8);
  const rnd = rng(o.seed + 1);
  const z = new Float64Array(k);
  for (let ep = 0; ep < o.epochs; ep++) {
    for (const it of shuffle(items, rnd)) {
      for (let c = 0; c < k; c++) { let s = bias[c]!; for (const f of it.x) s += w[c * dim + f]!; z[c] = s; }
      const mx = Math.max(...z);
      let sum = 0;
      for (let c = 0; c < k; c++) { z[c] = Math.exp(z[c]! - mx); sum += z[c]!; }
      for (let c = 0; c < k; c++) {
        const g = z[c]! / sum - (c === it.c ? 1 : 0);
        gb[c] += g * g; bias[c] -= (o.rate * g) / Math.sqrt(gb[c]!);
        for (const f of it.x) { const i = c * dim + f; g2[i] += g * g; w[i] -= (o.rate * g) / Math.sqrt(g2[i]!); }
      }
    }
  }
  return { bias, w };
}

function quantize(w: Float64Array): { scale: number; b64: string } {
  let mx = 0;
  for (const v of w) mx = Math.max(mx, Math.abs(v));
  const scale = mx / 127 || 1;
  const bytes = Buffer.alloc(w.length);
  for (let i = 0; i < w.length; i++) bytes[i] = Math.round(w[i]! / scale) & 0xff;
  return { scale: Number(scale.toPrecision(8)), b64: bytes.toString('base64') };
}

function detectorExamples(pos: Int32Array[], neg: Int32Array[][]): Example[] {
  const seen = new Set<string>();
  const negs: Int32Array[] = [];
  for (const wins of neg) for (const x of wins) { const key = x.join(','); if (!seen.has(key)) { seen.add(key); negs.push(x); } }
  const posWeight = Math.max(1, negs.length / pos.length / 4);
  return [...pos.map((x) => ({ x, y: 1, weight: posWeight })), ...negs.map((x) => ({ x, y: 0, weight: 1 }))];
}

function asModel(det: { bias: number; w: Float64Array }, cat: { bias: number[]; w: Float64Array }, o: TrainOptions, threshold: number, training: Record<string, unknown>): ModelFile {
  const q = quantize(det.w), qc = quantize(cat.w);
  return {
    version: 1, bits: o.bits, catBits: o.catBits, bias: Number(det.bias.toPrecision(8)), scale: q.scale, weights: q.b64,
    categories: CONTENT, catBias: cat.bias.map((b) => Number(b.toPrecision(8))), catScale: qc.scale, catWeights: qc.b64,
    threshold: Number(threshold.toFixed(4)), training,
  };
}

export function trainModel(input: TrainInput, o: TrainOptions = DEFAULT_TRAIN): ModelFile {
  const dim = 1 << o.bits, mask = dim - 1, catDim = 1 << o.catBits;
  const owner = ownerWords(input.owner ?? []);
  const pos = input.positives.map((p) => featuresOfWhole(p.text, mask, owner));
  const neg = input.negatives.map((t) => windowsOf(t, mask, owner));
  const catItems = input.positives.flatMap((p, i) => (p.category && CONTENT.includes(p.category) ? [{ x: pos[i]!.map((f) => f & (catDim - 1)), c: CONTENT.indexOf(p.category) }] : []));
  const cat = fitCategories(catItems, catDim, CONTENT.length, o);
  const examples = detectorExamples(pos, neg);
  const det = fitBinary(examples, dim, o);
  const training = {
    features: 'hashed folded words (apart when quoted), word bigrams, punctuation before a word (alone and with it), char 3-5-grams of unquoted words, sentence shape (command verb opening it, you + directive, AI named, chat-role label); a word repeated in a sentence once; windows of 1-3 sentences',
    positives: pos.length, negativeTexts: neg.length, negativeWindows: examples.length - pos.length,
    options: o,
  };
  return asModel(det, cat, o, 0, training);
}
