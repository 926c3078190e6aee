// Sequence rules for inbound mail: which enrollment a message belongs to (thread, the bounced Message-ID,
// the sender), and what it does to it — stop on a reply, pause on out-of-office, stop and suppress on a
// bounce, unsubscribe or complaint, labels and notify by intent. A flagged message (prompt injection) never
// triggers an action: it only stops the sequence, as any reply would, and waits for a human (needs-review).
import type { AgentConfig } from '../config/workspace.js';
import { handleInboundForDeliverability } from '../deliverability/inbound.js';
import { addSuppression } from '../deliverability/suppression.js';
import { referenceTime } from '../inbound/autoreply.js';
import type { MailContext } from '../mail/context.js';
import { toEvent } from '../mail/event.js';
import { updateLabels } from '../mail/labels.js';
import { addDuration } from '../sequence/duration.js';
import type { ReplyAction, Sequence } from '../sequence/load.js';
import { zonedInstant } from '../sequence/zone.js';
import type { ScreenResult } from '../screening/types.js';
import type { Enrollment, EnrollmentStatus } from '../store/enrollments.js';
import type { StoredMessage } from '../store/messages.js';
import type { SuppressionReason } from '../store/suppressions.js';
import type { RunEvent } from './events.js';
import { deliverNotifications, queueNotification } from './notify.js';
import { zoneFor } from './plan.js';

type Outcome = Extract<RunEvent, { type: 'inbound' }>['outcome'];

export interface Decision {
  enrollment: Enrollment;
  sequence: Sequence;
  /** The on_reply key that applied (intent, kind or `reply`). */
  key: string;
  outcome: Outcome;
  /** New status, or null to leave it. */
  status: EnrollmentStatus | null;
  reason: string;
  pausedUntil: string | null;
  labels: string[];
  suppress: { address: string; reason: SuppressionReason } | null;
  notify: string | null;
  /** The thread the labels go on: the enrollment's conversation. */
  labelThread: string;
}

const isLive = (e: Enrollment) => e.status === 'active' || e.status === 'paused';

/** The enrollments a message concerns. */
export function enrollmentsFor(ctx: MailContext, agent: AgentConfig, m: StoredMessage, s: ScreenResult): Enrollment[] {
  const { store } = ctx;
  const viaMessageId = (id: string | null | undefined) => {
    const row = id ? store.outbox.byMessageId(agent.id, id) : null;
    const e = row?.enrollmentId ? store.enrollments.get(agent.id, row.enrollmentId) : null;
    return e ? [e] : [];
  };
  const recent = (list: Enrollment[]) => list.filter((e) => e.createdAt <= m.createdAt);
  if (m.kind === 'bounce' && s.bounce) {
    const byId = viaMessageId(s.bounce.originalMessageId);
    return byId.length ? byId : s.bounce.recipient ? recent(store.enrollments.byContact(agent.id, s.bounce.recipient)).filter(isLive) : [];
  }
  if (m.kind === 'complaint' && s.complaint) {
    const byId = viaMessageId(s.complaint.originalMessageId);
    return byId.length ? byId : s.complaint.recipient ? recent(store.enrollments.byContact(agent.id, s.complaint.recipient)) : [];
  }
  const byThread = store.enrollments.byThread(agent.id, m.threadId);
  if (byThread.length) return byThread;
  const byRef = [m.inReplyTo, ...m.references].flatMap((id) => viaMessageId(id));
  if (byRef.length) return [byRef[0]!];
  // A prospect who writes a new message instead of replying is still answering the sequence.
  return m.fromAddr ? recent(store.enrollments.byContact(agent.id, m.fromAddr)).filter(isLive) : [];
}

