// One rule step run alone on a text with Sarah Lee as the mailbox owner, as scanPart runs it: its strongest hit,
// or the names of the rules it hit.
import type { RuleCtx } from '../../src/screening/injection/rules/pattern.js';
import { markOwner, ownerWords } from '../../src/screening/injection/owner.js';
import { tokenize } from '../../src/screening/injection/tokens.js';

function run(rule: (ctx: RuleCtx) => void, text: string): RuleCtx {
  const ctx: RuleCtx = { toks: markOwner(tokenize(text), ownerWords(['Sarah Lee'])), text, lower: text.toLowerCase(), hits: [], addressedAt: [] };
  rule(ctx);
  return ctx;
}

/** The rule's strongest weight on the text (0 when it does not fire). */
export function strongestHit(rule: (ctx: RuleCtx) => void, text: string): number {
  return Math.max(0, ...run(rule, text).hits.map((h) => h.w));
}

/** The names of the rules the step hit on the text, in order. */
export function hitRules(rule: (ctx: RuleCtx) => void, text: string): string[] {
  return run(rule, text).hits.map((h) => h.rule);
}
