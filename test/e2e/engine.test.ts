// The sequence engine end to end on a real Postfix + Dovecot with a simulated clock (MAILGENT_NOW): a 3-step
// sequence to 3 prospects; one replies → stopped and labelled (an IMAP keyword on sarah's copy); one answers
// out-of-office → paused, later resumed; one receives every step in ONE thread — checked in the prospect's own
// mailbox with an independent imapflow client (In-Reply-To/References chain, "Re:" subjects).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getMailstack, sendAs, waitForMessages, type TestUser } from '../mailstack/index.js';
import { makeWorkspace, runCli } from '../helpers/cli.js';

const stack = getMailstack();
const T0 = Date.parse('2026-05-11T13:00:00Z'); // Monday 09:00 in New York
const at = (ms: number) => new Date(T0 + ms).toISOString();
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

let sarah: TestUser;
let replier: TestUser;
let away: TestUser;
let quiet: TestUser;
let dir: string;
let env: Record<string, string>;

function yaml(u: TestUser): string {
  const server = (port: number) => [`      host: ${stack.smtp.host}`, `      port: ${port}`, '      security: none', `      user: ${u.user}`, '      pass: env:SARAH_PASS'];
  return ['version: 1', 'agents:', '  sarah:', `    address: ${u.address}`, '    name: Sarah Chen', '    timezone: America/New_York',
    '    classification: embedded', '    smtp:', ...server(stack.smtp.port), '    imap:', ...server(stack.imap.port), ''].join('\n');
}

const SEQUENCE = `name: trio
agent: sarah
window: { days: [mon, tue, wed, thu, fri], hours: "08:00-18:00", timezone: agent }
steps:
  - id: intro
    subject: "Quick question for {{ company }}"
    body: |
      Hi {{ first_name }}, does {{ company }} need help with outbound?
  - id: bump
    after: 1d
    body: |
      Hi {{ first_name }}, bumping this up.
  - id: breakup
    after: 1d
    body: |
      Hi {{ first_name }}, I'll close the loop here.
on_reply:
  interested: { label: interested }
  request_pricing: { label: pricing }
  reply: { label: replied }
  out_of_office: { pause: until_return, default: 5d }
`;

