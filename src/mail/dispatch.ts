// The one way mail leaves: gate checks → compose → screen() + risk → outbox row 'sending' (or 'held') committed
// BEFORE SMTP → submit → copy to Sent → 'sent' committed. A Message-ID already in the outbox is never submitted again.
import { hostname } from 'node:os';
import type { AgentConfig } from '../config/workspace.js';
import { MailgentError } from '../errors.js';
import { randomId } from '../ids.js';
import { parseMessage, type ParsedMessage } from '../inbound/parse.js';
import { screenOutbound } from '../screening/gate.js';
import type { ScreenResult } from '../screening/types.js';
import { decorateOutgoing } from '../deliverability/gate.js';
import { capsCheckAll, limitReached, type CapsVerdict } from '../deliverability/caps.js';
import { assessOutboundRisk } from '../deliverability/risk.js';
import type { OutboxEntry } from '../store/outbox.js';
import type { ComposeInput } from '../transport/smtp.js';
import type { MailContext } from './context.js';

/** What to send: the message's own fields (as composed) plus where it belongs. `messageId` is deterministic
 * for sequence steps, so a re-run finds the same row. */
export interface Outgoing extends Pick<ComposeInput, 'to' | 'subject' | 'text' | 'html' | 'messageId' | 'inReplyTo' | 'references' | 'headers'> {
  agent: AgentConfig;
  cc: string[];
  threadId: string;
  /** Subject and root of a thread this message starts (ignored when the thread exists). */
  threadSubject: string;
  threadRoot: string;
  contact: string | null;
  origin: 'send' | 'reply' | 'step';
  enrollmentId?: string | null;
  stepId?: string | null;
  /** Runs inside the transaction that commits 'sent' (not when the row was sent before): what the caller records
   * about the send (a sequence moving to its next step) commits with it, in one transaction instead of two. */
  onSent?: OnSent;
  /** Runs first inside the transaction that would insert the row; false: the caller withdrew the send (nothing is
   * written, reported 'dropped') — the engine re-checks there that its step is still due, unmoved and unstopped. */
  stillWanted?: () => boolean;
}

export type OnSent = (row: OutboxEntry & { status: 'sent'; sentAt: string }) => void;

export interface DispatchResult {
  id: string;
  message_id: string;
  thread_id: string;
  outbox_id: string;
  status: 'sent' | 'already_sent' | 'in_flight' | 'unproven' | 'held' | 'dropped';
}

export const PROCESS_CLAIM = `${process.pid}@${hostname()}`;

// Loaded on the first send (nodemailer costs start-up time idle commands should not pay), then reused: a tick of
// many sends resolves it once. The screening module is loaded the same way by src/screening/gate.ts.
let smtpModule: Promise<typeof import('../transport/smtp.js')> | null = null;

/** Throws SUPPRESSED / AGENT_PAUSED (with an audit entry) when the gate refuses a send. */
export function checkSendAllowed(ctx: MailContext, agent: AgentConfig, recipients: string[], action: string): void {
  const state = ctx.store.agents.get(agent.id);
  if (state.paused) {
    ctx.store.audit.append({ at: ctx.nowIso(), agent: agent.id, actor: ctx.actor, action: `${action}.blocked`, detail: { reason: 'agent_paused', why: state.pausedReason } });
    throw new MailgentError('AGENT_PAUSED', `agent ${agent.id} is paused${state.pausedReason ? ` (${state.pausedReason})` : ''}; nothing was sent`, {
      hint: `Resume it with \`mailgent agent resume ${agent.id}\` once the cause is fixed.`,
    });
  }
  for (const r of recipients) {
    const s = ctx.store.suppressions.match(r);
    if (s) {
      ctx.store.audit.append({ at: ctx.nowIso(), agent: agent.id, actor: ctx.actor, action: `${action}.blocked`, detail: { reason: 'suppressed', recipient: r, suppression: s } });
      throw new MailgentError('SUPPRESSED', `${r} is suppressed (${s.reason}${s.domain ? `, whole domain ${s.domain}` : ''}); nothing was sent`, {
        hint: s.reason === 'manual' ? `Remove it with \`mailgent suppress remove ${s.address ?? s.domain}\` if that was a mistake.` : 'This recipient asked not to be contacted (or cannot receive mail): do not send.',
        details: { recipient: r, reason: s.reason },
      });
    }
  }
}

