// Screening evaluation on the labelled corpus (test/fixtures/screening): precision / recall / F1 per class
// and confusion matrices for kind and intent (tuned vs holdout), detail accuracy (return dates, bounce
// status, original Message-IDs, reply text), and the injection scanner via evaluateInjection().
// `npm run eval:screening` runs this file's main().
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseMessage, type ParsedMessage } from '../inbound/parse.js';
import { evaluateInjection, loadInjectionCorpus } from './injection/corpus.js';
import { screen } from './screen.js';
import type { Intent, MessageKind, ScreenOptions } from './types.js';

/** test/fixtures/screening from src/screening or dist/screening (both two levels below the root). */
export const SCREENING_CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/screening');
/** Reference time when a message carries no Date (relative dates are read against the message's Date). */
const FALLBACK_NOW = new Date('2026-11-20T12:00:00Z');
/** Each message is screened this long after its Date, as a late sync reads it: its dates must still count from the Date. */
const READ_LAG_MS = 30 * 86_400_000;
const FOLDERS = ['replies', 'autoreplies', 'bounces', 'complaints'] as const;

export interface Label {
  kind: MessageKind;
  intent?: Intent;
  body?: string;
  out_of_office?: boolean;
  return_date?: string | null;
  hard?: boolean;
  status?: string;
  reason?: string;
  recipient?: string | null;
  original_message_id?: string;
  feedback_type?: string;
}

export interface LabelledItem { file: string; holdout: boolean; label: Label; msg: ParsedMessage }
export type Subset = 'all' | 'tuned' | 'holdout';

export async function loadScreeningCorpus(dir = SCREENING_CORPUS_DIR, withInjectionCorpus = true): Promise<LabelledItem[]> {
  const items: LabelledItem[] = [];
  for (const folder of FOLDERS) {
    for (const sub of ['', 'holdout']) {
      const path = join(dir, folder, sub, 'labels.json');
      if (!existsSync(path)) continue;
      const labels = JSON.parse(await readFile(path, 'utf8')) as Record<string, Label>;
      for (const [file, label] of Object.entries(labels)) {
        const raw = new Uint8Array(await readFile(join(dir, folder, sub, file)));
        items.push({ file: join(folder, sub, file), holdout: sub === 'holdout', label, msg: await parseMessage(raw) });
      }
    }
  }
  if (withInjectionCorpus && existsSync(join(dir, 'injection', 'labels.json'))) {
    // The injection engineer's injection/ and benign/ mail: replies, except the notices listed in
    // tools/benign-kinds.json (checked by hand).
    const kindsPath = join(dir, 'tools', 'benign-kinds.json');
    const kinds = existsSync(kindsPath) ? (JSON.parse(await readFile(kindsPath, 'utf8')) as { kinds: Record<string, MessageKind> }).kinds : {};
    for (const it of await loadInjectionCorpus(dir)) {
      items.push({ file: it.file, holdout: it.file.includes('/holdout/'), label: { kind: kinds[it.file] ?? 'reply' }, msg: await parseMessage(it.raw) });
    }
  }
  return items;
}

export interface ClassMetrics { precision: number; recall: number; f1: number; support: number }
export interface Confusion {
  labels: string[];
  /** matrix[i][j]: items labelled labels[i] predicted as labels[j]. */
  matrix: number[][];
  perClass: Record<string, ClassMetrics>;
  macroF1: number;
  accuracy: number;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** Confusion matrix and per-class metrics; macro-F1 over the classes that occur in the labels. */
export function confusion(pairs: readonly (readonly [string, string])[]): Confusion {
  const labels = [...new Set(pairs.flatMap(([t, p]) => [t, p]))].sort();
  const idx = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (const [t, p] of pairs) matrix[idx.get(t)!][idx.get(p)!]++;
  const perClass: Record<string, ClassMetrics> = {};
  for (const [i, l] of labels.entries()) {
    const tp = matrix[i][i];
    const support = matrix[i].reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, row) => a + row[i], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    perClass[l] = { precision: r4(precision), recall: r4(recall), f1: r4(precision + recall ? (2 * precision * recall) / (precision + recall) : 0), support };
  }
  const present = labels.filter((l) => perClass[l].support > 0);
  const macroF1 = present.length ? present.reduce((a, l) => a + perClass[l].f1, 0) / present.length : 0;
  const correct = labels.reduce((a, _, i) => a + matrix[i][i], 0);
  return { labels, matrix, perClass, macroF1: r4(macroF1), accuracy: r4(pairs.length ? correct / pairs.length : 0) };
}

export interface Detail { correct: number; total: number; misses: string[] }
export interface ScreeningEval {
  subset: Subset;
  count: number;
  kind: Confusion;
  intent: Confusion;
  returnDate: Detail;
  outOfOffice: Detail;
  bounceHardSoft: Detail;
  bounceStatus: Detail;
  bounceReason: Detail;
  bounceOriginalId: Detail;
  complaintOriginalId: Detail;
  body: Detail;
  kindMisses: string[];
  intentMisses: string[];
}