async function run(now: number): Promise<any> {
  const r = await runCli(['run', '--json'], { cwd: dir, env: { ...env, MAILGENT_NOW: at(now) }, timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  return r.json();
}

async function status(): Promise<any> {
  const r = await runCli(['status', '--json'], { cwd: dir, env });
  expect(r.code, r.stderr).toBe(0);
  return r.json();
}

const header = (src: Buffer, name: string) => new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(src.toString('utf8').split(/\r?\n\r?\n/)[0]!)?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim() ?? null;

beforeAll(async () => {
  [sarah, replier, away, quiet] = await Promise.all([stack.createUser('sarah'), stack.createUser('rita'), stack.createUser('otto'), stack.createUser('quinn')]);
  dir = makeWorkspace(yaml(sarah), { 'sequences/trio.yaml': SEQUENCE });
  env = { SARAH_PASS: sarah.pass };
  writeFileSync(join(dir, 'prospects.csv'), `email,first_name,company\n${replier.address},Rita,Ritaco\n${away.address},Otto,Ottoco\n${quiet.address},Quinn,Quinnco\n`);
  const e = await runCli(['enroll', 'trio', '--csv', 'prospects.csv', '--json'], { cwd: dir, env: { ...env, MAILGENT_NOW: at(0) } });
  expect(e.code, e.stderr).toBe(0);
  expect(e.json()).toMatchObject({ enrolled: 3, refused: [] });
}, 60_000);

describe('sequence engine on Postfix + Dovecot', () => {
  it('stops on a reply, pauses on out-of-office, and keeps every follow-up in one thread', async () => {
    const t1 = await run(0);
    expect(t1.summary.sent).toBe(3);
    const [firstToReplier] = await waitForMessages(replier.user, replier.pass);
    const [firstToAway] = await waitForMessages(away.user, away.pass);
    expect(firstToReplier!.envelope?.subject).toBe('Quick question for Ritaco');

    // Rita answers from her own client; Otto's server sends an RFC 3834 out-of-office.
    const ritaMsgId = header(firstToReplier!.source, 'Message-ID')!;
    await sendAs(replier.user, replier.pass, {
      to: sarah.address, subject: 'Re: Quick question for Ritaco', inReplyTo: ritaMsgId, references: [ritaMsgId],
      text: 'Hi Sarah, yes — we are interested. Can you send pricing and a few times for a call next week?',
    });
    const ottoMsgId = header(firstToAway!.source, 'Message-ID')!;
    await sendAs(away.user, away.pass, {
      to: sarah.address, subject: 'Automatic reply: Quick question for Ottoco', inReplyTo: ottoMsgId, references: [ottoMsgId],
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
      text: 'I am out of the office with no access to email. I will be back on May 20, 2026.',
    });
    await waitForMessages(sarah.user, sarah.pass, { count: 2 });

    const t2 = await run(2 * HOUR_MS);
    const inbound = Object.fromEntries(t2.events.filter((e: any) => e.type === 'inbound').map((e: any) => [e.contact, e]));
    expect(inbound[replier.address]).toMatchObject({ outcome: 'stopped', status: 'replied', kind: 'reply' });
    expect(inbound[away.address]).toMatchObject({ outcome: 'paused', kind: 'auto_reply', paused_until: '2026-05-20T04:00:00.000Z' });
    // Rita asks for pricing: classified request_pricing → that key's action (not `interested`, not the `reply` fallback).
    expect(inbound[replier.address]).toMatchObject({ intent: 'request_pricing', labels: ['pricing'] });
    const label = 'pricing';
    // The label is mirrored as an IMAP keyword on Rita's message in sarah's INBOX.
    await waitForMessages(sarah.user, sarah.pass, { match: (m) => m.envelope?.from?.[0]?.address === replier.address && m.keywords.includes(label) });

    // Day 2 and 3: Quinn gets the follow-ups; Rita (replied) and Otto (away) get nothing.
    expect((await run(DAY_MS + HOUR_MS)).summary.sent).toBe(1);
    expect((await run(2 * DAY_MS + 2 * HOUR_MS)).summary.sent).toBe(1);
    // Otto is back on the 20th (Wednesday): resumed, step 2 goes out.
    const back = await run(9 * DAY_MS + HOUR_MS);
    expect(back.events.some((e: any) => e.type === 'resumed' && e.contact === away.address)).toBe(true);
    expect(back.events.filter((e: any) => e.type === 'sent').map((e: any) => `${e.contact}:${e.step_id}`)).toEqual([`${away.address}:bump`]);

    // Quinn's mailbox, read directly: three messages, one conversation.
    const q = await waitForMessages(quiet.user, quiet.pass, { count: 3 });
    expect(q).toHaveLength(3);
    expect(q.map((m) => m.envelope?.subject)).toEqual(['Quick question for Quinnco', 'Re: Quick question for Quinnco', 'Re: Quick question for Quinnco']);
    const ids = q.map((m) => header(m.source, 'Message-ID')!);
    expect(new Set(ids).size).toBe(3);
    expect(header(q[1]!.source, 'In-Reply-To')).toBe(ids[0]);
    expect(header(q[1]!.source, 'References')).toBe(ids[0]);
    expect(header(q[2]!.source, 'In-Reply-To')).toBe(ids[1]);
    expect(header(q[2]!.source, 'References')).toBe(`${ids[0]} ${ids[1]}`);
    expect(q[2]!.source.toString('utf8')).toContain("Hi Quinn, I'll close the loop here.");
    expect((await waitForMessages(replier.user, replier.pass))).toHaveLength(1);
    const otto = await waitForMessages(away.user, away.pass, { count: 2 });
    expect(otto).toHaveLength(2);
    expect(header(otto[1]!.source, 'In-Reply-To')).toBe(ottoMsgId);

    const s = await status();
    expect(s.sequences[0]).toMatchObject({ name: 'trio', enrolled: 3, counts: { replied: 1, completed: 1, active: 1, paused: 0 } });
    expect(s.sequences[0].labels[label]).toBe(1);
    expect(s.unproven).toEqual([]);
  }, 110_000);
});
