// The library: `import { Mailgent } from 'mailgent'`. A workspace handle (run = one engine tick, audit) gives
// agent-bound handles whose send / reply / listMessages / updateLabels run the same src/mail primitives as
// the CLI and MCP server, audited with actor "library". Errors are MailgentError from the one table.
import { queryAudit, verifyAudit, type AuditQuery } from './audit/query.js';
import { recordAudit, wasAudited } from './audit/record.js';
import type { AuditEntry, VerifyResult } from './audit/log.js';
import type { Clock } from './clock.js';
import { MailgentError } from './errors.js';
import { listAgents, pauseAgent, resumeAgent, type AgentStatus, type PauseResult } from './mail/agents.js';
import { openContext, type MailContext } from './mail/context.js';
import { updateLabels, type LabelInput, type LabelResult } from './mail/labels.js';
import { listMessages, type ListInput, type ListResult } from './mail/list.js';
import { reply, type ReplyInput } from './mail/reply.js';
import { send, type SendInput, type SendResult } from './mail/send.js';
import { agentReputation, type AgentReputation } from './deliverability/reputation.js';
import { runTick, type RunOptions } from './engine/run.js';
import type { RunSummary } from './engine/events.js';
import { screenRaw, type Classification, type ScreenReport } from './screening/gate.js';

export { MailgentError, ERRORS, isMailgentError, type ErrorCode } from './errors.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export type { MessageEvent } from './mail/event.js';
export type { Actor, AuditEntry, VerifyResult } from './audit/log.js';
export type { AuditQuery } from './audit/query.js';
export type { AgentStatus, PauseResult } from './mail/agents.js';
export type { AgentReputation } from './deliverability/reputation.js';
export type { RunOptions } from './engine/run.js';
export type { RunEvent, RunSummary } from './engine/events.js';
export type { SendResult, LabelResult, ListResult, ScreenReport };

export interface OpenOptions {
  /** The workspace directory (default: MAILGENT_WORKSPACE, else the nearest mailgent.yaml from the cwd upward). */
  workspace?: string;
  /** Business time (tests, simulations); default: MAILGENT_NOW if set, else the system clock. */
  clock?: Clock;
}

export type AgentSendInput = Omit<SendInput, 'agent'>;
/** Reply to a message (an id from listMessages, or a Message-ID) or to the latest inbound message of a thread. */
export type AgentReplyInput = Pick<ReplyInput, 'message' | 'thread' | 'text' | 'html' | 'template' | 'vars' | 'force'>;
export type AgentListInput = Omit<ListInput, 'agent'>;
export type AgentLabelInput = Omit<LabelInput, 'agent'>;

export interface ScreenInput { direction?: 'in' | 'out'; classification?: Classification }

const bytes = (raw: Uint8Array | string) => (typeof raw === 'string' ? new TextEncoder().encode(raw) : raw);

/** The gate on one raw message without a workspace: embedded defaults (DEFAULT_INJECTION_THRESHOLD, no sender history). */
export function screen(raw: Uint8Array | string, opts: Omit<ScreenInput, 'classification'> & { classification?: Exclude<Classification, 'llm'> } = {}): Promise<ScreenReport> {
  return screenRaw(null, null, bytes(raw), { direction: opts.direction ?? 'in', classification: opts.classification });
}

/** Run fn; an error no primitive recorded yet is recorded as `library.<method>.error`, then rethrown. */
async function guarded<T>(ctx: MailContext, agent: string, method: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!wasAudited(e)) {
      const err = e instanceof MailgentError ? e : null;
      recordAudit(ctx, agent, `library.${method}.error`, { code: err?.code ?? 'INTERNAL', error: e instanceof Error ? e.message : String(e) });
    }
    throw e;
  }
}

/** One agent's mail, and nothing else: every call acts as this agent whatever its input says. */
export class AgentHandle {
  /** @internal use Mailgent.agent(name) */
  constructor(private readonly ctx: MailContext, readonly name: string, readonly address: string) {}

  send(input: AgentSendInput): Promise<SendResult> {
    return guarded(this.ctx, this.name, 'send', () => send(this.ctx, { ...input, agent: this.name }));
  }

  reply(input: AgentReplyInput): Promise<SendResult> {
    const { message, thread, text, html, template, vars, force } = input;
    return guarded(this.ctx, this.name, 'reply', () => reply(this.ctx, { message, thread, text, html, template, vars, force, agent: this.name }));
  }

  listMessages(input: AgentListInput = {}): Promise<ListResult> {
    return guarded(this.ctx, this.name, 'listMessages', () => listMessages(this.ctx, { ...input, agent: this.name }));
  }

  updateLabels(input: AgentLabelInput): Promise<LabelResult> {
    return guarded(this.ctx, this.name, 'updateLabels', () => updateLabels(this.ctx, { ...input, agent: this.name }));
  }

  /** The gate on one raw message, as this agent's sync would screen it (its settings, the sender's history and
   * thread from the store). Reads, never writes: nothing is stored, labelled or audited. */
  screen(raw: Uint8Array | string, opts: ScreenInput = {}): Promise<ScreenReport> {
    return screenRaw(this.ctx, this.ctx.agent(this.name), bytes(raw), { direction: opts.direction ?? 'in', classification: opts.classification });
  }

  /** Sending reputation: 0–100 score, risk, rates over 7 and 30 days (what MCP's get_reputation returns). */
  reputation(): AgentReputation {
    return agentReputation(this.ctx, this.name);
  }

  pause(reason: string): PauseResult {
    return pauseAgent(this.ctx, this.name, reason);
  }

  resume(): PauseResult {
    return resumeAgent(this.ctx, this.name);
  }

  status(): AgentStatus {
    return listAgents(this.ctx, this.name)[0]!;
  }
}

export class Mailgent {
  private constructor(private readonly ctx: MailContext) {}

  /** Open a workspace (reads mailgent.yaml, opens .mailgent/state.db). Throws MailgentError (CONFIG_NOT_FOUND, CONFIG_INVALID…). */
  static open(opts: OpenOptions = {}): Mailgent {
    return new Mailgent(openContext({ workspace: opts.workspace, clock: opts.clock, actor: 'library' }));
  }

  /** The workspace directory. */
  get workspace(): string {
    return this.ctx.ws.dir;
  }

  /** The agents defined in mailgent.yaml. */
  agents(): AgentStatus[] {
    return listAgents(this.ctx);
  }

  /** A handle bound to one agent. Throws UNKNOWN_AGENT (recorded in the audit log) for a name not in mailgent.yaml. */
  agent(name: string): AgentHandle {
    const a = this.ctx.agent(name);
    return new AgentHandle(this.ctx, a.id, a.address);
  }

  /**
   * One tick of the sequence engine (what `mailgent run` does): sync, apply reply rules, send due steps.
   * `onEvent` receives each event as it happens; the summary is returned. Safe to call on a schedule.
   */
  run(opts: RunOptions = {}): Promise<RunSummary> {
    return runTick(this.ctx, opts);
  }

  /** Audit entries, oldest first (limit: the latest N). */
  audit(query: AuditQuery = {}): AuditEntry[] {
    return queryAudit(this.ctx, query);
  }

  /** Verify the audit log's hash chain; throws MailgentError AUDIT_BROKEN naming the first broken entry. */
  verifyAudit(): Extract<VerifyResult, { ok: true }> {
    return verifyAudit(this.ctx);
  }

  /** Close connections and the database. */
  close(): Promise<void> {
    return this.ctx.close();
  }
}
