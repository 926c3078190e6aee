// mailgent screen FILE|-: run the one gate on a single message (an .eml file or stdin) and show its verdict —
// kind, reply text, injection score with evidence, sender reputation, intent/entities/urgency. Inside a
// workspace it screens as sync would for the agent; elsewhere on the embedded defaults. Writes nothing.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { MailgentError } from '../../errors.js';
import { action } from '../runtime.js';
import type { ScreenReport } from '../../screening/gate.js';
import { DEFAULT_INJECTION_THRESHOLD } from '../../screening/types.js';
import type { Output } from '../output.js';

const MODES = ['embedded', 'llm', 'off'] as const;
const MAX_INPUT = 64 * 1024 * 1024;

async function readInput(file: string): Promise<Uint8Array> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of process.stdin) {
      size += (c as Buffer).length;
      if (size > MAX_INPUT) throw new MailgentError('INPUT_INVALID', `stdin: more than ${MAX_INPUT / 1024 / 1024} MB`, { hint: 'Screen one message at a time.' });
      chunks.push(c as Buffer);
    }
    if (size === 0) throw new MailgentError('INPUT_INVALID', 'stdin: no message was given', { hint: 'Pipe a raw message in, e.g. mailgent screen - < reply.eml' });
    return new Uint8Array(Buffer.concat(chunks));
  }
  try {
    const bytes = await readFile(file);
    if (bytes.length === 0) throw new MailgentError('INPUT_INVALID', `${file}: the file is empty`, { hint: 'Give a raw RFC 5322 message (an .eml file).' });
    return new Uint8Array(bytes);
  } catch (err) {
    if (err instanceof MailgentError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((err as Error).message);
    throw new MailgentError('INPUT_INVALID', `${file}: ${what}`, { hint: 'Give the path of a raw message (.eml), or - to read one from stdin.' });
  }
}

function render(out: Output, r: ScreenReport, threshold: number): void {
  const flag = r.flagged ? out.paint('red', `FLAGGED (≥ ${threshold}): nothing acts on it automatically`) : out.paint('green', 'not flagged');
  out.line(`${out.paint('bold', r.subject || '(no subject)')}  from ${r.from ?? '(no sender)'}${r.date ? `  ${r.date}` : ''}`);
  out.line(`kind        ${r.kind}${r.bounce ? ` (${r.bounce.hard ? 'hard' : 'soft'} ${r.bounce.status ?? ''}${r.bounce.recipient ? ` for ${r.bounce.recipient}` : ''})` : ''}${r.auto_reply?.returnDate ? ` (back ${r.auto_reply.returnDate})` : ''}`);
  out.line(`injection   ${r.injection_score.toFixed(3)}  ${flag}`);
  const cats = Object.entries(r.injection.categories).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  if (cats.length) out.line(`            ${cats.map(([c, v]) => `${c} ${v.toFixed(2)}`).join(', ')}`);
  for (const e of r.injection.evidence.slice(0, 5)) out.line(out.paint('dim', `            ${e.weight.toFixed(2)} ${e.category} in ${e.where}: ${e.match}`));
  out.line(`reputation  ${r.sender_reputation.toFixed(2)}${r.agent ? ` (for agent ${r.agent})` : ' (no agent: authentication results only)'}`);
  if (r.intent) out.line(`intent      ${r.intent}${r.intent_confidence !== undefined ? ` (${r.intent_confidence.toFixed(2)}, ${r.classification_source})` : ''}  urgency ${(r.urgency ?? 0).toFixed(2)}`);
  const ents = Object.entries(r.entities ?? {}).filter(([, v]) => (Array.isArray(v) ? v.length : v !== undefined && v !== null));
  if (ents.length) out.line(`entities    ${ents.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : JSON.stringify(v)}`).join('; ')}`);
  if (r.body.trim()) out.line(`\n${r.body.trim().split('\n').slice(0, 12).map((l) => `  ${l}`).join('\n')}`);
}

export function register(program: Command): void {
  program.command('screen')
    .description('screen one message (an .eml file, or - for stdin): kind, injection score and evidence, reputation, intent')
    .argument('<file>', 'a raw message (.eml), or - to read it from stdin')
    .option('--agent <name>', "screen as this agent's sync would: its settings and what it knows of the sender")
    .option('--direction <dir>', 'in (a message received, the default) or out (one we would send)', 'in')
    .option('--classification <mode>', `override the agent's classification: ${MODES.join(', ')}`)
    .action(action(async ({ out, opts, args, ctx }) => {
      if (opts.direction !== 'in' && opts.direction !== 'out') throw new MailgentError('USAGE', `--direction: "${opts.direction}" is not in or out`, { hint: 'e.g. --direction in' });
      if (opts.classification !== undefined && !MODES.includes(opts.classification)) {
        throw new MailgentError('USAGE', `--classification: "${opts.classification}" is not one of ${MODES.join(', ')}`, { hint: 'e.g. --classification embedded' });
      }
      const raw = await readInput(args[0]!);
      const { findWorkspaceDir, getAgent } = await import('../../config/workspace.js');
      // A workspace is used when one is named or found; without one, only an --agent needs it.
      let hasWorkspace = true;
      try { findWorkspaceDir({ workspace: opts.workspace }); } catch (err) {
        if (opts.workspace || process.env.MAILGENT_WORKSPACE || opts.agent) throw err;
        hasWorkspace = false;
      }
      const c = hasWorkspace ? ctx() : null;
      const agent = c && (opts.agent || c.ws.agents.size === 1) ? getAgent(c.ws, opts.agent) : null;
      if (!c) out.info(`no mailgent.yaml here: screened on the embedded defaults (threshold ${DEFAULT_INJECTION_THRESHOLD}, no sender history)`);
      else if (!agent) out.info(`this workspace has ${c.ws.agents.size} agents: pass --agent to use one's settings and sender history`);
      const { screenRaw } = await import('../../screening/gate.js');
      const report = await screenRaw(c, agent, raw, { direction: opts.direction, classification: opts.classification });
      out.data(report);
      render(out, report, c?.ws.config.screening.injection_threshold ?? DEFAULT_INJECTION_THRESHOLD);
    }));
}