function detail(): Detail { return { correct: 0, total: 0, misses: [] }; }
function check(d: Detail, ok: boolean, miss: string): void { d.total++; if (ok) d.correct++; else d.misses.push(miss); }
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Screens every labelled item (embedded classification) and scores it. */
export async function evaluateScreening(opts: { dir?: string; subset?: Subset; items?: LabelledItem[] } = {}): Promise<ScreeningEval> {
  const subset = opts.subset ?? 'all';
  const all = opts.items ?? (await loadScreeningCorpus(opts.dir));
  const items = all.filter((it) => subset === 'all' || (subset === 'holdout') === it.holdout);
  const kindPairs: [string, string][] = [];
  const intentPairs: [string, string][] = [];
  const ev: ScreeningEval = {
    subset, count: items.length, kind: confusion([]), intent: confusion([]),
    returnDate: detail(), outOfOffice: detail(), bounceHardSoft: detail(), bounceStatus: detail(), bounceReason: detail(),
    bounceOriginalId: detail(), complaintOriginalId: detail(), body: detail(), kindMisses: [], intentMisses: [],
  };
  for (const it of items) {
    const o: ScreenOptions = { direction: 'in', classification: 'embedded', injectionThreshold: 0.7, now: it.msg.date ? new Date(it.msg.date.getTime() + READ_LAG_MS) : FALLBACK_NOW };
    const res = await screen(it.msg, o);
    const l = it.label;
    kindPairs.push([l.kind, res.kind]);
    if (l.kind !== res.kind) ev.kindMisses.push(`${it.file}: ${l.kind} → ${res.kind}`);
    if (l.intent) {
      intentPairs.push([l.intent, res.intent ?? 'none']);
      if (l.intent !== res.intent) ev.intentMisses.push(`${it.file}: ${l.intent} → ${res.intent}`);
    }
    if (l.body !== undefined) check(ev.body, norm(res.body) === norm(l.body), `${it.file}: ${JSON.stringify(res.body.slice(0, 120))}`);
    if (l.kind === 'auto_reply' && res.auto_reply && l.out_of_office !== undefined) {
      check(ev.outOfOffice, res.auto_reply.outOfOffice === l.out_of_office, `${it.file}: ooo ${res.auto_reply.outOfOffice}`);
      if (l.out_of_office) check(ev.returnDate, res.auto_reply.returnDate === (l.return_date ?? null), `${it.file}: ${res.auto_reply.returnDate} ≠ ${l.return_date}`);
    }
    if (l.kind === 'bounce' && res.bounce && l.status !== undefined) {
      const b = res.bounce;
      check(ev.bounceHardSoft, b.hard === l.hard, `${it.file}: hard ${b.hard}`);
      check(ev.bounceStatus, b.status === l.status, `${it.file}: ${b.status} ≠ ${l.status}`);
      check(ev.bounceReason, b.reason === l.reason, `${it.file}: ${b.reason} ≠ ${l.reason}`);
      check(ev.bounceOriginalId, b.originalMessageId === l.original_message_id, `${it.file}: ${b.originalMessageId}`);
    }
    if (l.kind === 'complaint' && res.complaint && l.original_message_id !== undefined) {
      check(ev.complaintOriginalId, res.complaint.originalMessageId === l.original_message_id, `${it.file}: ${res.complaint.originalMessageId}`);
    }
  }
  ev.kind = confusion(kindPairs);
  ev.intent = confusion(intentPairs);
  return ev;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatConfusion(title: string, c: Confusion): string {
  const w = Math.max(...c.labels.map((l) => l.length), 6);
  const lines = [`${title}  (macro-F1 ${c.macroF1.toFixed(3)}, accuracy ${pct(c.accuracy)})`];
  lines.push(`  ${'class'.padEnd(w)}  precision  recall     F1  support`);
  for (const l of c.labels) {
    const m = c.perClass[l];
    lines.push(`  ${l.padEnd(w)}  ${m.precision.toFixed(3).padStart(9)}  ${m.recall.toFixed(3).padStart(6)}  ${m.f1.toFixed(3).padStart(5)}  ${String(m.support).padStart(7)}`);
  }
  const short = c.labels.map((l) => l.slice(0, 6));
  lines.push(`  confusion (rows = label, columns = predicted):`);
  lines.push(`  ${''.padEnd(w)}  ${short.map((s) => s.padStart(6)).join(' ')}`);
  for (const [i, l] of c.labels.entries()) lines.push(`  ${l.padEnd(w)}  ${c.matrix[i].map((n) => String(n).padStart(6)).join(' ')}`);
  return lines.join('\n');
}

export function formatEval(ev: ScreeningEval): string {
  const d = (name: string, x: Detail) => `  ${name.padEnd(24)} ${x.correct}/${x.total}${x.total ? ` (${pct(x.correct / x.total)})` : ''}`;
  return [
    `== ${ev.subset} (${ev.count} messages) ==`,
    formatConfusion('kind', ev.kind),
    formatConfusion('intent (embedded)', ev.intent),
    'details:',
    d('reply text exact', ev.body), d('out-of-office flag', ev.outOfOffice), d('return date', ev.returnDate),
    d('bounce hard/soft', ev.bounceHardSoft), d('bounce status', ev.bounceStatus), d('bounce reason', ev.bounceReason),
    d('bounce original id', ev.bounceOriginalId), d('complaint original id', ev.complaintOriginalId),
    ev.kindMisses.length ? `kind misses:\n  ${ev.kindMisses.join('\n  ')}` : 'kind misses: none',
    ev.intentMisses.length ? `intent misses:\n  ${ev.intentMisses.join('\n  ')}` : 'intent misses: none',
  ].join('\n');
}

/** Issue 4's targets, checked by `npm run eval:screening -- --check` (exit 1 when any is missed). */
export const SCREENING_TARGETS = { injectionRecall: 0.95, injectionFpr: 0.01, autoReplyF1: 0.98, bounceF1: 0.98, intentMacroF1: 0.85 } as const;

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const missed: string[] = [];
  const items = await loadScreeningCorpus();
  for (const subset of ['tuned', 'holdout', 'all'] as const) {
    const ev = await evaluateScreening({ subset, items });
    process.stdout.write(formatEval(ev) + '\n\n');
    if (subset !== 'all') continue;
    const t = SCREENING_TARGETS;
    if (ev.kind.perClass.auto_reply!.f1 < t.autoReplyF1) missed.push(`auto-reply F1 ${ev.kind.perClass.auto_reply!.f1} < ${t.autoReplyF1}`);
    if (ev.kind.perClass.bounce!.f1 < t.bounceF1) missed.push(`bounce F1 ${ev.kind.perClass.bounce!.f1} < ${t.bounceF1}`);
    if (ev.intent.macroF1 < t.intentMacroF1) missed.push(`intent macro-F1 ${ev.intent.macroF1} < ${t.intentMacroF1}`);
  }
  if (!existsSync(join(SCREENING_CORPUS_DIR, 'injection', 'labels.json'))) {
    process.stdout.write('== injection ==\n  corpus not present (test/fixtures/screening/injection/labels.json)\n');
    return;
  }
  for (const subset of ['tuning', 'holdout', 'all'] as const) {
    const inj = await evaluateInjection(0.7, { subset });
    if (subset === 'all') {
      if (inj.recall < SCREENING_TARGETS.injectionRecall) missed.push(`injection recall ${inj.recall} < ${SCREENING_TARGETS.injectionRecall}`);
      if (inj.fpr > SCREENING_TARGETS.injectionFpr) missed.push(`injection false-positive rate ${inj.fpr} > ${SCREENING_TARGETS.injectionFpr}`);
    }
    process.stdout.write(`== injection (${subset}, threshold ${inj.threshold}) ==\n`);
    process.stdout.write(`  injection ${inj.counts.injection}, benign ${inj.counts.benign}: precision ${inj.precision}, recall ${inj.recall}, F1 ${inj.f1}, FPR ${inj.fpr}, ${inj.msPerMessage} ms/msg\n`);
    process.stdout.write(`  recall per category: ${Object.entries(inj.perCategoryRecall).map(([c, r]) => `${c} ${r}`).join(', ')}\n`);
    process.stdout.write(`  recall per bank: ${Object.entries(inj.perBankRecall).map(([b, r]) => `${b} ${r}`).join(', ')}\n`);
    process.stdout.write(`  benign flagged per bank: ${Object.entries(inj.perBankBenign).map(([b, v]) => `${b} ${v.flagged}/${v.n}`).join(', ')}\n`);
    const tp = Math.round(inj.recall * inj.counts.injection);
    const fp = Math.round(inj.fpr * inj.counts.benign);
    process.stdout.write(formatConfusion('  injection confusion', confusion([
      ...Array.from({ length: tp }, () => ['injection', 'injection'] as const),
      ...Array.from({ length: inj.counts.injection - tp }, () => ['injection', 'benign'] as const),
      ...Array.from({ length: fp }, () => ['benign', 'injection'] as const),
      ...Array.from({ length: inj.counts.benign - fp }, () => ['benign', 'benign'] as const),
    ])) + '\n\n');
  }
  if (check) {
    process.stdout.write(missed.length ? `targets missed:\n  ${missed.join('\n  ')}\n` : 'all targets met\n');
    if (missed.length) process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`eval:screening: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