/** What the message does to one enrollment (pure: reads the store, writes nothing). */
export function decide(ctx: MailContext, agent: AgentConfig, m: StoredMessage, s: ScreenResult, e: Enrollment, seq: Sequence): Decision {
  const base: Decision = {
    enrollment: e, sequence: seq, key: m.kind, outcome: 'ignored', status: null, reason: '', pausedUntil: null, labels: [],
    suppress: null, notify: null, labelThread: e.threadId ?? m.threadId,
  };
  const live = isLive(e);
  if (m.flagged) {
    return { ...base, key: 'flagged', outcome: 'review', status: live ? 'replied' : null, reason: `flagged for review (injection score ${m.injectionScore.toFixed(2)}); no automatic action` };
  }
  const act = (key: string): ReplyAction => seq.onReply[key] ?? {};
  const withAction = (d: Decision, key: string): Decision => {
    const a = act(key);
    return { ...d, key, labels: a.label ? [a.label] : [], notify: a.notify ?? null };
  };

  if (m.kind === 'bounce') {
    const b = s.bounce;
    const failed = !b || (b.action ?? 'failed').toLowerCase() === 'failed';
    if (!failed) return withAction({ ...base, reason: `delivery delayed (${b?.status ?? 'no status'}); still trying` }, 'bounce');
    const hard = b?.hard ?? false;
    const stop = hard || seq.stopOn.has('bounce');
    return withAction({
      ...base, outcome: stop && live ? 'bounced' : 'labelled', status: stop && live ? 'bounced' : null,
      reason: `${hard ? 'hard' : 'soft'} bounce${b?.status ? ` ${b.status}` : ''}${b?.diagnostic ? `: ${b.diagnostic}` : ''}`,
      suppress: hard ? { address: b?.recipient ?? e.contact, reason: 'hard_bounce' } : null,
    }, 'bounce');
  }
  if (m.kind === 'complaint') {
    return withAction({
      ...base, outcome: live ? 'unsubscribed' : 'labelled', status: live ? 'unsubscribed' : null, reason: 'spam complaint (feedback report)',
      suppress: { address: s.complaint?.recipient ?? e.contact, reason: 'complaint' },
    }, 'complaint');
  }

  const ooo = (m.kind === 'auto_reply' && s.auto_reply?.outOfOffice) || s.intent === 'out_of_office';
  const key = ooo ? 'out_of_office'
    : m.kind === 'auto_reply' || s.intent === 'auto_reply' ? 'auto_reply'
    : s.intent && seq.onReply[s.intent] ? s.intent
    : 'reply';
  const a = act(key);
  const d = withAction(base, key);
  if (a.suppress || key === 'unsubscribe') {
    const stop = seq.stopOn.has('unsubscribe') || a.stop === true;
    return {
      ...d, outcome: stop && live ? 'unsubscribed' : 'labelled', status: stop && live ? 'unsubscribed' : null, reason: `asked to stop (${key})`,
      suppress: a.suppress === false ? null : { address: e.contact, reason: key === 'unsubscribe' ? 'unsubscribe' : 'manual' },
    };
  }
  const until = a.pause && live ? pauseUntil(ctx, agent, m, e, seq, a, s) : null;
  if (until) return { ...d, outcome: 'paused', status: 'paused', pausedUntil: until, reason: ooo ? 'out of office' : `paused (${key})` };
  // A pause that ended before the reply was read (cron was down): it is over, so the sequence goes on, as it would have.
  if (a.pause && live && !ooo) return { ...d, outcome: d.labels.length ? 'labelled' : 'ignored', reason: `pause already over (${key})` };
  if (key === 'auto_reply' || key === 'out_of_office') {
    // An automatic reply is not a reply: the sequence goes on.
    return { ...d, outcome: d.labels.length ? 'labelled' : 'ignored', reason: 'automatic reply' };
  }
  const stop = a.stop ?? seq.stopOn.has('reply');
  return { ...d, outcome: stop && live ? 'stopped' : d.labels.length ? 'labelled' : 'ignored', status: stop && live ? 'replied' : null, reason: `replied (${key})` };
}

/**
 * Until when to pause: the stated return date (its start, in the contact's zone), else the action's duration from
 * the reply's own Date — or null, no pause, when that end has already come (a reply read after the fact).
 * With no stated date the default counts from the out-of-office's own Date (as the stated one is read against
 * it, inbound/autoreply.ts referenceTime), so one read 4 days late with a 5-day default pauses 1 more day.
 */
const NO_PAUSE = { kind: 'fixed', ms: 0, text: '0m' } as const;

function pauseUntil(ctx: MailContext, agent: AgentConfig, msg: StoredMessage, e: Enrollment, seq: Sequence, a: ReplyAction, s: ScreenResult): string | null {
  const now = ctx.clock.now();
  const tz = zoneFor(seq, agent, ctx.store.contacts.get(agent.id, e.contact)?.fields ?? {});
  let t: Date;
  if (a.pause === 'until_return') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.auto_reply?.returnDate ?? '');
    t = m
      ? zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), 0, tz)
      : addDuration(referenceTime(new Date(s.auto_reply?.sentAt ?? msg.date), now), a.pauseDefault ?? NO_PAUSE, tz);
  } else {
    // counted from when the reply was written, like the out-of-office default: one read 10 days late with 30d pauses 20 more
    t = addDuration(referenceTime(new Date(msg.date), now), a.pause ?? NO_PAUSE, tz);
  }
  return t.getTime() > now.getTime() ? t.toISOString() : null;
}

