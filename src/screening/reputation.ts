// Sender reputation 0–1 from the message's Authentication-Results (RFC 8601: spf, dkim, dmarc), the
// relationship and history the store knows (SenderContext), and lookalike checks of the From / Reply-To
// domains against the known and own domains (edit distance, homoglyphs, other TLD). No I/O.
import { header, type ParsedMessage } from '../inbound/parse.js';
import type { SenderContext } from './types.js';

export interface Reputation { score: number; signals: Record<string, number | boolean | string> }

/** Score with nothing known: neutral. */
const NEUTRAL = 0.5;
const AUTH_WEIGHTS: Record<'spf' | 'dkim' | 'dmarc', Record<string, number>> = {
  spf: { pass: 0.05, fail: -0.15, softfail: -0.05, permerror: -0.05 },
  dkim: { pass: 0.1, fail: -0.15, permerror: -0.05 },
  dmarc: { pass: 0.15, fail: -0.3 },
};
const RELATION = { weWroteFirst: 0.15, inKnownThread: 0.1, repliedBefore: 0.1 };
const PER_BOUNCE = -0.05;
const MAX_BOUNCE_PENALTY = -0.2;
const COMPLAINT_PENALTY = -0.3;
const SUPPRESSED_PENALTY = -0.2;
const LOOKALIKE_PENALTY = -0.45;
const SPOOF_OWN_PENALTY = -0.45;
const REPLY_TO_MISMATCH_PENALTY = -0.1;

/** Verdicts per method, the DKIM d= domain, and how many fields were skipped as not from a trusted server. */
type AuthResult = { spf?: string; dkim?: string; dmarc?: string; dkimDomain?: string; untrusted?: number };

// RFC 8601 §2.2: `authserv-id; method=result ptype.property=value; …`. The topmost field is the one our receiving
// server added (later hops prepend), so among trusted fields the first result per method wins.
/** The authserv-id of an Authentication-Results value with its comments removed (the first token, before any version and ';'). */
const authservId = (body: string) => body.trim().split(/[\s;]/, 1)[0]!.toLowerCase();

/**
 * spf / dkim / dmarc verdicts from the Authentication-Results fields a trusted server added. RFC 8601 §5: only
 * fields whose authserv-id the reader trusts count — `trusted` (screening.authserv_ids), else the id of the topmost
 * field, which the receiving server prepends; a field further down with another id may be the sender's forgery.
 */
export function authResults(msg: ParsedMessage, trusted?: readonly string[]): AuthResult {
  const out: AuthResult = {};
  const bodies = (msg.headers.get('authentication-results') ?? []).map((v) => v.replace(/\([^)]*\)/g, ' ')); // comments out
  const ids = new Set((trusted?.length ? trusted : bodies.slice(0, 1).map(authservId)).map((s) => s.toLowerCase()));
  for (const body of bodies) {
    if (!ids.has(authservId(body))) { out.untrusted = (out.untrusted ?? 0) + 1; continue; }
    for (const m of body.matchAll(/\b(spf|dkim|dmarc)\s*=\s*([a-z]+)([^;]*)/gi)) {
      const method = m[1].toLowerCase() as 'spf' | 'dkim' | 'dmarc';
      if (out[method] === undefined) out[method] = m[2].toLowerCase();
      if (method === 'dkim' && !out.dkimDomain) out.dkimDomain = /header\.d\s*=\s*([\w.-]+)/i.exec(m[3])?.[1]?.toLowerCase();
    }
  }
  // RFC 7208 §9.1: Received-SPF when no Authentication-Results carried spf.
  if (!out.spf) {
    const spf = /^\s*(pass|fail|softfail|neutral|none|temperror|permerror)\b/i.exec(header(msg, 'received-spf') ?? '');
    if (spf) out.spf = spf[1].toLowerCase();
  }
  return out;
}

