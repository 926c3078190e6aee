// The learned layer's operating point, chosen on benign false positives: the lowest window-logit threshold at
// which at most BUDGET of the distinct benign training items (messages of one template count once; hard
// negatives), scored out of fold by the whole scanner (rules + model), get within MARGIN of the flag threshold
// where the rules alone would not. Benign holdout mail is never used here.
import type { ParsedMessage } from '../../../inbound/parse.js';
import { scanInjection, scanText } from '../index.js';
import { loadModel, type ModelFile } from './model.js';
import { TRAINING_OWNER } from './train.js';

const FLAG = 0.7;            // the scanner's flag threshold
const MARGIN = 0.1;          // benign training mail must stay this far below it
const BUDGET = 0.005;        // share of distinct benign items allowed over the line: half the 1 % bar
const STEPS = 22;            // bisection steps over the logit range
const LO = -10, HI = 60;     // logit range searched

export interface Calibrated { model: ModelFile; benignMax: number; rulesOnlyMax: number }

/** Benign items held out of one fold's training, with the model trained without them. */
export interface Fold { model: ModelFile; messages: ParsedMessage[]; texts: string[] }

type Opts = Parameters<typeof scanText>[2];

function scores(f: { messages: ParsedMessage[]; texts: string[] }, opts: Opts): number[] {
  // texts are about the training owner, as messages are (their To); owner.ts
  return [...f.messages.map((m) => scanInjection(m, opts).score), ...f.texts.map((t) => scanText(t, 'text', { owner: TRAINING_OWNER, ...opts }).score)];
}

/** The distinct item a score belongs to: a message's template (its subject without digits) or the text itself. */
function keys(f: { messages: ParsedMessage[]; texts: string[] }): string[] {
  return [...f.messages.map((m) => `message:${m.subject.replace(/\d+/g, '#')}`), ...f.texts.map((t) => `text:${t}`)];
}

/**
 * The threshold is chosen on out-of-fold scores (each benign item scored by a model that never saw its
 * group) and then given to the model trained on everything.
 */
export function calibrate(final: ModelFile, folds: Fold[]): Calibrated {
  const rulesOnly = folds.map((f) => scores(f, { model: false }));
  // A benign item may not score above the target unless the rules alone already put it there.
  const allowed = rulesOnly.map((rs) => rs.map((r) => Math.max(FLAG - MARGIN, r)));
  const itemKeys = folds.map(keys);
  const distinct = new Set(itemKeys.flat()).size;
  const oof = (threshold: number) => folds.map((f) => scores(f, { model: loadModel({ ...f.model, threshold }) }));
  const over = (threshold: number) => {
    const out = new Set<string>();
    oof(threshold).forEach((rs, k) => rs.forEach((s, i) => { if (s > allowed[k]![i]!) out.add(itemKeys[k]![i]!); }));
    return out;
  };
  const ok = (threshold: number) => over(threshold).size <= Math.floor(BUDGET * distinct);
  let lo = LO, hi = HI;
  for (let k = 0; k < STEPS; k++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) hi = mid; else lo = mid;
  }
  const threshold = Math.ceil(hi * 100) / 100;
  const flat = oof(threshold).flat(), rules = rulesOnly.flat();
  const model: ModelFile = {
    ...final, threshold,
    training: {
      ...final.training, benignItems: flat.length, distinctBenignItems: distinct, oofBenignMaxScore: Math.max(...flat),
      oofBenignFlagged: flat.filter((s) => s >= FLAG).length, benignFlaggedByRules: rules.filter((s) => s >= FLAG).length,
      oofBenignOverMargin: [...over(threshold)].sort(),
    },
  };
  return { model, benignMax: Math.max(...flat), rulesOnlyMax: Math.max(...rules) };
}