export async function dispatch(ctx: MailContext, out: Outgoing): Promise<DispatchResult> {
  const { store } = ctx;
  const agent = out.agent;
  const recipients = [...new Set([...out.to, ...out.cc])];
  const existing = store.outbox.byMessageId(agent.id, out.messageId);
  if (existing) return resume(ctx, agent, existing);

  checkSendAllowed(ctx, agent, recipients, out.origin);
  // Resolve the transport (secrets, config) before anything is written: a missing secret writes nothing.
  await ctx.transports(agent).mailer();
  // Unsubscribe headers + footer on sequence mail (RFC 8058), DKIM at compose time: the outbox holds the signed bytes.
  const decorated = decorateOutgoing(ctx, out);
  const { composeMessage } = await (smtpModule ??= import('../transport/smtp.js'));
  const raw = await composeMessage({
    from: { name: agent.name, address: agent.address },
    to: out.to, cc: out.cc, subject: out.subject, text: decorated.text, html: decorated.html,
    messageId: out.messageId, inReplyTo: out.inReplyTo, references: out.references, date: ctx.clock.now(), headers: decorated.headers,
    dkim: decorated.dkim,
  });
  // Screened before any row is written (issue 4: the same screen() as inbound mail, before anything acts on it):
  // a text that reads as a prompt injection is held, not sent. Parsed once, for this and the stored message row.
  const screened = await screenBeforeSubmit(ctx, agent, raw);
  const risk = assessOutboundRisk(ctx, out, decorated, screened.screening ?? { error: screened.error ?? 'unknown' });
  const outboxId = randomId('o');
  const at = ctx.nowIso();
  // A sequence step keeps its row on a refusal (see OnRefusal): only a hand-made send needs to know whether its thread is new.
  const onRefusal: OnRefusal = out.origin === 'step' ? 'keep' : store.threads.get(agent.id, out.threadId) ? 'row' : 'thread';
  let capped = { ok: true } as CapsVerdict;
  let wanted = true;
  const inserted = store.tx(() => {
    if (out.stillWanted && !(wanted = out.stillWanted())) return false;
    // Caps inside the write transaction that claims the send: two processes cannot both take the last slot.
    if (!risk.hold) capped = capsCheckAll(ctx, agent, recipients, ctx.clock.now());
    if (!capped.ok) return false;
    store.threads.ensure({ agent: agent.id, id: out.threadId, subject: out.threadSubject, rootMessageId: out.threadRoot, contact: out.contact, at });
    const ok = store.outbox.insert({
      agent: agent.id, id: outboxId, messageId: out.messageId, threadId: out.threadId, origin: out.origin,
      enrollmentId: out.enrollmentId ?? null, stepId: out.stepId ?? null, recipients, subject: out.subject,
      status: risk.hold ? 'held' : 'sending', createdAt: at, claimedBy: PROCESS_CLAIM,
      holdReason: risk.hold ? risk.signals.map((s) => s.detail).join('; ') : null,
    }, raw);
    if (ok && risk.hold) store.audit.append({ at, agent: agent.id, actor: ctx.actor, action: `${out.origin}.held`, detail: { outbox_id: outboxId, message_id: out.messageId, to: recipients, risk } });
    return ok;
  });
  if (!wanted) return { id: '', message_id: out.messageId, thread_id: out.threadId, outbox_id: '', status: 'dropped' };
  if (!capped.ok) throw limitReached(ctx, agent, out.origin, capped);
  if (inserted && risk.hold) {
    throw new MailgentError('HELD', `outbox ${outboxId}: held for review (risk ${risk.score.toFixed(2)}${risk.score >= risk.threshold ? ` ≥ ${risk.threshold}` : ''}): ${risk.signals.map((s) => s.detail).join('; ')}; nothing was sent`, {
      hint: `Read it, then \`mailgent outbox approve ${outboxId}\` to send it or \`mailgent outbox drop ${outboxId}\`.`,
      details: { outbox_id: outboxId, message_id: out.messageId, thread_id: out.threadId, risk: risk.score, signals: risk.signals },
    });
  }
  if (!inserted) {
    // Another process inserted the same Message-ID between our check and insert: it owns the send.
    return resume(ctx, agent, store.outbox.byMessageId(agent.id, out.messageId)!);
  }
  return submitClaimed(ctx, agent, store.outbox.get(agent.id, outboxId)!, raw, {
    discardOnRefusal: onRefusal, onSent: out.onSent, screened,
  });
}

/**
 * A row that already exists: report it, or retry it when it failed temporarily. Never a second submission of a
 * sent/in-flight row. `stillWanted` runs inside the claim's transaction; false: the caller withdrew the send, reported
 * 'dropped' (the engine has dropped there the step of an enrollment stopped meanwhile, or keeps it queued while paused).
 */
