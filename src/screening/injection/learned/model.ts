// The learned injection layer at run time: a hashed word + char n-gram logistic regression (weights in
// model.json, written by scripts/train-injection.mjs — never edited by hand) scored over 1–3-sentence
// windows in linear time, plus a small softmax that names the category of the strongest window.
import type { InjectionCategory } from '../../types.js';
import type { Tok } from '../tokens.js';
import { featureSum, featurize, newSumMemo, sentences, topFeatures, WINDOW_SENTENCES, type SumMemo } from './features.js';
import modelJson from './model.json' with { type: 'json' };

export interface ModelFile {
  version: 1;
  /** log2 of the number of hashed buckets of the detector and of the category model. */
  bits: number;
  catBits: number;
  bias: number;
  /** Weights are int8 × scale, base64. */
  scale: number;
  weights: string;
  categories: InjectionCategory[];
  catBias: number[];
  catScale: number;
  catWeights: string;
  /** Window logit at which the learned weight reaches FLAG_WEIGHT (chosen on benign training mail). */
  threshold: number;
  training: Record<string, unknown>;
}

export interface LearnedModel {
  mask: number; catMask: number; bias: number; w: Float32Array;
  categories: InjectionCategory[]; catBias: number[]; catW: Float32Array; threshold: number;
}

export interface LearnedHit { z: number; weight: number; s: number; e: number; category: InjectionCategory; top: string[] }

const FLAG_WEIGHT = 0.7;      // the scanner's usual flag threshold: a window at the model threshold weighs this much
const MAX_WEIGHT = 0.97;
const TOP_FEATURES = 4;
const LOGIT_FLAG = Math.log(FLAG_WEIGHT / (1 - FLAG_WEIGHT));

function int8(b64: string, scale: number): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ((bytes[i]! << 24) >> 24) * scale;
  return out;
}

export function loadModel(f: ModelFile): LearnedModel {
  return {
    mask: (1 << f.bits) - 1, catMask: (1 << f.catBits) - 1, bias: f.bias, w: int8(f.weights, f.scale),
    categories: f.categories, catBias: f.catBias, catW: int8(f.catWeights, f.catScale), threshold: f.threshold,
  };
}

let shipped: LearnedModel | null = null;
/** The committed model (decoded once). */
export function defaultModel(): LearnedModel {
  shipped ??= loadModel(modelJson as ModelFile);
  return shipped;
}

/** The scanner's weight for a window logit: FLAG_WEIGHT at the model's threshold, logistic around it. */
export function weightOf(m: LearnedModel, z: number): number {
  return Math.min(MAX_WEIGHT, 1 / (1 + Math.exp(-(z - m.threshold + LOGIT_FLAG))));
}

const feats: number[] = [];
const memos = new WeakMap<LearnedModel, SumMemo>();
const sum2 = new Float64Array(2);

/** Weight sum and feature count of each sentence; a window's logit is bias + Σsums / sqrt(Σcounts). */
function sentenceSums(m: LearnedModel, text: string, toks: Tok[], sents: [number, number][]): { sums: Float64Array; counts: Float64Array } {
  const sums = new Float64Array(sents.length), counts = new Float64Array(sents.length);
  let memo = memos.get(m);
  if (!memo) { memo = newSumMemo(); memos.set(m, memo); }
  for (let k = 0; k < sents.length; k++) {
    featureSum(text, toks, sents[k]![0], sents[k]![1], m.mask, m.w, memo, sum2);
    sums[k] = sum2[0]!; counts[k] = sum2[1]!;
  }
  return { sums, counts };
}

/** The best window [i, j] of sentences and its logit. */
function bestWindow(m: LearnedModel, sums: Float64Array, counts: Float64Array): { z: number; i: number; j: number } {
  let z = -Infinity, bi = 0, bj = 0;
  for (let i = 0; i < sums.length; i++) {
    let s = 0, n = 0;
    for (let j = i; j < Math.min(sums.length, i + WINDOW_SENTENCES); j++) {
      s += sums[j]!; n += counts[j]!;
      const zz = m.bias + s / Math.sqrt(n || 1);
      if (zz > z) { z = zz; bi = i; bj = j; }
    }
  }
  return { z, i: bi, j: bj };
}

/** The category the softmax model gives the features (the first of equal logits); each logit is its bias plus its
 *  weights in feature order. */
function categoryOf(m: LearnedModel, fs: readonly number[]): InjectionCategory {
  const stride = m.catMask + 1;
  let best = 0, bestZ = -Infinity;
  for (let c = 0; c < m.catBias.length; c++) {
    let z = m.catBias[c]!;
    for (let k = 0; k < fs.length; k++) z += m.catW[c * stride + (fs[k]! & m.catMask)]!;
    if (z > bestZ) { bestZ = z; best = c; }
  }
  return m.categories[best]!;
}

/**
 * The strongest window of a scanned part: its weight, and — when it reaches minWeight — the hit to report
 * (logit, span, predicted category, top features). Below minWeight only the weight is computed.
 */
export function scoreText(m: LearnedModel, text: string, toks: Tok[], minWeight = 0): { weight: number; hit: LearnedHit | null } {
  if (toks.length === 0) return { weight: 0, hit: null };
  const sents = sentences(toks);
  const { sums, counts } = sentenceSums(m, text, toks, sents);
  const { z: best, i: bi, j: bj } = bestWindow(m, sums, counts);
  const weight = weightOf(m, best);
  if (weight < minWeight) return { weight, hit: null };
  const from = sents[bi]![0], to = sents[bj]![1];
  feats.length = 0;
  for (let k = bi; k <= bj; k++) featurize(text, toks, sents[k]![0], sents[k]![1], m.mask, feats);
  return { weight, hit: { z: best, weight, s: toks[from]!.s, e: toks[to - 1]!.e, category: categoryOf(m, feats), top: topFeatures(toks, from, to, m.mask, m.w, TOP_FEATURES) } };
}

/** Max window logit only (training and threshold search). */
export function maxLogit(m: LearnedModel, text: string, toks: Tok[]): number {
  if (toks.length === 0) return -Infinity;
  const { sums, counts } = sentenceSums(m, text, toks, sentences(toks));
  return bestWindow(m, sums, counts).z;
}
