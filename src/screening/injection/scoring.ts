// From evidence to scores: a rule counts once per category (its strongest hit), categories combine
// their rules by noisy-OR, and the overall score is the noisy-OR of the six categories.
import { isSpace } from '../normalize.js';
import { INJECTION_CATEGORIES, type InjectionCategory, type InjectionEvidence, type InjectionResult } from '../types.js';

export interface RawEvidence extends InjectionEvidence { rule: string }

const MIN_WEIGHT = 0.05;      // weaker evidence is dropped
const MAX_EVIDENCE = 40;      // entries kept in the result, strongest first
const MATCH_CHARS = 120;

/** s with white space runs as one space, trimmed, cut to MATCH_CHARS with an ellipsis: read only as far as needed
 *  (a learned window's match can be several sentences long). */
export function trimMatch(s: string): string {
  let out = '', space = false;
  for (let i = 0; i < s.length; i++) {
    if (isSpace(s.charCodeAt(i))) { space = out.length > 0; continue; }
    if (space) { out += ' '; space = false; }
    out += s[i];
    if (out.length > MATCH_CHARS) return out.slice(0, MATCH_CHARS - 1) + '…';
  }
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function emptyCategories(): Record<InjectionCategory, number> {
  return Object.fromEntries(INJECTION_CATEGORIES.map((c) => [c, 0])) as Record<InjectionCategory, number>;
}

export function combine(evidence: RawEvidence[]): InjectionResult {
  const perRule = new Map<string, number>(); // "category/rule" → strongest weight
  const kept: RawEvidence[] = [];
  const seen = new Set<string>();
  for (const ev of evidence) {
    if (ev.weight < MIN_WEIGHT) continue;
    const key = `${ev.category}/${ev.rule}`;
    perRule.set(key, Math.max(perRule.get(key) ?? 0, ev.weight));
    const dup = `${key}/${ev.match.toLowerCase()}`;
    if (seen.has(dup)) continue;
    seen.add(dup);
    kept.push(ev);
  }
  const miss = emptyCategories();
  for (const c of INJECTION_CATEGORIES) miss[c] = 1;
  for (const [key, w] of perRule) {
    const cat = key.slice(0, key.indexOf('/')) as InjectionCategory;
    miss[cat] *= 1 - Math.min(w, 0.99);
  }
  const categories = emptyCategories();
  let overallMiss = 1;
  for (const c of INJECTION_CATEGORIES) { categories[c] = round(1 - miss[c]); overallMiss *= miss[c]; }
  kept.sort((a, b) => b.weight - a.weight);
  return {
    score: round(Math.min(1, 1 - overallMiss)),
    categories,
    evidence: kept.slice(0, MAX_EVIDENCE).map(({ category, match, where, offset, weight }) => ({ category, match, where, offset, weight: round(weight) })),
  };
}
