// An out-of-office read late (cron was down, the mailbox synced weeks after): its return date counts from the
// message's Date, and one already past pauses nothing — the sequence goes on — while a return date still ahead
// pauses until then, as before. Sandbox transport, real SQLite store, a manual clock.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadWorkspace } from '../../src/config/workspace.js';
import { enrollContacts } from '../../src/engine/enroll.js';
import type { RunEvent } from '../../src/engine/events.js';
import { runTick } from '../../src/engine/run.js';
import { createContext, type MailContext } from '../../src/mail/context.js';
import { Store } from '../../src/store/index.js';
import { sandboxWorld } from '../../src/transport/index.js';
import { makeWorkspace, sandboxYaml } from '../helpers/cli.js';

const SEQ = `name: late
agent: sarah
window: { days: [mon, tue, wed, thu, fri], hours: "09:00-17:00", timezone: recipient }
steps:
  - id: intro
    subject: "Quick question about {{ company }}"
    body: "Hi {{ first_name }}, does {{ company }} need help with outbound?"
  - id: bump
    after: 2 business days
    body: "Hi {{ first_name }}, bumping this."
  - id: breakup
    after: 5d
    body: "Hi {{ first_name }}, closing the loop."
on_reply:
  out_of_office: { pause: until_return, default: 5d, label: ooo }
  not_now: { pause: 30d, label: later }
`;
/** Monday 5 October 2026, 09:00 in New York: the intros go out. */
const MON_9_NY = '2026-10-05T13:00:00Z';
/** Thursday 22 October, 09:00 in New York: the first tick since. */
const THU_22_9_NY = '2026-10-22T13:00:00Z';

let dir: string;
let ctx: MailContext;
const clock = new ManualClock(MON_9_NY);

const enrollment = (email: string) => ctx.store.enrollments.bySequenceContact('late', email)!;

async function tick(): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  await runTick(ctx, { onEvent: (e) => events.push(e) });
  return events;
}

/** The Message-ID of the intro in the prospect's sandbox mailbox. */
function introId(address: string): string {
  const box = join(dir, '.mailgent', 'sandbox', 'mail', address, 'INBOX');
  const raw = readFileSync(join(box, readdirSync(box).find((n) => n.endsWith('.eml'))!), 'utf8');
  return /^Message-ID:\s*(\S+)/im.exec(raw)![1]!;
}

/** An Exchange-style out-of-office answering the intro, written on Monday 5 October, stating a return day without a year. */
function outOfOffice(from: string, back: string): string {
  const parent = introId(from);
  return [
    `From: ${from}`, 'To: sarah@acme.test', 'Date: Mon, 05 Oct 2026 14:05:00 +0000', `Message-ID: <ooo-${from}>`,
    `In-Reply-To: ${parent}`, `References: ${parent}`, 'Subject: Automatic reply: Quick question', 'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
    `Thank you for your email. I am out of the office and will be back on ${back}. For anything urgent, please contact my colleague.`, '',
  ].join('\r\n');
}

/** A hand-written "not now" answering the intro, written on Monday 5 October. */
function notNow(from: string): string {
  const parent = introId(from);
  return [
    `From: ${from}`, 'To: sarah@acme.test', 'Date: Mon, 05 Oct 2026 14:05:00 +0000', `Message-ID: <later-${from}>`,
    `In-Reply-To: ${parent}`, `References: ${parent}`, 'Subject: Re: Quick question', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
    'Thanks, but not right now - we are mid-budget cycle. Maybe reach out again later in the year.', '',
  ].join('\r\n');
}

/** An out-of-office answering the intro that states no return date, with the given Date header (and Received stamp). */
function undatedOutOfOffice(from: string, date: string, received?: string): string {
  const parent = introId(from);
  return [
    ...(received ? [`Received: from mx.buyer.test (mx.buyer.test [127.0.0.1])`, `\tby mx.acme.test (Postfix) with ESMTP id 7C1D2; ${received}`] : []),
    `From: ${from}`, 'To: sarah@acme.test', `Date: ${date}`, `Message-ID: <ooo-undated-${from}>`,
    `In-Reply-To: ${parent}`, `References: ${parent}`, 'Subject: Automatic reply: Quick question', 'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
    'Thank you for your email. I am currently out of the office with limited access to email. For anything urgent, please contact my colleague.', '',
  ].join('\r\n');
}

