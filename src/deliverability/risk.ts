// Outbound risk, the gate's outbound half: a 0–1 score per send from the recipient relationship, send-rate
// anomaly, content (links, shorteners, spam phrasing, ALL CAPS, missing unsubscribe on sequence mail) and, for
// agent-driven sends (actor mcp/library), exfiltration (secrets, other contacts' addresses, text copied from a
// high-injection inbound message in the thread), and the outgoing text's own injection score from the one screen().
// Signals combine as a noisy-OR; at policies.hold_risk, or when the text reads as an injection, the send is held.
import { knownSecrets } from '../config/secrets.js';
import type { MailContext } from '../mail/context.js';
import type { Outgoing } from '../mail/dispatch.js';
import type { InjectionResult } from '../screening/types.js';
import { allText } from '../inbound/html-text.js';
import type { Decorated } from './gate.js';

export interface RiskSignal { signal: string; weight: number; detail: string }
/** What screen() found in the composed message (dispatch screens it before any outbox row); `error` when it could not. */
export type OutboundScreen = { injection_score: number; flagged: boolean; injection: InjectionResult } | { error: string };
export interface RiskAssessment { score: number; hold: boolean; threshold: number; signals: RiskSignal[] }

const HOUR_MS = 60 * 60 * 1000;
/** Sends in the last hour below which no rate is anomalous. */
const RATE_FLOOR = 10;
/** The last hour is anomalous above this multiple of the 7-day hourly average. */
const RATE_MULTIPLE = 5;
/** Text copied from a flagged inbound message counts from this many characters. */
const COPY_MIN_CHARS = 80;
const COPY_STEP_CHARS = 20;
const MAX_LINKS = 3;

