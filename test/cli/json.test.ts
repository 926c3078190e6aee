// Every reporting command's --json output, run for real in a sandbox workspace, validated against its
// schema in src/cli/schemas.ts; and every command of the program has a schema (or is a server).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { errorSchema, JSON_SCHEMAS, SERVING_COMMANDS, type JsonCommand } from '../../src/cli/schemas.js';
import { BIN, ROOT, makeWorkspace, runCli, sandboxYaml } from '../helpers/cli.js';

const NOW = '2026-05-11T14:00:00Z'; // a Monday, inside the example sequence's sending window
let dir: string;

/** Run `mailgent <args> --json`, expect exit 0, validate stdout against the schema of `command`. */
async function valid<T = any>(command: JsonCommand, args: string[]): Promise<T> {
  const r = await runCli([...args, '--json'], { cwd: dir, env: { MAILGENT_NOW: NOW } });
  expect(r.code, `${args.join(' ')}\n${r.stderr}\n${r.stdout}`).toBe(0);
  const parsed = JSON_SCHEMAS[command].safeParse(r.json());
  expect(parsed.success ? [] : parsed.error.issues, `${command}: ${r.stdout.slice(0, 2000)}`).toEqual([]);
  return r.json();
}

function leafCommands(cmd: Command, path: string[] = []): string[] {
  if (!cmd.commands.length) return [path.join(' ')];
  return cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => leafCommands(c, [...path, c.name()]));
}

describe('--json output against src/cli/schemas.ts', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mailgent-json-'));
    await valid('init', ['init', '--yes', '--sandbox', '--address', 'sarah@acme.test', '--name', 'Sarah Chen']);
  });

  it('has a schema for every command of the program (or knows it serves instead of reporting)', () => {
    const known = new Set<string>([...Object.keys(JSON_SCHEMAS), ...SERVING_COMMANDS]);
    expect(leafCommands(buildProgram()).filter((c) => !known.has(c))).toEqual([]);
  });

  it('the four primitives, the sandbox prospect, agents, audit and doctor', async () => {
    const sent = await valid('send', ['send', '--to', 'bob@example.test', '--subject', 'Hello', '--text', 'Hi Bob']);
    await valid('sandbox reply', ['sandbox', 'reply', '--thread', sent.thread_id, '--text', 'Sounds good, Tuesday at 10am ET works.']);
    const listed = await valid('list', ['list']);
    expect(listed.messages.map((m: { direction: string }) => m.direction).sort()).toEqual(['in', 'out']);
    await valid('reply', ['reply', '--thread', sent.thread_id, '--text', 'Great, see you then.']);
    await valid('label', ['label', '--thread', sent.thread_id, '--add', 'demo-booked']);
    await valid('sandbox inbox', ['sandbox', 'inbox', 'bob@example.test']);
    await valid('doctor', ['doctor']);
    await valid('agent list', ['agent', 'list']);
    await valid('agent pause', ['agent', 'pause', 'sarah', '--reason', 'checking']);
    await valid('agent resume', ['agent', 'resume', 'sarah']);
    await valid('audit', ['audit', '--limit', '5']);
    await valid('audit --verify', ['audit', '--verify']);
  });

  it('suppression, reputation, sequences, enroll, run, status, outbox and completion', async () => {
    await valid('suppress add', ['suppress', 'add', 'nope@example.test', '--reason', 'manual']);
    await valid('suppress remove', ['suppress', 'remove', 'nope@example.test']);
    writeFileSync(join(dir, 'blocked.csv'), 'gone@example.test\nexample.invalid\n');
    await valid('suppress import', ['suppress', 'import', 'blocked.csv']);
    await valid('suppress list', ['suppress', 'list']);
    await valid('suppress export', ['suppress', 'export']);
    await valid('reputation', ['reputation']);
    await valid('screen', ['screen', join(ROOT, 'test', 'fixtures', 'screening', 'injection', 'system_prompt_override-a01.eml')]);
    await valid('sequences validate', ['sequences', 'validate']);
    await valid('enroll', ['enroll', 'five-touch', '--email', 'carl@example.test', '--var', 'first_name=Carl', '--var', 'company=Acme']);
    await valid('run', ['run', '--dry-run']);
    await valid('run', ['run']);
    const status = await valid('status', ['status']);
    expect(status.sequences.length).toBeGreaterThan(0);
    await valid('outbox list', ['outbox', 'list', '--status', 'sent']);
    await valid('completion', ['completion', 'fish']);
  });

  it('errors: one JSON error document on stdout with the exit code of its code', async () => {
    await runCli(['suppress', 'add', 'blocked@example.test'], { cwd: dir });
    const r = await runCli(['send', '--to', 'blocked@example.test', '--subject', 'x', '--text', 'y', '--json'], { cwd: dir, env: { MAILGENT_NOW: NOW } });
    expect(r.code).toBe(10);
    expect(errorSchema.parse(r.json()).error.code).toBe('SUPPRESSED');
    for (const args of [['outbox', 'resolve', 'o_missing', '--sent'], ['outbox', 'approve', 'o_missing'], ['outbox', 'drop', 'o_missing']]) {
      const e = await runCli([...args, '--json'], { cwd: dir });
      expect(e.code, args.join(' ')).toBe(6);
      expect(errorSchema.parse(e.json()).error.code).toBe('NOT_FOUND');
    }
  });

  it('demo --json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mailgent-json-demo-'));
    const r = await runCli(['demo', '--dir', join(out, 'demo'), '--json'], { cwd: out, env: { MAILGENT_NOW: NOW }, timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const parsed = JSON_SCHEMAS.demo.safeParse(r.json());
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('unsubscribe serve --json: one document saying where it listens, then it serves', async () => {
    const ws = makeWorkspace(`${sandboxYaml()}unsubscribe:\n  secret: env:MG_UNSUB_SECRET\n  url: http://127.0.0.1/u/{token}\n`);
    const child = spawn(process.execPath, [BIN, 'unsubscribe', 'serve', '--port', '0', '--json'], { cwd: ws, env: { ...process.env, NO_COLOR: '1', MG_UNSUB_SECRET: 'a-long-enough-test-secret' } });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d) => { buf += d; if (/^\}\s*$/m.test(buf)) resolve(buf); });
        child.on('close', (code) => reject(new Error(`exited ${code} before printing where it listens: ${buf}`)));
      });
      const parsed = JSON_SCHEMAS['unsubscribe serve'].safeParse(JSON.parse(first));
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
