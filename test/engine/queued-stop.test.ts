// A step whose send failed temporarily (outbox 'queued', here a 421 from an SMTP fault proxy in front of the real
// Postfix) is retried by a later run only while its enrollment still wants it: a reply, a stop_on label or a
// suppression arriving meanwhile drops it with the reason (audit, status), an out-of-office keeps it queued until
// the pause ends, and an untouched enrollment gets it. Counted in Postfix's log: a dropped step never reached it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/config/workspace.js';
import { enrollContacts } from '../../src/engine/enroll.js';
import type { RunEvent } from '../../src/engine/events.js';
import { runTick } from '../../src/engine/run.js';
import { statusReport } from '../../src/engine/status.js';
import { addSuppression } from '../../src/deliverability/suppression.js';
import { createContext } from '../../src/mail/context.js';
import { updateLabels } from '../../src/mail/labels.js';
import { Store } from '../../src/store/index.js';
import type { OutboxEntry } from '../../src/store/outbox.js';
import { startFaultProxy, type FaultProxy } from '../deliverability/faultproxy.js';
import { openTestContext, type TestCtx } from '../deliverability/helpers.js';
import { getMailstack, sendAs, waitForMessages, waitForQueueDrained, type TestUser } from '../mailstack/index.js';

const stack = getMailstack();
const T0 = '2026-05-11T13:00:00.000Z';
const MINUTE_MS = 60_000;
/** Ticks allowed to get every first step queued behind the faults (one new send fails per tick). */
const MAX_SETUP_TICKS = 8;
/** A real SMTP and IMAP conversation per tick on a loaded machine, milliseconds. */
const TEST_TIMEOUT_MS = 120_000;

let sarah: TestUser;
const who: Record<'replier' | 'labelled' | 'suppressed' | 'away' | 'control', TestUser> = {} as never;
let proxy: FaultProxy;
let t: TestCtx;

const SEQ = `name: q
agent: sarah
stop_on: [reply, bounce, unsubscribe, "label:closed"]
steps:
  - id: intro
    subject: "Hello {{ first_name }}"
    body: "Hi {{ first_name }}, a question about your outbound."
  - id: bump
    after: 3d
    body: "Bumping this."
on_reply:
  out_of_office: { pause: until_return, default: 5d }
`;

/** One tick as cron runs it: a new process, so a new context (store and mail connections) on the same workspace. */
async function tick(at: string): Promise<RunEvent[]> {
  await t.ctx.close();
  t = { ...t, ctx: createContext(loadWorkspace(t.dir), Store.open(loadWorkspace(t.dir).statePath), t.clock, 'engine') };
  t.clock.set(at);
  const events: RunEvent[] = [];
  await runTick(t.ctx, { onEvent: (e) => events.push(e) });
  return events;
}

const queuedStep = (email: string): OutboxEntry | undefined => t.ctx.store.outbox.withStatus('sarah', ['queued', 'dropped', 'sent'])
  .find((r) => r.recipients.includes(email) && r.stepId === 'intro');
const enrollment = (email: string) => t.ctx.store.enrollments.bySequenceContact('q', email)!;

beforeAll(async () => {
  sarah = await stack.createUser('sarah');
  for (const k of Object.keys({ replier: 0, labelled: 0, suppressed: 0, away: 0, control: 0 }) as (keyof typeof who)[]) who[k] = await stack.createUser(k);
  process.env.MG_QSTOP_SARAH_PASS = sarah.pass;
  proxy = await startFaultProxy(stack.smtp.port);
  const yaml = [
    'version: 1', 'agents:', '  sarah:', `    address: ${sarah.address}`, '    name: Sarah Chen',
    '    limits: { per_hour: 1000, per_day: 1000, per_domain_per_hour: 1000, warmup: [] }',
    '    smtp:', `      host: ${stack.smtp.host}`, `      port: ${proxy.port}`, '      security: none', `      user: ${sarah.user}`, '      pass: env:MG_QSTOP_SARAH_PASS', '      timeout_ms: 5000',
    '    imap:', `      host: ${stack.imap.host}`, `      port: ${stack.imap.port}`, '      security: none', `      user: ${sarah.user}`, '      pass: env:MG_QSTOP_SARAH_PASS',
  ].join('\n') + '\n';
  t = openTestContext(yaml, { 'sequences/q.yaml': SEQ }, T0);
});
afterAll(async () => { await t?.ctx.close(); await proxy?.close(); });