const SHORTENERS = /\b(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at|tiny\.cc|rb\.gy|s\.id)\/\S+/i;
const SPAM_PHRASES = [
  /\bact now\b/i, /\b100% free\b/i, /\brisk[- ]free\b/i, /\bguaranteed?\b/i, /\byou(?:'ve| have)? won\b/i, /\bclick here\b/i,
  /\blimited time\b/i, /\bno credit check\b/i, /\bcash bonus\b/i, /\bdouble your\b/i, /\bearn \$\d/i, /\$\$\$/, /\burgent(?:ly)? (?:response|reply)\b/i,
  /\bwire transfer\b/i, /\bmiracle\b/i, /\bonce in a lifetime\b/i, /\bfree (?:gift|money|trial)\b/i,
];
/** Well-known credential shapes (provider prefixes, PEM private keys, JWTs, generic key=value secrets). */
const SECRET_PATTERNS: [string, RegExp][] = [
  ['AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['OpenAI-style API key', /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}\b/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['Stripe key', /\b[sr]k_live_[0-9A-Za-z]{20,}\b/],
  ['private key', /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['credential assignment', /\b(?:password|passwd|api[_-]?key|secret|token)\s*[:=]\s*['"]?[^\s'"]{8,}/i],
];
const ADDRESS_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

export function assessOutboundRisk(ctx: MailContext, out: Outgoing, d: Decorated, screened?: OutboundScreen): RiskAssessment {
  const agent = out.agent;
  const signals: RiskSignal[] = [];
  const add = (signal: string, weight: number, detail: string) => signals.push({ signal, weight, detail });
  const body = [d.text ?? '', d.html ? allText(d.html) : ''].join('\n');
  const all = `${out.subject}\n${body}`;
  const recipients = [...out.to, ...out.cc].map((a) => a.toLowerCase());

  // Relationship: never written to and never heard from.
  const strangers = recipients.filter((r) => {
    const f = ctx.store.messages.senderFacts(agent.id, r);
    return f.wroteFirstAt === null && f.repliedBefore === 0;
  });
  if (strangers.length) add('new_recipient', 0.1, `never written to or replied: ${strangers.join(', ')}`);

  // Send-rate anomaly: the last hour against the 7-day hourly average.
  const now = ctx.clock.now().getTime();
  const hourSince = new Date(now - HOUR_MS).toISOString();
  const lastHour = ctx.store.deliverability.countSends(agent.id, hourSince);
  // The week holds the last hour: count only the part before it.
  const week = lastHour + ctx.store.deliverability.countSendsBetween(agent.id, new Date(now - 7 * 24 * HOUR_MS).toISOString(), hourSince);
  const hourlyAvg = week / (7 * 24);
  if (lastHour >= RATE_FLOOR && lastHour > RATE_MULTIPLE * Math.max(hourlyAvg, 1)) {
    add('rate_anomaly', 0.3, `${lastHour} sends in the last hour against ${hourlyAvg.toFixed(1)}/hour over 7 days`);
  }

  // Content.
  const links = body.match(/https?:\/\/\S+/gi) ?? [];
  if (links.length > MAX_LINKS) add('many_links', 0.15, `${links.length} links`);
  const short = SHORTENERS.exec(all);
  if (short) add('url_shortener', 0.35, `shortened link ${short[0]} hides where it goes`);
  const phrases = SPAM_PHRASES.map((re) => re.exec(all)?.[0]).filter((m): m is string => !!m);
  if (phrases.length) add('spam_phrasing', Math.min(0.4, 0.12 * phrases.length), `spam-like phrasing: ${phrases.map((p) => `"${p}"`).join(', ')}`);
  if (shouting(out.subject, 6, 0.7)) add('all_caps_subject', 0.2, 'the subject is in capitals');
  if (shoutingWords(body)) add('all_caps_body', 0.2, 'much of the body is in capitals');
  if (out.origin === 'step' && !d.headers['List-Unsubscribe']) add('missing_unsubscribe', 0.3, 'sequence mail without List-Unsubscribe');

  // Exfiltration: only where an agent (not a person at the CLI) wrote the message.
  if (ctx.actor === 'mcp' || ctx.actor === 'library') exfiltration(ctx, out, body, recipients, add);

  // The outgoing text itself as an LLM would read it (an agent's draft that copied an attacker's instructions, a
  // template carrying a payload), whoever wrote it: at screening.injection_threshold it is held, whatever hold_risk
  // says — mailgent never auto-acts on a flagged message, its own included. Failing to screen holds too (fail closed).
  let mustHold = false;
  if (screened && 'error' in screened) {
    add('screening_failed', 1, `the outbound screening failed (${screened.error})`);
    mustHold = true;
  } else if (screened?.flagged) {
    const cats = Object.entries(screened.injection.categories).filter(([, v]) => v >= 0.5).sort((a, b) => b[1] - a[1]).map(([k]) => k);
    add('injection', screened.injection_score, `the text reads as a prompt injection (score ${screened.injection_score.toFixed(2)} ≥ ${ctx.ws.config.screening.injection_threshold}${cats.length ? `: ${cats.join(', ')}` : ''})`);
    mustHold = true;
  }

  const score = Math.round((1 - signals.reduce((p, s) => p * (1 - s.weight), 1)) * 1000) / 1000;
  const threshold = ctx.ws.config.policies.hold_risk;
  return { score, hold: mustHold || score >= threshold, threshold, signals };
}

function exfiltration(ctx: MailContext, out: Outgoing, body: string, recipients: string[], add: (s: string, w: number, d: string) => void): void {
  const agent = out.agent;
  for (const [name, re] of SECRET_PATTERNS) if (re.test(body)) { add('secret', 0.9, `looks like a ${name}`); break; }
  for (const s of knownSecrets()) {
    if (s.length >= 8 && body.includes(s)) { add('workspace_secret', 0.95, 'contains a secret from this workspace'); break; }
  }
  const own = agent.address.toLowerCase();
  const others = [...new Set((body.match(ADDRESS_IN_TEXT) ?? []).map((a) => a.toLowerCase()))]
    .filter((a) => a !== own && !recipients.includes(a))
    .filter((a) => {
      if (ctx.store.contacts.get(agent.id, a)) return true;
      const f = ctx.store.messages.senderFacts(agent.id, a);
      return f.wroteFirstAt !== null || f.repliedBefore > 0;
    });
  if (others.length) add('other_contacts', others.length >= 3 ? 0.75 : 0.5, `names other contacts: ${others.slice(0, 5).join(', ')}`);
  const copied = copiedFromFlagged(ctx, agent.id, out.threadId, body);
  if (copied) add('copied_from_flagged', 0.8, `repeats ${COPY_MIN_CHARS}+ characters of flagged message ${copied}`);
}

/** The id of a high-injection inbound message in the thread whose text this body repeats at length, if any. */
function copiedFromFlagged(ctx: MailContext, agentId: string, threadId: string, body: string): string | null {
  const threshold = ctx.ws.config.screening.injection_threshold;
  const mine = squash(body);
  if (mine.length < COPY_MIN_CHARS) return null;
  for (const m of ctx.store.messages.inThread(agentId, threadId)) {
    if (m.direction !== 'in' || (m.injectionScore < threshold && !m.flagged)) continue;
    const theirs = squash(`${m.text}\n${m.html ? allText(m.html) : ''}`); // the sender's HTML: one linear pass
    for (let i = 0; i + COPY_MIN_CHARS <= theirs.length; i += COPY_STEP_CHARS) {
      if (mine.includes(theirs.slice(i, i + COPY_MIN_CHARS))) return m.id;
    }
  }
  return null;
}

function shouting(text: string, minLetters: number, ratio: number): boolean {
  const letters = text.replace(/[^A-Za-z]/g, '');
  return letters.length >= minLetters && letters.replace(/[^A-Z]/g, '').length / letters.length >= ratio;
}

function shoutingWords(body: string): boolean {
  const words = body.match(/\b[A-Za-z]{3,}\b/g) ?? [];
  if (words.length < 8) return false;
  return words.filter((w) => w === w.toUpperCase()).length / words.length > 0.3;
}
