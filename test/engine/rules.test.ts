// decide(): what one screened inbound message does to one enrollment — every intent through a sequence's
// on_reply map (docs/sequences.md), the defaults without one (unsubscribe → suppress, out-of-office → pause until
// the return date, else 5d), `reply` as the fallback, bounces and complaints, and a flagged message that never acts.
// Real sequence files loaded by the real loader, a real SQLite store, a manual clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadWorkspace } from '../../src/config/workspace.js';
import { enrollContacts } from '../../src/engine/enroll.js';
import { decide, type Decision } from '../../src/engine/rules.js';
import { createContext, type MailContext } from '../../src/mail/context.js';
import { getSequence } from '../../src/sequence/load.js';
import { INTENTS, type Intent, type ScreenResult } from '../../src/screening/types.js';
import type { Enrollment } from '../../src/store/enrollments.js';
import type { StoredMessage } from '../../src/store/messages.js';
import { Store } from '../../src/store/index.js';
import { makeWorkspace } from '../helpers/cli.js';

const YAML = 'version: 1\nagents:\n  sarah:\n    address: sarah@acme.test\n    name: Sarah Chen\n    transport: sandbox\n    timezone: America/New_York\n';
const STEPS = `window: { days: [mon, tue, wed, thu, fri], hours: "09:00-17:00", timezone: recipient }
steps:
  - id: intro
    subject: "Hello {{ first_name }}"
    body: "Hi {{ first_name }}"
  - id: bump
    after: 2d
    body: "Bumping this, {{ first_name }}"
`;
// A key for every intent and kind, each with its own label.
const MAPPED = `name: mapped
agent: sarah
${STEPS}on_reply:
  interested:      { label: interested, notify: ./notify.sh }
  schedule_demo:   { label: demo-booked, notify: ./notify.sh }
  request_pricing: { label: pricing }
  question:        { label: question, stop: false }
  referral:        { label: referral }
  not_now:         { label: not-now, pause: 30d }
  not_interested:  { label: closed-lost }
  unsubscribe:     { label: unsubscribed }
  out_of_office:   { label: ooo, pause: until_return, default: 2d }
  auto_reply:      { label: auto }
  bounce:          { label: bounced }
  complaint:       { label: complained }
  abuse_attempt:   { label: abuse, notify: ./notify.sh }
  other:           { label: other-reply }
  reply:           { label: replied }
`;
// Only the fallback: every other key takes the defaults.
const PLAIN = `name: plain
agent: sarah
${STEPS}on_reply:
  reply: { label: replied }
`;

const NOW = '2026-05-11T13:00:00.000Z'; // Monday 09:00 in New York
const DAY_MS = 86_400_000;
const later = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
const CONTACT = 'alice@example.test';

let ctx: MailContext;

beforeEach(() => {
  const dir = makeWorkspace(YAML, { 'sequences/mapped.yaml': MAPPED, 'sequences/plain.yaml': PLAIN });
  const ws = loadWorkspace(dir);
  ctx = createContext(ws, Store.open(ws.statePath), new ManualClock(NOW), 'engine');
  for (const name of ['mapped', 'plain']) {
    expect(enrollContacts(ctx, name, [{ email: CONTACT, fields: { first_name: 'Alice', timezone: 'Europe/Paris' } }]).enrolled).toBe(1);
  }
});
afterEach(async () => { await ctx.close(); });

function message(kind: string, over: Partial<StoredMessage> = {}): StoredMessage {
  return {
    agent: 'sarah', id: 'm_1', threadId: 't_reply', direction: 'in', messageId: '<r1@example.test>', inReplyTo: null, references: [],
    fromAddr: CONTACT, fromName: 'Alice', replyTo: null, to: ['sarah@acme.test'], cc: [], subject: 'Re: Hello Alice', text: 'text',
    html: null, body: 'text', date: NOW, kind, autoSubmitted: null, injectionScore: 0.01, flagged: false, senderReputation: 0.9,
    intent: null, screening: null, mailbox: 'INBOX', uid: 1, uidValidity: 1, createdAt: NOW, ...over,
  };
}

function screening(kind: ScreenResult['kind'], over: Partial<ScreenResult> = {}): ScreenResult {
  return {
    kind, body: 'text', injection_score: 0.01, flagged: false, sender_reputation: 0.9, reputation_signals: {},
    injection: { score: 0.01, evidence: [], categories: { boundary_manipulation: 0, system_prompt_override: 0, data_exfiltration: 0, role_hijacking: 0, tool_invocation: 0, encoding_tricks: 0 } },
    ...over,
  };
}

