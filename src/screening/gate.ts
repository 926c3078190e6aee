// The gate's I/O half: gathers what the store knows about a sender, calls the one pure screen(), and
// turns its result into what the store keeps. Every path (sync, send, reply, run) comes through here.
import type { AgentConfig } from '../config/workspace.js';
import type { MailContext } from '../mail/context.js';
import { domainOf } from '../ids.js';
import { parseMessage, type ParsedMessage } from '../inbound/parse.js';
import { resolveThread } from '../inbound/thread.js';
import { clockFromEnv } from '../clock.js';
import { MailgentError } from '../errors.js';
import { DEFAULT_INJECTION_THRESHOLD, type ScreenOptions, type ScreenResult, type SenderContext } from './types.js';

let screenModule: Promise<typeof import('./screen.js')> | null = null;

/** Loaded on first use (once per process): the classifier's models cost start-up time that idle commands should not pay. */
function loadScreen(): Promise<typeof import('./screen.js')> {
  return (screenModule ??= import('./screen.js'));
}

export function senderContext(ctx: MailContext, agent: AgentConfig, from: string, threadKnown: boolean): SenderContext {
  const facts = ctx.store.messages.senderFacts(agent.id, from);
  const sup = ctx.store.suppressions.match(from);
  const own = new Set<string>([domainOf(agent.address)]);
  return {
    weWroteFirst: facts.wroteFirstAt !== null,
    inKnownThread: threadKnown,
    repliedBefore: facts.repliedBefore > 0,
    bounces: facts.bounces,
    complaints: facts.complaints,
    suppressed: !!sup,
    knownDomains: ctx.store.contacts.domains(agent.id),
    ownDomains: [...own],
  };
}

export function screenOptions(ctx: MailContext, agent: AgentConfig, direction: 'in' | 'out', sender?: SenderContext): ScreenOptions {
  const llm = ctx.ws.config.llm;
  return {
    direction,
    classification: direction === 'out' ? 'off' : agent.classification,
    injectionThreshold: ctx.ws.config.screening.injection_threshold,
    sender,
    trustedAuthserv: ctx.ws.config.screening.authserv_ids,
    now: ctx.clock.now(),
    timezone: agent.timezone,
    ownerName: agent.name,
    ...(llm && agent.classification === 'llm'
      ? { llm: { baseUrl: llm.base_url, model: llm.model, apiKey: llm.api_key ? ctx.ws.secret(llm.api_key, ['llm', 'api_key']) : undefined } }
      : {}),
  } as ScreenOptions;
}

export async function screenInbound(ctx: MailContext, agent: AgentConfig, msg: ParsedMessage, threadKnown: boolean): Promise<ScreenResult> {
  const { screen } = await loadScreen();
  const sender = msg.from ? senderContext(ctx, agent, msg.from.address, threadKnown) : undefined;
  return screen(msg, screenOptions(ctx, agent, 'in', sender));
}

/** A message we send, screened on its already-parsed form (an oversized one from its raw bytes, which screen() caps). */
export async function screenOutbound(ctx: MailContext, agent: AgentConfig, raw: Uint8Array, parsed: ParsedMessage): Promise<ScreenResult> {
  const { screen, MAX_SCREEN_BYTES } = await loadScreen();
  return screen(raw.length > MAX_SCREEN_BYTES ? raw : parsed, screenOptions(ctx, agent, 'out'));
}

export type Classification = ScreenOptions['classification'];

/** What `mailgent screen` reports: the message's own headers, then the gate's verdict. */
export interface ScreenReport extends ScreenResult {
  message_id: string | null; from: string | null; to: string[]; subject: string; date: string | null;
  /** The agent whose history and configuration were used, or null (embedded defaults, no sender history). */
  agent: string | null;
  /** The thread of the agent's this message belongs to, when it continues one. */
  thread_id: string | null;
}

/**
 * One message from a file or stdin, screened as sync would screen it for `agent` (its threshold, classification,
 * time zone, LLM endpoint and what the store knows about the sender) — or, with no workspace, on the embedded
 * defaults. Reads the store, writes nothing.
 */
export async function screenRaw(ctx: MailContext | null, agent: AgentConfig | null, raw: Uint8Array, o: { direction: 'in' | 'out'; classification?: Classification }): Promise<ScreenReport> {
  const { screen } = await loadScreen();
  const msg = await parseMessage(raw).catch(() => null);
  let options: ScreenOptions;
  let threadId: string | null = null;
  if (ctx && agent) {
    let sender: SenderContext | undefined;
    if (msg?.messageId && o.direction === 'in') {
      const thread = resolveThread(ctx.store, agent.id, msg, msg.messageId, null);
      if (!thread.isNew) threadId = thread.threadId;
      if (msg.from) sender = senderContext(ctx, agent, msg.from.address, !thread.isNew);
    }
    options = screenOptions(ctx, o.classification ? { ...agent, classification: o.classification } : agent, o.direction, sender);
  } else {
    options = {
      direction: o.direction, classification: o.direction === 'out' ? 'off' : o.classification ?? 'embedded',
      injectionThreshold: ctx?.ws.config.screening.injection_threshold ?? DEFAULT_INJECTION_THRESHOLD,
      trustedAuthserv: ctx?.ws.config.screening.authserv_ids, now: (ctx?.clock ?? clockFromEnv()).now(),
    };
  }
  if (options.classification === 'llm' && !options.llm) {
    throw new MailgentError('USAGE', '--classification llm: no llm: endpoint is configured for this workspace', {
      hint: 'Add an llm: section (base_url, model, api_key: env:NAME) to mailgent.yaml, or use --classification embedded.',
    });
  }
  const result = await screen(msg ?? raw, options);
  return {
    message_id: msg?.messageId ?? null, from: msg?.from?.address ?? null, to: msg?.to.map((a) => a.address) ?? [],
    subject: msg?.subject ?? '', date: msg?.date?.toISOString() ?? null, agent: agent?.id ?? null, thread_id: threadId, ...result,
  };
}