beforeEach(() => {
  dir = makeWorkspace(sandboxYaml(), { 'sequences/late.yaml': SEQ });
  clock.set(MON_9_NY);
  const ws = loadWorkspace(dir);
  ctx = createContext(ws, Store.open(ws.statePath), clock, 'engine');
  enrollContacts(ctx, 'late', [
    { email: 'pat@buyer.test', fields: { first_name: 'Pat', company: 'Buyer', timezone: 'America/New_York' } },
    { email: 'quinn@buyer.test', fields: { first_name: 'Quinn', company: 'Buyer', timezone: 'America/New_York' } },
  ]);
});

afterEach(() => ctx.store.close());

describe('an out-of-office processed after the fact', () => {
  it('past its return date: no pause, the next step goes out; a return date still ahead pauses until then', async () => {
    const sent = (await tick()).filter((e) => e.type === 'sent');
    expect(sent).toHaveLength(2);
    const world = sandboxWorld(ctx.ws);
    world.deliver('sarah@acme.test', 'INBOX', new TextEncoder().encode(outOfOffice('pat@buyer.test', 'Monday, October 19')));
    world.deliver('sarah@acme.test', 'INBOX', new TextEncoder().encode(outOfOffice('quinn@buyer.test', 'Monday, November 2')));

    // Seventeen days later the inbox is read: Pat has been back since the 19th.
    clock.set(THU_22_9_NY);
    const events = await tick();
    const inbound = Object.fromEntries(events.filter((e): e is Extract<RunEvent, { type: 'inbound' }> => e.type === 'inbound').map((e) => [e.contact, e]));
    expect(inbound['pat@buyer.test']).toMatchObject({ kind: 'auto_reply', intent: 'out_of_office', status: 'active' });
    expect(inbound['pat@buyer.test']).not.toHaveProperty('paused_until');
    expect(enrollment('pat@buyer.test')).toMatchObject({ status: 'active', pausedUntil: null });
    expect(events.filter((e) => e.type === 'sent').map((e) => (e as { contact: string }).contact)).toEqual(['pat@buyer.test']);
    expect(enrollment('pat@buyer.test').stepIndex).toBe(2);

    // Quinn returns on Monday 2 November (its start in New York, EST): paused until then, the bump waits.
    expect(inbound['quinn@buyer.test']).toMatchObject({ outcome: 'paused', status: 'paused', paused_until: '2026-11-02T05:00:00.000Z' });
    expect(enrollment('quinn@buyer.test')).toMatchObject({ status: 'paused', pausedUntil: '2026-11-02T05:00:00.000Z' });
  });

  it('no stated return date: the default pause counts from the auto-reply\'s own Date; nothing left of it, no pause', async () => {
    enrollContacts(ctx, 'late', [{ email: 'rene@buyer.test', fields: { first_name: 'Rene', company: 'Buyer', timezone: 'America/New_York' } }]);
    expect((await tick()).filter((e) => e.type === 'sent')).toHaveLength(3);
    const world = sandboxWorld(ctx.ws);
    // Pat's was written Monday 5 October, Quinn's Thursday 8 October; Rene's Date is a year ahead (a wrong clock).
    world.deliver('sarah@acme.test', 'INBOX', new TextEncoder().encode(undatedOutOfOffice('pat@buyer.test', 'Mon, 05 Oct 2026 14:05:00 +0000')));
    world.deliver('sarah@acme.test', 'INBOX', new TextEncoder().encode(undatedOutOfOffice('quinn@buyer.test', 'Thu, 08 Oct 2026 14:05:00 +0000')));
    world.deliver('sarah@acme.test', 'INBOX', new TextEncoder().encode(undatedOutOfOffice('rene@buyer.test', 'Fri, 08 Oct 2027 14:05:00 +0000')));

    // The inbox is read on Monday 12 October (cron was down). The default is 5d.
    clock.set('2026-10-12T13:00:00Z');
    const events = await tick();
    const inbound = Object.fromEntries(events.filter((e): e is Extract<RunEvent, { type: 'inbound' }> => e.type === 'inbound').map((e) => [e.contact, e]));
    // Pat's five days ended Saturday 10 October: no pause, the bump goes out now.
    expect(inbound['pat@buyer.test']).toMatchObject({ kind: 'auto_reply', intent: 'out_of_office', status: 'active' });
    expect(inbound['pat@buyer.test']).not.toHaveProperty('paused_until');
    expect(enrollment('pat@buyer.test')).toMatchObject({ status: 'active', pausedUntil: null });
    // Quinn's end Tuesday 13 October 14:05 — one more day, not five from now.
    expect(inbound['quinn@buyer.test']).toMatchObject({ outcome: 'paused', paused_until: '2026-10-13T14:05:00.000Z' });
    expect(enrollment('quinn@buyer.test')).toMatchObject({ status: 'paused', pausedUntil: '2026-10-13T14:05:00.000Z' });
    // A Date more than a day ahead of the clock is not the time of writing: five days from now.
    expect(inbound['rene@buyer.test']).toMatchObject({ outcome: 'paused', paused_until: '2026-10-17T13:00:00.000Z' });
    expect(events.filter((e) => e.type === 'sent').map((e) => (e as { contact: string }).contact)).toEqual(['pat@buyer.test']);
  });

  it('a Date years in the past (the sender\'s clock): the default pause counts from the receiving server\'s stamp', async () => {
    expect((await tick()).filter((e) => e.type === 'sent')).toHaveLength(2);
    const world = sandboxWorld(ctx.ws);
    // Written on Monday 12 October 08:00 by the server's clock; the sender's clock says 2019.
    world.deliver('sarah@acme.test', 'INBOX', new TextEncoder().encode(undatedOutOfOffice('pat@buyer.test', 'Tue, 01 Jan 2019 10:00:00 +0000', 'Mon, 12 Oct 2026 08:00:00 +0000')));
    clock.set('2026-10-12T13:00:00Z');
    const events = await tick();
    const pat = events.find((e): e is Extract<RunEvent, { type: 'inbound' }> => e.type === 'inbound' && e.contact === 'pat@buyer.test');
    expect(pat).toMatchObject({ kind: 'auto_reply', intent: 'out_of_office', outcome: 'paused', paused_until: '2026-10-17T08:00:00.000Z' });
    expect(enrollment('pat@buyer.test')).toMatchObject({ status: 'paused', pausedUntil: '2026-10-17T08:00:00.000Z' });
    // Pat's bump waits; Quinn, who never answered, gets the bump
    expect(events.filter((e) => e.type === 'sent').map((e) => (e as { contact: string }).contact)).toEqual(['quinn@buyer.test']);
  });

  it('a plain pause (not_now: 30d) counts from the reply\'s Date; one already over lets the sequence go on', async () => {
    expect((await tick()).filter((e) => e.type === 'sent')).toHaveLength(2);
    const world = sandboxWorld(ctx.ws);
    world.deliver('sarah@acme.test', 'INBOX', new TextEncoder().encode(notNow('pat@buyer.test')));
    // Read a week late: 30 days from Monday 5 October 14:05, not from now.
    clock.set('2026-10-12T13:00:00Z');
    const inbound = (await tick()).find((e): e is Extract<RunEvent, { type: 'inbound' }> => e.type === 'inbound');
    expect(inbound).toMatchObject({ contact: 'pat@buyer.test', intent: 'not_now', outcome: 'paused', paused_until: '2026-11-04T14:05:00.000Z' });
    expect(enrollment('pat@buyer.test')).toMatchObject({ status: 'paused', pausedUntil: '2026-11-04T14:05:00.000Z' });
  });

  it('a plain pause already over when the reply is read: no pause, no stop, the next step goes out', async () => {
    expect((await tick()).filter((e) => e.type === 'sent')).toHaveLength(2);
    const world = sandboxWorld(ctx.ws);
    world.deliver('sarah@acme.test', 'INBOX', new TextEncoder().encode(notNow('pat@buyer.test')));
    // Read on Tuesday 10 November, 36 days later: the 30 days ended on the 4th.
    clock.set('2026-11-10T14:00:00Z');
    const events = await tick();
    const inbound = events.find((e): e is Extract<RunEvent, { type: 'inbound' }> => e.type === 'inbound');
    expect(inbound).toMatchObject({ contact: 'pat@buyer.test', intent: 'not_now', outcome: 'labelled', status: 'active' });
    expect(inbound).not.toHaveProperty('paused_until');
    expect(enrollment('pat@buyer.test')).toMatchObject({ status: 'active', pausedUntil: null });
    expect(events.filter((e) => e.type === 'sent').map((e) => (e as { contact: string }).contact).sort()).toEqual(['pat@buyer.test', 'quinn@buyer.test']);
  });
});