/**
 * Apply the decisions for one message in one transaction with the rules cursor (so a crash never applies
 * them twice nor skips them) and the notify commands they ask for (queued: at least once, src/engine/notify.ts),
 * then labels (mirrored to the server, best effort) and the queued commands.
 */
export async function applyDecisions(ctx: MailContext, agent: AgentConfig, m: StoredMessage, s: ScreenResult, rowid: number, decisions: Decision[], emit: (e: RunEvent) => void): Promise<void> {
  const { store } = ctx;
  const at = ctx.nowIso();
  const applied: Decision[] = [];
  const queued: string[] = [];
  store.tx(() => {
    // Bounces, complaints and unsubscribe requests suppress the address (src/deliverability), whether or not a sequence sent it.
    const deliv = m.flagged ? null : handleInboundForDeliverability(ctx, agent, { message: m, screening: s, isNewThread: false });
    for (const d of decisions) {
      const e = d.enrollment;
      if (deliv?.action === 'suppressed' && deliv.address === e.contact && isLive(e) && (d.status === null || d.status === 'replied')) {
        d.status = deliv.reason === 'hard_bounce' ? 'bounced' : 'unsubscribed';
        d.outcome = d.status;
        d.reason = `suppressed (${deliv.reason})`;
      }
      if (d.status === 'paused') {
        const due = e.nextDueAt && e.nextDueAt > d.pausedUntil! ? e.nextDueAt : d.pausedUntil!;
        if (!store.enrollments.setStatus(agent.id, e.id, 'paused', { reason: d.reason, nextDueAt: due, pausedUntil: d.pausedUntil, at })) continue;
      } else if (d.status) {
        if (!store.enrollments.setStatus(agent.id, e.id, d.status, { reason: d.reason, at })) d.status = null;
      }
      if (d.suppress) addSuppression(ctx, { target: { address: d.suppress.address }, reason: d.suppress.reason, source: `sequence:${d.sequence.name}`, agent: agent.id, detail: { message_id: m.messageId } });
      store.audit.append({ at, agent: agent.id, actor: ctx.actor, action: `sequence.${d.outcome}`, detail: {
        sequence: d.sequence.name, enrollment_id: e.id, contact: e.contact, message_id: m.messageId, kind: m.kind, key: d.key,
        status: d.status, reason: d.reason, ...(d.pausedUntil ? { paused_until: d.pausedUntil } : {}), ...(d.suppress ? { suppressed: d.suppress } : {}),
      } });
      applied.push(d);
      if (d.notify) {
        // The event as the command sees it, with the thread's labels once this rule's labels are on.
        const labels = [...new Set([...store.labels.forThread(agent.id, d.labelThread), ...d.labels])].sort();
        const payload = { type: 'reply', sequence: d.sequence.name, enrollment_id: e.id, contact: e.contact, outcome: d.outcome, status: d.status ?? e.status, message: toEvent(m, labels) };
        const id = queueNotification(ctx, agent, { sequence: d.sequence.name, enrollmentId: e.id, messageId: m.messageId, command: d.notify, payload });
        if (id) queued.push(id);
      }
    }
    store.engineCursor.set(agent.id, rowid, at);
  });
  // Test-only hook (test/engine/notify-queue.test.ts): die like `kill -9` right after the rule's commit, before
  // its notify commands run, to prove the queue delivers them on the next tick. Never set outside tests.
  if (process.env.MAILGENT_TEST_CRASH === 'after-rules-commit' && queued.length) process.kill(process.pid, 'SIGKILL');
  for (const d of applied) {
    const e = d.enrollment;
    if (d.labels.length && store.threads.get(agent.id, d.labelThread)) {
      await updateLabels(ctx, { agent: agent.id, thread: d.labelThread, add: d.labels }).catch(() => undefined);
    }
    const labels = store.labels.forThread(agent.id, d.labelThread);
    emit({
      type: 'inbound', agent: agent.id, sequence: d.sequence.name, enrollment_id: e.id, contact: e.contact, message_id: m.messageId,
      thread_id: m.threadId, kind: m.kind, intent: m.flagged ? null : m.intent, flagged: m.flagged, outcome: d.outcome,
      status: d.status ?? e.status, labels, ...(d.pausedUntil ? { paused_until: d.pausedUntil } : {}), ...(d.suppress ? { suppressed: d.suppress.address } : {}),
    });
  }
  await deliverNotifications(ctx, agent, queued, emit);
}
