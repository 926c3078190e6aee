// The --json contract of every reporting command, as zod schemas (what agents and scripts may rely on).
// Objects are open — fields may be added, never removed or retyped — and collections are always present.
// test/cli/json.test.ts runs each command and validates its stdout against the schema named here.
import { z } from 'zod';

const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'an ISO UTC date-time');
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const ENROLLMENT = z.enum(['active', 'paused', 'replied', 'bounced', 'unsubscribed', 'completed', 'stopped', 'failed']);
const counts = z.record(ENROLLMENT, z.number().int().nonnegative());

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), hint: nullable(z.string()), details: z.record(z.string(), z.unknown()).optional() }),
});

export const messageEventSchema = z.object({
  id: z.string(), agent: z.string(), thread_id: z.string(), direction: z.enum(['in', 'out']), message_id: z.string(),
  from: z.string(), from_name: z.string(), to: z.array(z.string()), cc: z.array(z.string()), subject: z.string(), body: z.string(),
  date: iso, labels: z.array(z.string()), kind: z.enum(['reply', 'auto_reply', 'bounce', 'complaint']),
  injection_score: z.number().min(0).max(1),
  injection: z.object({ categories: z.record(z.string(), z.number()), evidence: z.array(z.unknown()) }),
  flagged: z.boolean(), sender_reputation: nullable(z.number()),
  intent: z.string().optional(), entities: z.record(z.string(), z.unknown()).optional(), urgency: z.number().optional(),
});

const sendResult = z.object({ id: z.string(), message_id: z.string(), thread_id: z.string(), outbox_id: z.string(), status: z.string() });
const check = z.object({ agent: z.string(), check: z.string(), ok: z.boolean(), detail: z.string(), warning: z.boolean().optional(), code: z.string().optional(), hint: z.string().optional() });
const agentStatus = z.object({
  name: z.string(), address: z.string(), display_name: nullable(z.string()), transport: z.enum(['smtp', 'sandbox']),
  paused: z.boolean(), paused_reason: nullable(z.string()), paused_at: nullable(iso),
});
const suppression = z.object({ address: z.string().optional(), domain: z.string().optional(), reason: z.enum(['unsubscribe', 'hard_bounce', 'complaint', 'manual']), source: z.string(), created_at: iso })
  .refine((s) => !!s.address !== !!s.domain, 'exactly one of address or domain');
const outboxItem = z.object({
  id: z.string(), agent: z.string(), status: z.string(), message_id: z.string(), thread_id: z.string(), origin: z.string(),
  enrollment_id: nullable(z.string()), step_id: nullable(z.string()), to: z.array(z.string()), subject: z.string(), attempts: z.number().int(),
  last_error: nullable(z.string()), hold_reason: nullable(z.string()), created_at: iso, updated_at: iso, sent_at: nullable(iso),
});
const notifyFailure = z.object({ id: z.string(), agent: z.string(), sequence: z.string(), enrollment_id: z.string(), message_id: z.string(), command: z.string(), attempts: z.number().int(), error: z.string(), since: iso });
const unproven = z.object({ outbox_id: z.string(), agent: z.string(), message_id: z.string(), to: z.array(z.string()), subject: z.string(), enrollment_id: nullable(z.string()), step_id: nullable(z.string()), since: iso });
const rateWindow = z.object({ days: z.number().int(), sends: z.number().int(), reply_rate: z.number(), bounce_rate: z.number(), complaint_rate: z.number(), unsubscribe_rate: z.number() });

