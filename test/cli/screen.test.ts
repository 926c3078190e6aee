// `mailgent screen FILE|-` spawned for real: outside any workspace on the embedded defaults, from stdin, inside a
// sandbox workspace as an agent's sync would screen (thread and sender history from the store), and its errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, makeWorkspace, runCli, sandboxYaml } from '../helpers/cli.js';

const FIX = join(ROOT, 'test', 'fixtures', 'screening');
const INJECTION = join(FIX, 'injection', 'system_prompt_override-a01.eml');
const BOUNCE = join(FIX, 'benign', 'benign-a030.eml');
const NOW = '2026-05-11T14:00:00Z';
const bare = () => mkdtempSync(join(tmpdir(), 'mailgent-screen-'));

function eml(o: { from: string; subject: string; text: string; inReplyTo?: string; id: string }): string {
  return [`From: ${o.from}`, 'To: sarah@acme.test', `Subject: ${o.subject}`, 'Date: Mon, 11 May 2026 13:00:00 +0000', `Message-ID: ${o.id}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', o.text, ''].join('\r\n');
}

describe('mailgent screen', { timeout: 120_000 }, () => {
  it('outside a workspace: an injection is flagged with its evidence, on the embedded defaults', async () => {
    const cwd = bare();
    const r = await runCli(['screen', INJECTION, '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j.flagged).toBe(true);
    expect(j.injection_score).toBeGreaterThanOrEqual(0.7);
    expect(j.injection.categories.system_prompt_override).toBeGreaterThanOrEqual(0.7);
    expect(j.injection.evidence.some((e: { match: string }) => /ignore all previous instructions/i.test(e.match))).toBe(true);
    expect(j.intent).toBe('abuse_attempt');
    expect(j).toMatchObject({ agent: null, thread_id: null, kind: 'reply', from: 'rafael.tanaka@wingtip.test' });
    expect(r.stderr).toMatch(/no mailgent\.yaml here: screened on the embedded defaults/);
    const text = await runCli(['screen', INJECTION], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/injection\s+0\.\d+\s+FLAGGED/);
    expect(text.stdout).toMatch(/system_prompt_override/);
  });

  it('reads stdin with -: a bounce with its status, recipient and original Message-ID', async () => {
    const r = await runCli(['screen', '-', '--json'], { cwd: bare(), input: readFileSync(BOUNCE, 'utf8') });
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j.kind).toBe('bounce');
    expect(j.bounce).toMatchObject({ hard: true, status: '5.1.1', recipient: 'old.contact@contoso.test', originalMessageId: '<seq-1@mailgent-demo.test>' });
    expect(j.flagged).toBe(false);
  });

  it("inside a workspace: screened as the agent's sync would, with its thread and the sender's history", async () => {
    const dir = makeWorkspace(sandboxYaml());
    const env = { MAILGENT_NOW: NOW };
    const sent = await runCli(['send', '--to', 'bob@example.test', '--subject', 'Hello', '--text', 'Hi Bob', '--json'], { cwd: dir, env });
    expect(sent.code, sent.stderr).toBe(0);
    const { message_id: ourId, thread_id: threadId } = sent.json();
    const reply = join(dir, 'reply.eml');
    writeFileSync(reply, eml({ from: 'Bob <bob@example.test>', subject: 'Re: Hello', text: 'Sounds good, Tuesday at 10am ET works.', inReplyTo: ourId, id: '<r1@example.test>' }));
    const cold = join(dir, 'cold.eml');
    writeFileSync(cold, eml({ from: 'Eve <eve@elsewhere.test>', subject: 'Hello', text: 'Sounds good, Tuesday at 10am ET works.', id: '<c1@elsewhere.test>' }));

    const r = await runCli(['screen', reply, '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j).toMatchObject({ agent: 'sarah', thread_id: threadId, kind: 'reply', flagged: false, intent: 'schedule_demo' });
    expect(j.reputation_signals).toMatchObject({ weWroteFirst: true, inKnownThread: true });
    const c = (await runCli(['screen', cold, '--json'], { cwd: dir, env })).json();
    expect(c).toMatchObject({ agent: 'sarah', thread_id: null });
    expect(c.reputation_signals).toMatchObject({ weWroteFirst: false, inKnownThread: false });
    expect(j.sender_reputation).toBeGreaterThan(c.sender_reputation);

    // Classification can be switched off for one run; the store is only read (the message is not listed after).
    const off = (await runCli(['screen', reply, '--classification', 'off', '--json'], { cwd: dir, env })).json();
    expect(off.intent).toBeUndefined();
    const listed = (await runCli(['list', '--no-sync', '--json'], { cwd: dir, env })).json();
    expect(listed.messages.map((m: { message_id: string }) => m.message_id)).toEqual([ourId]);
  });

  it("screening.authserv_ids: only the named servers' Authentication-Results count (RFC 8601 §5)", async () => {
    const dir = makeWorkspace(`${sandboxYaml()}screening:\n  authserv_ids: [mx.acme.test]\n`);
    const file = join(dir, 'forged.eml');
    writeFileSync(file, eml({ from: 'ceo@acme.test', subject: 'Wire', text: 'Please call me.', id: '<f1@acme.test>' })
      .replace('MIME-Version', 'Authentication-Results: evil.test; spf=pass smtp.mailfrom=acme.test; dmarc=pass header.from=acme.test\r\nMIME-Version'));
    const j = (await runCli(['screen', file, '--json'], { cwd: dir, env: { MAILGENT_NOW: NOW } })).json();
    expect(j.reputation_signals).toMatchObject({ untrusted_auth_results: 1 });
    expect(j.reputation_signals.dmarc).toBeUndefined();
    // a workspace of several agents screened without --agent still uses its screening settings
    const two = makeWorkspace(`${sandboxYaml({ sarah: 'sarah@acme.test', tom: 'tom@acme.test' })}screening:\n  authserv_ids: [mx.acme.test]\n`);
    const shared = (await runCli(['screen', file, '--json'], { cwd: two, env: { MAILGENT_NOW: NOW } })).json();
    expect(shared).toMatchObject({ agent: null, reputation_signals: { untrusted_auth_results: 1 } });
    const outside = (await runCli(['screen', file, '--json'], { cwd: bare() })).json();
    expect(outside.reputation_signals).toMatchObject({ dmarc: 'pass' }); // no workspace: the topmost field is trusted
  });

  it('bad input: a clear error, the exit code of the error table, no stack trace', async () => {
    const cwd = bare();
    const cases: [string[], number, RegExp, string?][] = [
      [['screen', 'nope.eml'], 13, /nope\.eml: no such file/],
      [['screen', '-'], 13, /stdin: no message was given/, ''],
      [['screen', cwd], 13, /is a directory/],
      [['screen', INJECTION, '--direction', 'sideways'], 2, /--direction: "sideways" is not in or out/],
      [['screen', INJECTION, '--classification', 'gpt'], 2, /--classification: "gpt" is not one of embedded, llm, off/],
      [['screen', INJECTION, '--agent', 'sarah'], 3, /no mailgent\.yaml here or in any parent/],
      [['screen', INJECTION, '--classification', 'llm'], 2, /no llm: endpoint is configured/],
    ];
    for (const [args, code, message, input] of cases) {
      const r = await runCli(args, { cwd, input });
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
    const ws = makeWorkspace(sandboxYaml());
    const unknown = await runCli(['screen', INJECTION, '--agent', 'nobody'], { cwd: ws });
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toMatch(/no agent "nobody"/);
  });
});
