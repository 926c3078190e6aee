// Classification of a screened message: intent, entities and urgency. Kind and injection decide first
// (bounce / auto_reply / out_of_office / abuse_attempt need no model); otherwise the embedded rules, or
// the llm mode with a fallback to embedded whose reason is recorded.
import type { AutoReplyInfo, Entities, Intent, MessageKind } from '../types.js';
import { extractEntities } from './entities.js';
import { scoreIntent } from './intent.js';
import { classifyWithLlm, type LlmSettings } from './llm.js';
import { urgency } from './urgency.js';

export interface ClassifyInput {
  kind: MessageKind;
  autoReply?: AutoReplyInfo;
  /** The injection scanner flagged the message: no model reads it, intent is abuse_attempt. */
  flagged: boolean;
  from: string;
  subject: string;
  /** The reply text, quotes and signature removed. */
  body: string;
  /** The signature block (contact details for entities). */
  signature: string;
}

export interface ClassifyOptions {
  mode: 'embedded' | 'llm';
  now: Date;
  /** When the message was written (its Date, inbound/autoreply.ts referenceTime): relative dates in it are read against this. Default: now. */
  sentAt?: Date;
  timezone?: string;
  llm?: LlmSettings;
}

export interface Classification {
  intent: Intent;
  intent_confidence: number;
  entities: Entities;
  urgency: number;
  classification_source: 'embedded' | 'llm' | 'kind' | 'injection';
  classification_error?: string;
}

/** Intent fixed by the message kind or the injection verdict, or null when a model must decide. */
function decided(input: ClassifyInput): Intent | null {
  if (input.flagged) return 'abuse_attempt';
  if (input.kind === 'bounce') return 'bounce';
  if (input.kind === 'auto_reply') return input.autoReply?.outOfOffice ? 'out_of_office' : 'auto_reply';
  if (input.kind === 'complaint') return 'other';
  return null;
}

/** Offline and deterministic. */
export function classifyEmbedded(input: ClassifyInput, opts: Omit<ClassifyOptions, 'mode' | 'llm'>): Classification {
  const fixed = decided(input);
  if (fixed) {
    const entities: Entities = input.autoReply?.returnDate ? { dates: [input.autoReply.returnDate] } : {};
    return { intent: fixed, intent_confidence: 0.99, entities, urgency: urgency(fixed, '', entities, opts.now), classification_source: input.flagged ? 'injection' : 'kind' };
  }
  const text = input.body.trim() ? input.body : input.subject.replace(/^\s*(?:re|aw|sv|fw|fwd|wg|tr|rv)\s*:\s*/i, '');
  const { intent, confidence } = scoreIntent(text);
  const entities = extractEntities(input.body, input.signature, opts.sentAt ?? opts.now, opts.timezone);
  return { intent, intent_confidence: confidence, entities, urgency: urgency(intent, input.body, entities, opts.now), classification_source: 'embedded' };
}

/** Embedded, or the llm (skipped for decided kinds and flagged messages; falls back to embedded on any error). */
export async function classify(input: ClassifyInput, opts: ClassifyOptions): Promise<Classification> {
  const embedded = classifyEmbedded(input, opts);
  if (opts.mode !== 'llm' || decided(input)) return embedded;
  if (!opts.llm) return { ...embedded, classification_error: 'llm: no endpoint configured' };
  try {
    const answer = await classifyWithLlm({ from: input.from, subject: input.subject, body: input.body, now: opts.now, sentAt: opts.sentAt }, opts.llm);
    const entities: Entities = { ...embedded.entities };
    if (answer.names.length) entities.names = [...new Set([...(entities.names ?? []), ...answer.names])];
    if (answer.companies.length) entities.companies = [...new Set([...(entities.companies ?? []), ...answer.companies])];
    if (answer.not_now_until && !(entities.dates ?? []).includes(answer.not_now_until)) entities.dates = [...(entities.dates ?? []), answer.not_now_until];
    return { intent: answer.intent, intent_confidence: answer.confidence, entities, urgency: answer.urgency, classification_source: 'llm' };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ...embedded, classification_error: reason.startsWith('llm:') ? reason : `llm: ${reason}` };
  }
}

export { scoreIntent, extractEntities, urgency };
