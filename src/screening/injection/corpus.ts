// The labelled injection corpus (test/fixtures/screening/{injection,benign}/**.eml, labels in
// injection/labels.json; a holdout/ subfolder in each is never tuned on) and its evaluation.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMessage } from '../../inbound/parse.js';
import { INJECTION_CATEGORIES, type InjectionCategory } from '../types.js';
import { scanInjection } from './index.js';

export interface CorpusItem { file: string; label: 'injection' | 'benign'; category?: InjectionCategory; raw: Uint8Array }

export interface InjectionEval {
  threshold: number;
  subset: Subset;
  counts: { injection: number; benign: number };
  recall: number;
  fpr: number;
  precision: number;
  f1: number;
  perCategoryRecall: Record<InjectionCategory, number>;
  /** Recall per phrasing bank of the injection files (a–c, g–o tuning; d–f, p, q studied holdouts; r–y never tuned on; z is benign mail only). */
  perBankRecall: Record<string, number>;
  /** Benign messages flagged, per bank of the benign files: flagged and total. */
  perBankBenign: Record<string, { flagged: number; n: number }>;
  misses: string[];
  falsePositives: string[];
  /** Mean scan time per message (parse excluded), milliseconds. */
  msPerMessage: number;
}

export type Subset = 'all' | 'tuning' | 'holdout';

/** test/fixtures/screening from src/… or dist/… (both sit three levels below the project root). */
export const DEFAULT_CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/screening');

interface LabelEntry { label: 'injection' | 'benign'; category?: InjectionCategory }

export async function loadInjectionCorpus(dir: string = DEFAULT_CORPUS_DIR): Promise<CorpusItem[]> {
  const labels = JSON.parse(await readFile(join(dir, 'injection', 'labels.json'), 'utf8')) as Record<string, LabelEntry>;
  const items: CorpusItem[] = [];
  for (const [file, entry] of Object.entries(labels)) {
    if (entry.label !== 'injection' && entry.label !== 'benign') throw new Error(`${file}: label must be injection or benign`);
    if (entry.category !== undefined && !INJECTION_CATEGORIES.includes(entry.category)) throw new Error(`${file}: unknown category ${entry.category}`);
    items.push({ file, label: entry.label, category: entry.category, raw: new Uint8Array(await readFile(join(dir, file))) });
  }
  items.sort((a, b) => a.file.localeCompare(b.file));
  return items;
}

export const isHoldout = (file: string) => file.includes('/holdout/');
/** The phrasing bank of a corpus file: "injection/holdout/role_hijacking-e03.eml" → "e". */
export const bankOf = (file: string) => /-([a-z])\d+(?:-[a-z0-9]+)?\.eml$/.exec(file)?.[1] ?? '?';

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000);

export async function evaluateInjection(threshold = 0.7, opts: { dir?: string; subset?: Subset } = {}): Promise<InjectionEval> {
  const subset = opts.subset ?? 'all';
  const all = await loadInjectionCorpus(opts.dir);
  const items = all.filter((it) => subset === 'all' || (subset === 'holdout') === isHoldout(it.file));
  const parsed = await Promise.all(items.map((it) => parseMessage(it.raw)));
  const perCat = new Map<InjectionCategory, { hit: number; n: number }>(INJECTION_CATEGORIES.map((c) => [c, { hit: 0, n: 0 }]));
  const perBank = new Map<string, { hit: number; n: number }>();
  const perBenign = new Map<string, { flagged: number; n: number }>();
  let tp = 0, fp = 0, pos = 0, neg = 0;
  const misses: string[] = [], falsePositives: string[] = [];
  const t0 = performance.now();
  const scores = parsed.map((m) => scanInjection(m).score);
  const elapsed = performance.now() - t0;
  items.forEach((it, k) => {
    const flagged = scores[k]! >= threshold;
    if (it.label === 'injection') {
      pos++;
      if (flagged) tp++; else misses.push(`${it.file} (${scores[k]})`);
      if (it.category) { const c = perCat.get(it.category)!; c.n++; if (flagged) c.hit++; }
      const b = perBank.get(bankOf(it.file)) ?? { hit: 0, n: 0 };
      b.n++; if (flagged) b.hit++;
      perBank.set(bankOf(it.file), b);
    } else {
      neg++;
      const b = perBenign.get(bankOf(it.file)) ?? { flagged: 0, n: 0 };
      b.n++; if (flagged) b.flagged++;
      perBenign.set(bankOf(it.file), b);
      if (flagged) { fp++; falsePositives.push(`${it.file} (${scores[k]})`); }
    }
  });
  const recall = ratio(tp, pos);
  const precision = ratio(tp, tp + fp);
  return {
    threshold, subset,
    counts: { injection: pos, benign: neg },
    recall, fpr: ratio(fp, neg), precision,
    f1: precision + recall === 0 ? 0 : Math.round(((2 * precision * recall) / (precision + recall)) * 10000) / 10000,
    perCategoryRecall: Object.fromEntries([...perCat].map(([c, v]) => [c, ratio(v.hit, v.n)])) as Record<InjectionCategory, number>,
    perBankRecall: Object.fromEntries([...perBank].sort().map(([k, v]) => [k, ratio(v.hit, v.n)])),
    perBankBenign: Object.fromEntries([...perBenign].sort()),
    misses, falsePositives,
    msPerMessage: items.length ? Math.round((elapsed / items.length) * 1000) / 1000 : 0,
  };
}