/** decide() for a message of this kind and screening, against the contact's enrollment in `seqName`. */
function judge(seqName: 'mapped' | 'plain', m: StoredMessage, s: ScreenResult, enrollment?: (e: Enrollment) => Enrollment) {
  const seq = getSequence(ctx.ws, seqName);
  const live = ctx.store.enrollments.bySequenceContact(seqName, CONTACT)!;
  const e = enrollment ? enrollment(live) : live;
  const d = decide(ctx, ctx.agent('sarah'), { ...m, intent: s.intent ?? null }, s, e, seq);
  return pick(d);
}

const pick = (d: Decision) => ({ key: d.key, outcome: d.outcome, status: d.status, labels: d.labels, notify: d.notify, suppress: d.suppress, pausedUntil: d.pausedUntil });
const reply = (intent: Intent) => [message('reply'), screening('reply', { intent })] as const;
const ooo = (returnDate: string | null, intent: Intent = 'out_of_office') =>
  [message('auto_reply', { autoSubmitted: 'auto-replied' }), screening('auto_reply', { intent, auto_reply: { outOfOffice: intent === 'out_of_office', returnDate } })] as const;
const bounce = (status: string, action = 'failed') => [message('bounce', { fromAddr: 'mailer-daemon@example.test' }), screening('bounce', {
  intent: 'bounce', bounce: { hard: status.startsWith('5'), status, recipient: CONTACT, action, diagnostic: 'smtp; 550 5.1.1 no such user', reason: 'user_unknown', originalMessageId: null },
})] as const;
const complaint = () => [message('complaint', { fromAddr: 'fbl@isp.test' }), screening('complaint', {
  complaint: { feedbackType: 'abuse', recipient: CONTACT, originalMessageId: null },
})] as const;
const none = { notify: null, suppress: null, pausedUntil: null };

describe('decide: intents through the sequence on_reply map', () => {
  // A human reply: the intent's action; stop_on's default `reply` stops the enrollment unless the action says otherwise.
  const humanReplies: [Intent, ReturnType<typeof pick>][] = [
    ['interested', { key: 'interested', outcome: 'stopped', status: 'replied', labels: ['interested'], ...none, notify: './notify.sh' }],
    ['schedule_demo', { key: 'schedule_demo', outcome: 'stopped', status: 'replied', labels: ['demo-booked'], ...none, notify: './notify.sh' }],
    ['request_pricing', { key: 'request_pricing', outcome: 'stopped', status: 'replied', labels: ['pricing'], ...none }],
    ['question', { key: 'question', outcome: 'labelled', status: null, labels: ['question'], ...none }],
    ['referral', { key: 'referral', outcome: 'stopped', status: 'replied', labels: ['referral'], ...none }],
    ['not_now', { key: 'not_now', outcome: 'paused', status: 'paused', labels: ['not-now'], ...none, pausedUntil: later(30 * DAY_MS) }],
    ['not_interested', { key: 'not_interested', outcome: 'stopped', status: 'replied', labels: ['closed-lost'], ...none }],
    ['unsubscribe', { key: 'unsubscribe', outcome: 'unsubscribed', status: 'unsubscribed', labels: ['unsubscribed'], ...none, suppress: { address: CONTACT, reason: 'unsubscribe' } }],
    ['other', { key: 'other', outcome: 'stopped', status: 'replied', labels: ['other-reply'], ...none }],
  ];
  for (const [intent, expected] of humanReplies) {
    it(`a reply classified ${intent}`, () => expect(judge('mapped', ...reply(intent))).toEqual(expected));
  }

  it('covers every intent of the classifier (the kinds and abuse_attempt below)', () => {
    const covered = [...humanReplies.map(([i]) => i), 'out_of_office', 'auto_reply', 'bounce', 'abuse_attempt'];
    expect([...covered].sort()).toEqual([...INTENTS].sort());
  });

  it('out_of_office: paused until the stated return date (its start in the contact\'s zone), labelled', () => {
    // 2026-05-20 00:00 in Europe/Paris (CEST, UTC+2).
    expect(judge('mapped', ...ooo('2026-05-20'))).toEqual({ key: 'out_of_office', outcome: 'paused', status: 'paused', labels: ['ooo'], ...none, pausedUntil: '2026-05-19T22:00:00.000Z' });
    // No date stated: the action's default.
    expect(judge('mapped', ...ooo(null))).toMatchObject({ outcome: 'paused', pausedUntil: later(2 * DAY_MS) });
    // An out-of-office the classifier found in a plain reply (no auto-reply headers) pauses too.
    expect(judge('mapped', ...reply('out_of_office'))).toMatchObject({ key: 'out_of_office', outcome: 'paused', status: 'paused', labels: ['ooo'] });
  });

  it('auto_reply: labelled, the sequence goes on', () => {
    expect(judge('mapped', ...ooo(null, 'auto_reply'))).toEqual({ key: 'auto_reply', outcome: 'labelled', status: null, labels: ['auto'], ...none });
  });

  it('bounce: a hard bounce stops and suppresses; a soft one stops (stop_on bounce); a delay changes nothing', () => {
    expect(judge('mapped', ...bounce('5.1.1'))).toEqual({ key: 'bounce', outcome: 'bounced', status: 'bounced', labels: ['bounced'], ...none, suppress: { address: CONTACT, reason: 'hard_bounce' } });
    expect(judge('mapped', ...bounce('4.2.2'))).toEqual({ key: 'bounce', outcome: 'bounced', status: 'bounced', labels: ['bounced'], ...none });
    expect(judge('mapped', ...bounce('4.4.7', 'delayed'))).toEqual({ key: 'bounce', outcome: 'ignored', status: null, labels: ['bounced'], ...none });
  });

  it('complaint: unsubscribed and suppressed', () => {
    expect(judge('mapped', ...complaint())).toEqual({ key: 'complaint', outcome: 'unsubscribed', status: 'unsubscribed', labels: ['complained'], ...none, suppress: { address: CONTACT, reason: 'complaint' } });
  });

  it('a reply to an enrollment that has already ended is labelled but changes no status', () => {
    expect(judge('mapped', ...reply('interested'), (e) => ({ ...e, status: 'completed' }))).toEqual({ key: 'interested', outcome: 'labelled', status: null, labels: ['interested'], ...none, notify: './notify.sh' });
  });
});