export async function resume(ctx: MailContext, agent: AgentConfig, row: OutboxEntry, opts: { stillWanted?: () => boolean } = {}): Promise<DispatchResult> {
  const base = { id: messageRowId(ctx, agent.id, row), message_id: row.messageId, thread_id: row.threadId, outbox_id: row.id };
  switch (row.status) {
    case 'sent': return { ...base, status: 'already_sent' };
    case 'sending': return { ...base, status: 'in_flight' };
    case 'unproven': return { ...base, status: 'unproven' };
    case 'held': return { ...base, status: 'held' };
    case 'queued':
    case 'failed': {
      checkSendAllowed(ctx, agent, row.recipients, row.origin);
      let capped = { ok: true } as CapsVerdict;
      let wanted = true;
      const claimed = ctx.store.tx(() => {
        if (opts.stillWanted && !(wanted = opts.stillWanted())) return false;
        capped = capsCheckAll(ctx, agent, row.recipients, ctx.clock.now());
        return capped.ok && ctx.store.outbox.transition(agent.id, row.id, ['queued', 'failed'], 'sending', ctx.nowIso(), { claimedBy: PROCESS_CLAIM });
      });
      if (!wanted) return { ...base, status: 'dropped' };
      if (!capped.ok) throw limitReached(ctx, agent, row.origin, capped);
      if (!claimed) return { ...base, status: 'in_flight' };
      return submitClaimed(ctx, agent, ctx.store.outbox.get(agent.id, row.id)!, ctx.store.outbox.raw(agent.id, row.id));
    }
    case 'dropped':
      throw new MailgentError('INPUT_INVALID', `outbox ${row.id}: this message was dropped and will not be sent`, { hint: 'Send a new message instead.' });
  }
}

function messageRowId(ctx: MailContext, agent: string, row: OutboxEntry): string {
  return ctx.store.messages.byMessageId(agent, row.messageId)?.id ?? row.id;
}

/**
 * What to do with a fresh row when the server refused it before taking the message (login, connection,
 * MAIL/RCPT): a hand-made send or reply reports the error and leaves nothing behind ('row', or 'thread'
 * when the thread was new too); a sequence step keeps the row for the next tick ('keep').
 */
export type OnRefusal = 'keep' | 'row' | 'thread';

/** The composed bytes parsed and screened; `screening` null (with `error`) when screen() threw. */
interface Screened { parsed: ParsedMessage | null; screening: ScreenResult | null; error?: string }

