// The gate's vocabulary: what screen() takes and returns. Every inbound and outbound message passes
// through the one screen() in src/screening/screen.ts; its result fills the structured reply event.
import type { ParsedMessage } from '../inbound/parse.js';

export type MessageKind = 'reply' | 'auto_reply' | 'bounce' | 'complaint';

export const INJECTION_CATEGORIES = [
  'boundary_manipulation',
  'system_prompt_override',
  'data_exfiltration',
  'role_hijacking',
  'tool_invocation',
  'encoding_tricks',
] as const;
export type InjectionCategory = (typeof INJECTION_CATEGORIES)[number];

export interface InjectionEvidence {
  category: InjectionCategory;
  /** What matched (trimmed to ≤ 120 chars). */
  match: string;
  /** Where: subject | text | html | html_hidden | attachment:<name> | decoded:<base64|hex|url|entity|rot13|reversed|spaced|leet|tag> … */
  where: string;
  /** Character offset in that part's (normalised) text, when known. */
  offset?: number;
  weight: number;
}

export interface InjectionResult {
  score: number;                                   // 0–1 overall
  categories: Record<InjectionCategory, number>;   // each 0–1
  evidence: InjectionEvidence[];
}

export const INTENTS = [
  'interested', 'schedule_demo', 'request_pricing', 'question', 'referral', 'not_now', 'not_interested',
  'unsubscribe', 'out_of_office', 'auto_reply', 'bounce', 'abuse_attempt', 'other',
] as const;
export type Intent = (typeof INTENTS)[number];

export interface Entities {
  dates?: string[];        // ISO dates YYYY-MM-DD
  times?: string[];        // HH:MM 24h
  timezone?: string;       // IANA zone or UTC offset when stated
  datetimes?: string[];    // ISO instants when a date + time were stated together
  amounts?: { value: number; currency: string | null; text: string }[];
  names?: string[];
  companies?: string[];
  urls?: string[];
  phones?: string[];
  emails?: string[];
}

export interface BounceInfo {
  hard: boolean;                     // 5.x.x permanent; 4.x.x transient
  status: string | null;             // e.g. "5.1.1"
  recipient: string | null;          // Final-Recipient / Original-Recipient, lower-case address
  action: string | null;             // failed | delayed | …
  diagnostic: string | null;         // Diagnostic-Code
  reason: string | null;             // user_unknown | mailbox_full | host_unknown | expired | blocked | spam | auth | rate_limited | too_big | other
  originalMessageId: string | null;  // from the returned text/rfc822-headers or message/rfc822 part
}

export interface AutoReplyInfo {
  outOfOffice: boolean;
  returnDate: string | null;         // ISO date YYYY-MM-DD when stated
  sentAt?: string;                   // ISO instant the wording was read against, when the receiving server's stamp stood in for a missing or wrong Date
}

export interface ComplaintInfo {
  feedbackType: string | null;       // abuse | fraud | …  (RFC 5965)
  recipient: string | null;          // the complaining address (Original-Rcpt-To / the original To)
  originalMessageId: string | null;
}

/** What the store knows about the sender, gathered by the caller; screening itself does no I/O. */
export interface SenderContext {
  /** Did this agent write to this address first (an outbound message to it predates this one)? */
  weWroteFirst: boolean;
  /** Does the message belong to a thread this agent started / knows? */
  inKnownThread: boolean;
  /** Has this address replied before (a prior inbound reply from it)? */
  repliedBefore: boolean;
  bounces: number;
  complaints: number;
  suppressed: boolean;
  /** Domains of the agent's known contacts, for lookalike checks (e.g. acme.example vs acrne.example). */
  knownDomains: string[];
  /** The agent's own domain(s): mail that claims to be from them but fails auth is suspicious. */
  ownDomains: string[];
}

/** The injection score at which a message is flagged when nothing configures another (screening.injection_threshold). */
export const DEFAULT_INJECTION_THRESHOLD = 0.7;

export interface ScreenOptions {
  direction: 'in' | 'out';
  classification: 'embedded' | 'llm' | 'off';
  injectionThreshold: number;        // default 0.7
  sender?: SenderContext;
  /** authserv-ids of the servers whose Authentication-Results are trusted (RFC 8601 §5); default: the topmost field's. */
  trustedAuthserv?: readonly string[];
  /** Reference time for relative dates ("back on Monday"). From the injected clock. */
  now: Date;
  /** Time zone for interpreting stated dates/times when none is given. */
  timezone?: string;
  /** The agent's display name (mailgent.yaml `name`): read as the mailbox owner by the injection scanner, besides the names in To. */
  ownerName?: string;
  /** For classification 'llm': any OpenAI-compatible endpoint (e.g. http://127.0.0.1:11434/v1). */
  llm?: { baseUrl: string; model: string; apiKey?: string; timeoutMs?: number };
}

export interface ScreenResult {
  kind: MessageKind;
  /** The new text of the message: quoted history and signature removed. */
  body: string;
  injection_score: number;
  injection: InjectionResult;
  /** true when injection_score ≥ threshold: nothing may auto-act on this message. */
  flagged: boolean;
  sender_reputation: number;
  reputation_signals: Record<string, number | boolean | string>;
  bounce?: BounceInfo;
  auto_reply?: AutoReplyInfo;
  complaint?: ComplaintInfo;
  /** Present when classification is not off (and, for llm, when not flagged). */
  intent?: Intent;
  intent_confidence?: number;
  entities?: Entities;
  urgency?: number;
  /** Which classifier produced intent/entities/urgency; 'llm' only when the endpoint answered validly. */
  classification_source?: 'embedded' | 'llm' | 'kind' | 'injection';
  /** Why the llm mode fell back to embedded (timeout, HTTP error, invalid JSON, …). */
  classification_error?: string;
}

export type { ParsedMessage };