describe('decide: the defaults and the fallback', () => {
  it('an intent without a key takes the `reply` action', () => {
    for (const intent of ['interested', 'schedule_demo', 'request_pricing', 'question', 'referral', 'not_now', 'not_interested', 'other'] as const) {
      expect(judge('plain', ...reply(intent)), intent).toEqual({ key: 'reply', outcome: 'stopped', status: 'replied', labels: ['replied'], ...none });
    }
  });

  it('unsubscribe → suppress and stop', () => {
    expect(judge('plain', ...reply('unsubscribe'))).toEqual({ key: 'unsubscribe', outcome: 'unsubscribed', status: 'unsubscribed', labels: [], ...none, suppress: { address: CONTACT, reason: 'unsubscribe' } });
  });

  it('out_of_office → pause until the return date, else 5 days', () => {
    expect(judge('plain', ...ooo('2026-05-20'))).toEqual({ key: 'out_of_office', outcome: 'paused', status: 'paused', labels: [], ...none, pausedUntil: '2026-05-19T22:00:00.000Z' });
    expect(judge('plain', ...ooo(null))).toEqual({ key: 'out_of_office', outcome: 'paused', status: 'paused', labels: [], ...none, pausedUntil: later(5 * DAY_MS) });
  });

  it('an auto-reply is not a reply: ignored, the sequence goes on', () => {
    expect(judge('plain', ...ooo(null, 'auto_reply'))).toEqual({ key: 'auto_reply', outcome: 'ignored', status: null, labels: [], ...none });
  });

  it('hard bounce → suppress and stop; complaint → suppress and stop', () => {
    expect(judge('plain', ...bounce('5.1.1'))).toEqual({ key: 'bounce', outcome: 'bounced', status: 'bounced', labels: [], ...none, suppress: { address: CONTACT, reason: 'hard_bounce' } });
    expect(judge('plain', ...complaint())).toEqual({ key: 'complaint', outcome: 'unsubscribed', status: 'unsubscribed', labels: [], ...none, suppress: { address: CONTACT, reason: 'complaint' } });
  });
});

describe('decide: a flagged message never acts', () => {
  it('no intent action — no label, notify, suppression or pause — only the stop, for review', () => {
    // The scanner's own intent (abuse_attempt has an action in the map), and intents with actions, all ignored.
    for (const intent of ['abuse_attempt', 'interested', 'unsubscribe', 'out_of_office', 'not_now'] as const) {
      const m = message('reply', { flagged: true, injectionScore: 0.93 });
      const s = screening('reply', { intent, flagged: true, injection_score: 0.93, auto_reply: { outOfOffice: true, returnDate: '2026-05-20' } });
      for (const seq of ['mapped', 'plain'] as const) {
        expect(judge(seq, m, s), `${seq} ${intent}`).toEqual({ key: 'flagged', outcome: 'review', status: 'replied', labels: [], ...none });
      }
    }
    // Flagged bounces and complaints do not suppress either.
    const [bm, bs] = bounce('5.1.1');
    expect(judge('mapped', { ...bm, flagged: true }, { ...bs, flagged: true })).toMatchObject({ key: 'flagged', outcome: 'review', suppress: null, labels: [] });
  });
});