async function screenBeforeSubmit(ctx: MailContext, agent: AgentConfig, raw: Uint8Array): Promise<Screened> {
  try {
    const parsed = await parseMessage(raw);
    return { parsed, screening: await screenOutbound(ctx, agent, raw, parsed) };
  } catch (e) {
    return { parsed: null, screening: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Submit a row this process moved to 'sending', then record the result. `screened`: what dispatch's gate found
 * before it wrote the row; a retried or approved row (gated when it was first written) is screened again here,
 * before submit, for the stored message row only.
 */
export async function submitClaimed(ctx: MailContext, agent: AgentConfig, row: OutboxEntry, raw: Uint8Array, opts: { discardOnRefusal?: OnRefusal; onSent?: OnSent; screened?: Screened } = {}): Promise<DispatchResult> {
  const { parsed, screening } = opts.screened ?? await screenBeforeSubmit(ctx, agent, raw);
  const t = ctx.transports(agent);
  try {
    const mailer = await t.mailer();
    await mailer.submit({ from: agent.address, to: row.recipients }, raw);
  } catch (e) {
    failRow(ctx, agent, row, e, opts.discardOnRefusal ?? 'keep');
    throw e;
  }
  // Copy to Sent BEFORE committing 'sent': after a crash here, reconciliation finds it there.
  const copy = await copyToSent(ctx, agent, raw);
  const id = await recordSent(ctx, agent, row, raw, copy, screening ? { injection_score: screening.injection_score, flagged: screening.flagged, injection: screening.injection } : null,
    undefined, parsed ?? undefined, opts.onSent);
  return { id, message_id: row.messageId, thread_id: row.threadId, outbox_id: row.id, status: 'sent' };
}

export interface SentCopy { ok: boolean; folder: string | null; uid: number | null; uidValidity: number | null; error?: string }

/**
 * Commit a submitted row as 'sent': outbox, the outbound message row, the thread, the audit entry and the caller's
 * `onSent`, in one transaction.
 */
export async function recordSent(ctx: MailContext, agent: AgentConfig, row: OutboxEntry, raw: Uint8Array, copy: SentCopy,
  screening: { injection_score: number; flagged: boolean; injection: unknown } | null, action?: string, parsedRaw?: ParsedMessage,
  onSent?: OnSent): Promise<string> {
  const { store } = ctx;
  const parsed = parsedRaw ?? await parseMessage(raw);
  const at = ctx.nowIso();
  const id = `m_${row.id.slice(2)}`;
  let inserted = false;
  store.tx(() => {
    if (!store.outbox.transition(agent.id, row.id, ['sending'], 'sent', at, { sentAt: at, incAttempt: true, error: null })) return;
    if (copy.ok) store.outbox.markSentCopy(agent.id, row.id);
    inserted = store.messages.insert({
      agent: agent.id, id, threadId: row.threadId, direction: 'out', messageId: row.messageId, inReplyTo: parsed.inReplyTo,
      references: parsed.references, fromAddr: agent.address, fromName: agent.name ?? '', replyTo: null,
      to: parsed.to.map((a) => a.address), cc: parsed.cc.map((a) => a.address), subject: parsed.subject, text: parsed.text,
      html: parsed.html, body: parsed.text, date: at, kind: 'reply', autoSubmitted: null,
      injectionScore: screening?.injection_score ?? 0, flagged: screening?.flagged ?? false, senderReputation: null, intent: null,
      screening: screening ? { injection: screening.injection } : null,
      mailbox: copy.folder, uid: copy.uid, uidValidity: copy.uidValidity, createdAt: at,
    }, null);
    store.threads.touch(agent.id, row.threadId, 'out', at);
    store.audit.append({ at, agent: agent.id, actor: ctx.actor, action: action ?? (row.origin === 'step' ? 'step.send' : row.origin), detail: {
      outbox_id: row.id, message_id: row.messageId, thread_id: row.threadId, to: row.recipients, subject: row.subject,
      ...(row.enrollmentId ? { enrollment_id: row.enrollmentId, step_id: row.stepId } : {}),
      ...(copy.ok ? {} : { sent_copy_error: copy.error }),
    } });
    onSent?.({ ...row, status: 'sent', sentAt: at, updatedAt: at, attempts: row.attempts + 1, lastError: null, sentCopy: row.sentCopy || copy.ok });
  });
  // The row this call wrote, else the one already there (outbound first, as byMessageId orders).
  return inserted ? id : store.messages.byMessageId(agent.id, row.messageId)?.id ?? id;
}

/** The server certainly did not take the message: refused at login, connect, MAIL or RCPT (RFC 5321 §3.3). */
function refusedBeforeData(e: unknown): boolean {
  if (!(e instanceof MailgentError)) return false;
  if (e.code === 'AUTH_FAILED' || e.code === 'SECRET_MISSING' || e.code === 'CONFIG_INVALID') return true;
  if (e.code === 'CONNECTION_FAILED') return ['ECONNREFUSED', 'ENOTFOUND', 'EDNS', 'EHOSTUNREACH'].includes(String(e.details?.code ?? ''));
  return e.code === 'SEND_FAILED' && ['EENVELOPE'].includes(String(e.details?.code ?? ''));
}

function failRow(ctx: MailContext, agent: AgentConfig, row: OutboxEntry, e: unknown, onRefusal: OnRefusal): void {
  // Lost after the final "." (transport/smtp.ts SmtpPhase): maybe delivered — 'unproven', reported, never re-sent.
  const ambiguous = e instanceof MailgentError && e.details?.ambiguous === true;
  const temporary = !ambiguous && e instanceof MailgentError && (e.details?.temporary === true || e.code === 'CONNECTION_FAILED');
  const msg = e instanceof Error ? e.message : String(e);
  const at = ctx.nowIso();
  const discard = onRefusal !== 'keep' && refusedBeforeData(e);
  ctx.store.tx(() => {
    if (discard) {
      ctx.store.outbox.delete(agent.id, row.id);
      if (onRefusal === 'thread') ctx.store.threads.deleteIfEmpty(agent.id, row.threadId);
    } else {
      ctx.store.outbox.transition(agent.id, row.id, ['sending'], ambiguous ? 'unproven' : temporary ? 'queued' : 'failed', at, { error: msg, incAttempt: true });
    }
    ctx.store.audit.append({ at, agent: agent.id, actor: ctx.actor, action: 'send.failed', detail: {
      outbox_id: row.id, message_id: row.messageId, temporary, error: msg, kept: !discard,
    } });
  });
}

async function copyToSent(ctx: MailContext, agent: AgentConfig, raw: Uint8Array): Promise<SentCopy> {
  try {
    const mailbox = await ctx.transports(agent).mailbox();
    const folder = await mailbox.sentFolder();
    if (!folder) return { ok: true, folder: null, uid: null, uidValidity: null };
    const r = await mailbox.append(folder, raw, ['\\Seen'], ctx.clock.now());
    return { ok: true, folder, uid: r.uid, uidValidity: r.uidValidity };
  } catch (e) {
    return { ok: false, folder: null, uid: null, uidValidity: null, error: e instanceof Error ? e.message : String(e) };
  }
}