/** Registrable part of a domain: the last two labels, three under a two-letter ccTLD's co/com/org/ac/… */
export function registrable(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const sld = labels[labels.length - 2];
  const tld = labels[labels.length - 1];
  const take = tld.length === 2 && /^(?:co|com|org|net|ac|gov|edu|ne|or)$/.test(sld) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** Visually confusable sequences folded to one spelling (rn→m, vv→w, 0→o, 1/l→i, …). */
export function foldHomoglyphs(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd').replace(/0/g, 'o').replace(/[1l|!]/g, 'i')
    .replace(/5/g, 's').replace(/3/g, 'e').replace(/4/g, 'a').replace(/7/g, 't').replace(/8/g, 'b')
    .replace(/[а]/g, 'a').replace(/[е]/g, 'e').replace(/[о]/g, 'o').replace(/[р]/g, 'p').replace(/[с]/g, 'c').replace(/[х]/g, 'x');
}

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Which trusted domain `domain` imitates (without being it), and how — or null. */
export function lookalikeOf(domain: string, trusted: readonly string[]): { of: string; how: string } | null {
  const reg = registrable(domain);
  const name = reg.split('.')[0];
  if (reg.startsWith('xn--') || name.startsWith('xn--')) {
    if (trusted.length) return { of: registrable(trusted[0]), how: 'punycode' };
  }
  for (const t of trusted) {
    const treg = registrable(t);
    if (treg === reg) return null;
  }
  for (const t of trusted) {
    const treg = registrable(t);
    const tname = treg.split('.')[0];
    if (name === tname) return { of: treg, how: 'other_tld' };
    if (foldHomoglyphs(name) === foldHomoglyphs(tname)) return { of: treg, how: 'homoglyph' };
    if (name.replace(/-/g, '') === tname.replace(/-/g, '')) return { of: treg, how: 'hyphenation' };
    const dist = editDistance(name, tname, 2);
    if (dist === 1 && tname.length >= 4) return { of: treg, how: 'edit_distance_1' };
    if (dist === 2 && tname.length >= 7) return { of: treg, how: 'edit_distance_2' };
    if (name.length > tname.length + 2 && tname.length >= 5 && name.includes(tname)) return { of: treg, how: 'contains' };
  }
  return null;
}

const domainOf = (addr: string | undefined | null) => (addr && addr.includes('@') ? addr.split('@').pop()!.toLowerCase() : null);

export function senderReputation(msg: ParsedMessage, sender?: SenderContext, trustedAuthserv?: readonly string[]): Reputation {
  const signals: Reputation['signals'] = {};
  let score = NEUTRAL;
  const auth = authResults(msg, trustedAuthserv);
  if (auth.untrusted) signals.untrusted_auth_results = auth.untrusted;
  for (const method of ['spf', 'dkim', 'dmarc'] as const) {
    const r = auth[method];
    if (r === undefined) continue;
    signals[method] = r;
    score += AUTH_WEIGHTS[method][r] ?? 0;
  }
  const fromDomain = domainOf(msg.from?.address);
  if (fromDomain && auth.dkimDomain) {
    const aligned = registrable(auth.dkimDomain) === registrable(fromDomain);
    signals.dkim_aligned = aligned;
    if (auth.dkim === 'pass' && aligned && !auth.dmarc) score += 0.05;
  }
  if (sender) {
    for (const k of ['weWroteFirst', 'inKnownThread', 'repliedBefore'] as const) {
      signals[k] = sender[k];
      if (sender[k]) score += RELATION[k];
    }
    signals.bounces = sender.bounces;
    signals.complaints = sender.complaints;
    signals.suppressed = sender.suppressed;
    score += Math.max(MAX_BOUNCE_PENALTY, PER_BOUNCE * sender.bounces);
    if (sender.complaints > 0) score += COMPLAINT_PENALTY;
    if (sender.suppressed) score += SUPPRESSED_PENALTY;
  } else {
    signals.context = 'none';
  }
  const own = sender?.ownDomains ?? [];
  const trusted = [...own, ...(sender?.knownDomains ?? [])];
  if (fromDomain) {
    const look = trusted.length ? lookalikeOf(fromDomain, trusted) : null;
    if (look) {
      signals.lookalike_of = look.of;
      signals.lookalike = look.how;
      score += LOOKALIKE_PENALTY;
    }
    const claimsOwn = own.some((d) => registrable(d) === registrable(fromDomain));
    if (claimsOwn && (auth.dmarc === 'fail' || auth.spf === 'fail' || auth.dkim === 'fail')) {
      signals.spoofs_own_domain = true;
      score += SPOOF_OWN_PENALTY;
    }
  }
  const replyTo = domainOf(msg.replyTo[0]?.address);
  if (replyTo && fromDomain && registrable(replyTo) !== registrable(fromDomain)) {
    signals.reply_to_domain = replyTo;
    const look = trusted.length ? lookalikeOf(replyTo, trusted) : null;
    score += look ? LOOKALIKE_PENALTY : REPLY_TO_MISMATCH_PENALTY;
    if (look) signals.reply_to_lookalike_of = look.of;
  }
  return { score: Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000, signals };
}
