// THE gate: screen() takes a raw or parsed message and returns kind, reply text, injection verdict,
// sender reputation and (opt-in) intent/entities/urgency. Every inbound and outbound path calls it.
// Pure (no I/O besides the optional LLM call) and total: malformed input yields a result, never a throw.
import { parseMessage, type ParsedMessage } from '../inbound/parse.js';
import { detectKind, type KindResult } from '../inbound/kind.js';
import { referenceTime } from '../inbound/autoreply.js';
import { splitReply, type ReplyParts } from '../inbound/quotes.js';
import { scanInjection } from './injection/index.js';
import { classify } from './classify/index.js';
import { senderReputation, type Reputation } from './reputation.js';
import { DEFAULT_INJECTION_THRESHOLD, INJECTION_CATEGORIES, type InjectionResult, type ScreenOptions, type ScreenResult } from './types.js';

/** Larger raw messages are screened on their first this-many bytes (the parts that matter come first). */
export const MAX_SCREEN_BYTES = 10 * 1024 * 1024;
export { DEFAULT_INJECTION_THRESHOLD };

function emptyMessage(raw: Uint8Array): ParsedMessage {
  return { messageId: null, inReplyTo: null, references: [], from: null, replyTo: [], to: [], cc: [], subject: '', date: null, text: '', html: null, headers: new Map(), attachments: [], raw };
}

function noInjection(): InjectionResult {
  const categories = Object.fromEntries(INJECTION_CATEGORIES.map((c) => [c, 0])) as InjectionResult['categories'];
  return { score: 0, categories, evidence: [] };
}

async function toMessage(input: Uint8Array | string | ParsedMessage): Promise<ParsedMessage> {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return input;
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const capped = bytes.length > MAX_SCREEN_BYTES ? bytes.subarray(0, MAX_SCREEN_BYTES) : bytes;
  try {
    return await parseMessage(capped);
  } catch {
    return emptyMessage(capped);
  }
}

/** Runs one stage; a stage that throws on hostile input falls back instead of failing the gate. */
function stage<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export async function screen(input: Uint8Array | string | ParsedMessage, opts: ScreenOptions): Promise<ScreenResult> {
  const msg = await toMessage(input);
  const now = opts.now instanceof Date && !Number.isNaN(opts.now.getTime()) ? opts.now : new Date();
  // Outbound mail is ours: always a reply by kind, but still scanned (text copied from an injection).
  const parts: ReplyParts = stage(() => splitReply(msg.text, msg.html), { body: '', signature: '' });
  const kind: KindResult = opts.direction === 'out' ? { kind: 'reply' } : stage(() => detectKind(msg, now, `${parts.body}\n${parts.signature}`), { kind: 'reply' });
  // Whose mailbox: inbound, the recipients' and the agent's names are the owner (src/screening/injection/owner.ts);
  // outbound, the owner wrote it, and naming themself is no signal — no owner words.
  const injection = stage(() => scanInjection(msg, opts.direction === 'out' ? { ownerAddresses: [] } : { owner: opts.ownerName ? [opts.ownerName] : [] }), noInjection());
  const threshold = Number.isFinite(opts.injectionThreshold) ? opts.injectionThreshold : DEFAULT_INJECTION_THRESHOLD;
  const flagged = injection.score >= threshold;
  const rep: Reputation = stage(() => senderReputation(msg, opts.sender, opts.trustedAuthserv), { score: 0.5, signals: { error: 'unreadable' } });

  const result: ScreenResult = {
    kind: kind.kind,
    body: parts.body,
    injection_score: injection.score,
    injection,
    flagged,
    sender_reputation: rep.score,
    reputation_signals: rep.signals,
  };
  if (kind.bounce) result.bounce = kind.bounce;
  if (kind.autoReply) result.auto_reply = kind.autoReply;
  if (kind.complaint) result.complaint = kind.complaint;

  if (opts.classification !== 'off') {
    const input = { kind: kind.kind, autoReply: kind.autoReply, flagged, from: msg.from?.address ?? '', subject: msg.subject, body: parts.body, signature: parts.signature };
    try {
      const c = await classify(input, { mode: opts.classification, now, sentAt: referenceTime(msg.date, now, msg.received), timezone: opts.timezone, llm: opts.llm });
      result.intent = c.intent;
      result.intent_confidence = c.intent_confidence;
      result.entities = c.entities;
      result.urgency = c.urgency;
      result.classification_source = c.classification_source;
      if (c.classification_error) result.classification_error = c.classification_error;
    } catch (err) {
      result.intent = flagged ? 'abuse_attempt' : 'other';
      result.intent_confidence = 0;
      result.entities = {};
      result.urgency = 0;
      result.classification_error = err instanceof Error ? err.message : String(err);
    }
  }
  return result;
}
