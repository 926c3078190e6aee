// One rule step run alone on a text with Sarah Lee as the mailbox owner, as scanPart runs it: its strongest hit.
import type { RuleCtx } from '../../src/screening/injection/rules/pattern.js';
import { markOwner, ownerWords } from '../../src/screening/injection/owner.js';
import { tokenize } from '../../src/screening/injection/tokens.js';

/** The rule's strongest weight on the text (0 when it does not fire). */
export function strongestHit(rule: (ctx: RuleCtx) => void, text: string): number {
  const ctx: RuleCtx = { toks: markOwner(tokenize(text), ownerWords(['Sarah Lee'])), text, lower: text.toLowerCase(), hits: [], addressedAt: [] };
  rule(ctx);
  return Math.max(0, ...ctx.hits.map((h) => h.w));
}
