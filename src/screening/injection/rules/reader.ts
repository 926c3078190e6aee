// Who a directive is aimed at, for rules whose wording is just as common between people ("pretend you are a
// first-time user", "our developers call the send_message API", "you can skip the approval step"): whether the
// part speaks of an AI reader at all, whether a verb stands in imperative position, and whether a payoff harms.
import { C } from '../lexicon.js';
import type { RuleCtx } from './pattern.js';

/** Words naming an AI reader besides the C.AI class (foreign and generic agent nouns). */
const AI_WORDS = new Set(['ai', 'llm', 'llms', 'chatbot', 'bot', 'bots', 'gpt', 'chatgpt', 'copilot', 'ki', 'ia', 'assistant', 'assistants', 'agent', 'agents',
  'model', 'models', 'asistente', 'assistente', 'assistent', 'assistentin', 'modelo', 'modele', 'modell', 'robot', 'robo', 'automation', 'automated', 'automatic']);

const aiParts = new WeakMap<RuleCtx, boolean>();

/** True when the part addresses or names an AI reader anywhere (an addressee found, an AI word, "yourself"). */
export function aiInPart(ctx: RuleCtx): boolean {
  let v = aiParts.get(ctx);
  if (v !== undefined) return v;
  v = ctx.addressedAt.length > 0;
  for (let k = 0; !v && k < ctx.toks.length; k++) { const t = ctx.toks[k]!; v = (t.cls & C.AI) !== 0 || AI_WORDS.has(t.w); }
  aiParts.set(ctx, v);
  return v;
}

/** Words after which a verb is still an order: "please send", "and then delete", "you must skip". */
const LEAD = new Set(['please', 'pls', 'plz', 'kindly', 'now', 'then', 'and', 'also', 'just', 'simply', 'immediately', 'must', 'should', 'shall', 'to', 'never', 'always', 'first', 'next', 'finally', 'ps', 'bitte', 'svp', 'por', 'favor', 'favore', 'alsjeblieft', 'dann', 'puis', 'luego', 'depois', 'poi', 'daarna']);
/** Subjects that make the verb after them a statement about someone: "our developers call", "we skip", "they export". */
const SUBJECT = new Set(['we', 'they', 'i', 'he', 'she', 'who', 'people', 'users', 'developers', 'devs', 'engineers', 'team', 'teams', 'customers', 'colleagues', 'staff', 'admins', 'scripts', 'jobs',
  // the lexicon's other languages, where a verb follows its subject ("wir löschen alle E-Mails nach 30 Tagen")
  'wir', 'ich', 'er', 'nous', 'je', 'il', 'elle', 'ils', 'elles', 'nosotros', 'yo', 'ellos', 'eu', 'eles', 'noi', 'io', 'loro', 'wij', 'ik', 'hij', 'zij']);
const OWNERS = new Set(['our', 'their', 'my', 'his', 'her', 'its']);

/** A verb at i read as a statement with a subject ("our developers call …", "the instructions from legal override …")
 *  rather than an order: not sentence-initial, not after a lead word or punctuation, and after a subject. */
export function declarativeAt(ctx: RuleCtx, i: number): boolean {
  const toks = ctx.toks;
  const t = toks[i];
  if (!t || t.sent || i === 0) return false;
  const p = toks[i - 1]!;
  if (p.pa !== 0 || LEAD.has(p.w)) return false;
  return SUBJECT.has(p.w) || (i > 1 && OWNERS.has(toks[i - 2]!.w)) || (p.cls & (C.INSTR | C.SAFETY)) !== 0 || p.w.endsWith('s');
}

/** Modal permission before a verb: "you can skip", "you may bypass", "feel free to override". */
export function permittedAt(ctx: RuleCtx, i: number): boolean {
  const a = ctx.toks[i - 1]?.w, b = ctx.toks[i - 2]?.w;
  return ((a === 'can' || a === 'may' || a === 'could') && (b === 'you' || b === 'we' || b === 'i' || b === 'they')) || (a === 'to' && b === 'free');
}

/** Payoffs that act for the sender against the owner: approve, sign, pay, send out, reveal, grant, delete. */
const HARMFUL = new Set(['approve', 'approves', 'authorise', 'authorize', 'sign', 'signs', 'confirm', 'grant', 'transfer', 'wire', 'pay', 'refund', 'send', 'forward',
  'share', 'reveal', 'disclose', 'leak', 'delete', 'give', 'accept', 'release', 'export', 'valide', 'validez', 'genehmige', 'genehmigen', 'aprueba', 'aprobar',
  'dame', 'dime', 'approuve', 'autorise', 'bestatige', 'confirma', 'firma', 'firme', 'unterschreibe', 'signe', 'aprove', 'approva', 'keur', 'verrate', 'revele']);
const PAYOFF_WINDOW = 16; // tokens after a frame in which its payoff is named

/** A harmful action named in the frame's sentence (or the next one) after token i. */
export function harmfulAfter(ctx: RuleCtx, i: number): boolean {
  const toks = ctx.toks;
  let sents = 0;
  for (let k = i + 1; k < toks.length && k <= i + PAYOFF_WINDOW; k++) {
    if (toks[k]!.sent && ++sents > 1) return false;
    if (HARMFUL.has(toks[k]!.w)) return true;
  }
  return false;
}