/** Schemas by command path ("outbox resolve"). */
export const JSON_SCHEMAS = {
  init: z.object({
    workspace: z.string(), config: z.string(), agent: z.string(), address: z.string(), transport: z.enum(['smtp', 'sandbox']),
    provider: nullable(z.string()), tested: z.boolean(), checks: z.array(check), shadows: nullable(z.string()), sequence: z.string(),
    files: z.array(z.object({ path: z.string(), action: z.enum(['written', 'kept']) })), next: z.array(z.string()),
  }),
  send: sendResult,
  reply: sendResult,
  list: z.object({ messages: z.array(messageEventSchema), sync: nullable(z.object({ fetched: z.number().int(), unchanged: z.boolean(), stored: z.number().int() })) }),
  label: z.object({ thread_id: z.string(), labels: z.array(z.string()), added: z.array(z.string()), removed: z.array(z.string()), mirrored: z.number().int() }),
  doctor: z.object({ ok: z.boolean(), checks: z.array(check) }),
  'agent list': z.object({ agents: z.array(agentStatus) }),
  'agent pause': agentStatus.extend({ changed: z.boolean() }),
  'agent resume': agentStatus.extend({ changed: z.boolean() }),
  audit: z.object({ entries: z.array(z.object({ seq: z.number().int(), at: iso, agent: nullable(z.string()), actor: z.string(), action: z.string(), detail: z.record(z.string(), z.unknown()), prev_hash: z.string(), hash: z.string() })) }),
  'audit --verify': z.object({ ok: z.literal(true), entries: z.number().int(), head: nullable(z.object({ seq: z.number().int(), hash: z.string() })) }),
  'sandbox reply': z.object({
    agent: z.string(), thread_id: z.string(), action: z.string(), from: z.string(), to: z.string(), subject: z.string(), message_id: z.string(),
    delivered: z.object({ address: z.string(), folder: z.string(), uid: z.number().int() }), return_date: nullable(z.string()),
  }),
  'sandbox inbox': z.object({ address: z.string(), folder: z.string(), messages: z.array(z.object({ uid: z.number().int(), message_id: nullable(z.string()), from: z.string(), subject: z.string() })) }),
  'suppress add': z.object({ added: z.boolean(), suppression }),
  'suppress remove': z.object({ removed: suppression }),
  'suppress list': z.object({ suppressions: z.array(suppression) }),
  'suppress import': z.object({ file: z.string(), rows: z.number().int(), added: z.number().int(), already: z.number().int() }),
  'suppress export': z.object({ suppressions: z.array(suppression) }),
  screen: z.object({
    message_id: nullable(z.string()), from: nullable(z.string()), to: z.array(z.string()), subject: z.string(), date: nullable(iso),
    agent: nullable(z.string()), thread_id: nullable(z.string()),
    kind: z.enum(['reply', 'auto_reply', 'bounce', 'complaint']), body: z.string(),
    injection_score: z.number().min(0).max(1),
    injection: z.object({ score: z.number(), categories: z.record(z.string(), z.number()), evidence: z.array(z.object({ category: z.string(), match: z.string(), where: z.string(), offset: z.number(), weight: z.number() })) }),
    flagged: z.boolean(), sender_reputation: z.number().min(0).max(1), reputation_signals: z.record(z.string(), z.unknown()),
    bounce: z.record(z.string(), z.unknown()).optional(), auto_reply: z.record(z.string(), z.unknown()).optional(), complaint: z.record(z.string(), z.unknown()).optional(),
    intent: z.string().optional(), intent_confidence: z.number().optional(), entities: z.record(z.string(), z.unknown()).optional(), urgency: z.number().optional(),
    classification_source: z.string().optional(), classification_error: z.string().optional(),
  }),
  reputation: z.object({ agents: z.array(z.object({
    agent: z.string(), score: z.number(), risk: z.string(), reasons: z.array(z.string()), paused: z.boolean(), paused_reason: nullable(z.string()),
    windows: z.array(rateWindow), limits: z.object({ per_hour: z.number(), per_day: z.number() }),
  })) }),
  run: z.object({
    summary: z.object({ dry_run: z.boolean(), ran: z.boolean(), agents: z.array(z.string()), sent: z.number().int(), failed: z.number().int(), unproven: z.array(unproven),
      notify: z.object({ delivered: z.number().int(), pending: z.number().int(), failed: z.array(notifyFailure) }),
      next_due: nullable(z.object({ at: iso, agent: z.string(), sequence: z.string(), contact: z.string(), step: z.number().int() })), started_at: iso, finished_at: iso }),
    events: z.array(z.object({ type: z.string() })),
  }),
  enroll: z.object({
    sequence: z.string(), agent: z.string(), total: z.number().int(), enrolled: z.number().int(), already_enrolled: z.number().int(),
    refused: z.array(z.object({ email: z.string(), reason: z.string() })), enrollments: z.array(z.object({ id: z.string(), email: z.string(), first_due_at: iso })),
    updated: z.number().int(),
    updates: z.array(z.object({ email: z.string(), fields: z.array(z.string()), newly_enrolled: z.boolean(),
      replanned: z.array(z.object({ sequence: z.string(), enrollment_id: z.string(), step_id: z.string(), from: nullable(iso), to: nullable(iso) })),
      skipped: z.array(z.object({ sequence: z.string(), enrollment_id: z.string(), step_id: z.string(), reason: z.string() })) })),
  }),
  'sequences validate': z.object({ files: z.array(z.object({ file: z.string(), name: nullable(z.string()), steps: z.number().int(), valid: z.boolean() })), problems: z.array(z.unknown()) }),
  status: z.object({
    sequences: z.array(z.object({
      name: z.string(), agent: z.string(), file: nullable(z.string()), valid: z.boolean(), steps: z.number().int(), enrolled: z.number().int(), counts,
      next_due: z.array(z.object({ enrollment_id: z.string(), contact: z.string(), step: z.number().int(), step_id: nullable(z.string()), due_at: iso, status: ENROLLMENT })),
      labels: z.record(z.string(), z.number().int()),
    })),
    unproven: z.array(unproven),
    outbox: z.object({ queued: z.number().int(), held: z.number().int(), failed: z.number().int(), dropped: z.number().int() }),
    dropped: z.array(z.object({ outbox_id: z.string(), agent: z.string(), message_id: z.string(), to: z.array(z.string()), subject: z.string(), enrollment_id: nullable(z.string()), step_id: nullable(z.string()), reason: z.string(), at: iso })),
    lock: nullable(z.object({ holder: z.string(), since: iso, heartbeat_at: iso })),
    agents: z.array(agentStatus),
    waiting: z.array(z.object({
      agent: z.string(), thread_id: z.string(), id: z.string(), from: z.string(), subject: z.string(), date: iso, reason: z.string(),
      intent: nullable(z.string()), injection_score: z.number(), labels: z.array(z.string()),
    })),
    notifications: z.object({ pending: z.number().int(), failed: z.array(notifyFailure.extend({ event: z.unknown() })) }),
  }),
  'outbox list': z.object({ entries: z.array(outboxItem) }),
  'outbox resolve': z.object({ id: z.string(), agent: z.string(), message_id: z.string(), decision: z.enum(['sent', 'unsent']), status: z.string() }),
  'outbox approve': z.object({ outbox_id: z.string(), message_id: z.string(), status: z.string() }),
  'outbox drop': z.object({ id: z.string(), agent: z.string(), message_id: z.string(), status: z.literal('dropped') }),
  demo: z.object({
    workspace: z.string(), kept: z.boolean(), agent: z.string(), sequence: z.string(), start: z.string(), end: z.string(), enrolled: z.number().int(),
    refused: z.array(z.unknown()), days: z.array(z.object({ day: z.number().int(), date: z.string(), sent: z.number().int() })),
    pipeline: z.object({ sequence: z.string(), total: z.number().int(), counts, labels: z.record(z.string(), z.number().int()) }),
    threads: z.array(z.object({ contact: z.string(), thread_id: nullable(z.string()), status: ENROLLMENT, labels: z.array(z.string()) })),
    suppressions: z.array(suppression),
    totals: z.object({ ticks: z.number().int(), sent: z.number().int(), replies: z.number().int(), bounces: z.number().int(), flagged: z.number().int() }),
  }),
  completion: z.object({ shell: z.enum(['bash', 'zsh', 'fish']), script: z.string().min(1) }),
  'unsubscribe serve': z.object({ listening: z.string(), path: z.string() }),
} as const;

export type JsonCommand = keyof typeof JSON_SCHEMAS;

/** Commands that serve (stdio / HTTP) rather than report once: no single JSON document on stdout. */
export const SERVING_COMMANDS = ['mcp'] as const;