describe('a queued step retried after its enrollment stopped', () => {
  it('is dropped with the reason (reply, stop_on label, suppression), waits while paused, and goes out for the rest', async () => {
    const contacts = Object.entries(who).map(([name, u]) => ({ email: u.address, fields: { first_name: name } }));
    expect(enrollContacts(t.ctx, 'q', contacts).enrolled).toBe(5);

    // Every first send meets a 421 greeting: each tick one more step is left 'queued' (the agent then waits).
    proxy.plan.push(...Array(4 * MAX_SETUP_TICKS).fill('greet421'));
    for (let i = 0; i < MAX_SETUP_TICKS && t.ctx.store.outbox.withStatus('sarah', ['queued']).length < 5; i++) await tick(T0);
    expect(t.ctx.store.outbox.withStatus('sarah', ['queued']).map((r) => r.recipients[0]).sort()).toEqual(Object.values(who).map((u) => u.address).sort());
    proxy.plan.splice(0);

    // Meanwhile: one prospect writes in, one thread is labelled closed, one address is suppressed, one is away.
    await sendAs(who.replier.user, who.replier.pass, { to: sarah.address, subject: 'About your note', text: 'We are set for this year, thanks. Please do not follow up.' });
    await sendAs(who.away.user, who.away.pass, {
      to: sarah.address, subject: 'Automatic reply: Hello away', text: 'I am out of the office with limited access to email.',
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
    });
    await waitForMessages(sarah.user, sarah.pass, { count: 2, timeoutMs: 15_000 });
    await updateLabels(t.ctx, { agent: 'sarah', thread: queuedStep(who.labelled.address)!.threadId, add: ['closed'] });
    addSuppression(t.ctx, { target: { address: who.suppressed.address }, reason: 'unsubscribe', source: 'test' });

    const retry = await tick(new Date(Date.parse(T0) + 10 * MINUTE_MS).toISOString());
    const dropped = retry.filter((e): e is Extract<RunEvent, { type: 'dropped' }> => e.type === 'dropped');
    expect(Object.fromEntries(dropped.map((e) => [e.to[0], e.reason]))).toEqual({
      [who.replier.address]: 'enrollment replied (replied (reply))',
      [who.labelled.address]: 'label closed',
      [who.suppressed.address]: 'suppressed (unsubscribe)',
    });
    expect(retry.filter((e) => e.type === 'retried').map((e) => [(e as any).message_id, (e as any).status])).toEqual([[queuedStep(who.control.address)!.messageId, 'sent']]);

    // The rows and the enrollments say why; the audit log too; status lists them.
    for (const [u, status, reason] of [[who.replier, 'replied', 'enrollment replied (replied (reply))'], [who.labelled, 'stopped', 'label closed'], [who.suppressed, 'unsubscribed', 'suppressed (unsubscribe)']] as const) {
      expect(queuedStep(u.address)).toMatchObject({ status: 'dropped', lastError: `not sent: ${reason}` });
      expect(enrollment(u.address).status).toBe(status);
    }
    const audit = t.ctx.store.db.prepare("SELECT detail FROM audit WHERE action = 'step.dropped' ORDER BY seq").all() as { detail: string }[];
    expect(audit.map((a) => JSON.parse(a.detail).reason).sort()).toEqual(['enrollment replied (replied (reply))', 'label closed', 'suppressed (unsubscribe)']);
    const status = statusReport(t.ctx);
    expect(status.outbox).toMatchObject({ queued: 1, dropped: 3 });
    expect(status.dropped.map((d) => [d.to[0], d.step_id, d.reason]).sort()).toEqual([
      [who.labelled.address, 'intro', 'not sent: label closed'],
      [who.replier.address, 'intro', 'not sent: enrollment replied (replied (reply))'],
      [who.suppressed.address, 'intro', 'not sent: suppressed (unsubscribe)'],
    ].sort());

    // The away prospect's step waits, queued, while the out-of-office pause lasts.
    expect(enrollment(who.away.address).status).toBe('paused');
    expect(queuedStep(who.away.address)!.status).toBe('queued');

    // Postfix accepted the control's step once and never saw the dropped ones.
    expect(await waitForQueueDrained(queuedStep(who.control.address)!.messageId, 20_000, 1)).toBe(1);
    await waitForMessages(who.control.user, who.control.pass, { count: 1, timeoutMs: 15_000 });
    for (const u of [who.replier, who.labelled, who.suppressed, who.away]) expect(await waitForQueueDrained(queuedStep(u.address)!.messageId)).toBe(0);

    // After the pause the away prospect's step goes; the stopped ones never do, nor their follow-ups.
    const later = await tick(new Date(Date.parse(enrollment(who.away.address).pausedUntil!) + MINUTE_MS).toISOString());
    expect(later.filter((e) => e.type === 'retried').map((e) => (e as any).status)).toEqual(['sent']);
    expect(await waitForQueueDrained(queuedStep(who.away.address)!.messageId, 20_000, 1)).toBe(1);
    const sentTo = t.ctx.store.outbox.withStatus('sarah', ['sent', 'sending', 'queued']).flatMap((r) => r.recipients);
    for (const u of [who.replier, who.labelled, who.suppressed]) expect(sentTo).not.toContain(u.address);
  }, TEST_TIMEOUT_MS);
});
