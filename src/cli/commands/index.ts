// Every command, registered in the order `mailgent --help` lists them. Add one line per command file.
import type { Command } from 'commander';
import { register as init } from './init.js';
import { register as send } from './send.js';
import { register as reply } from './reply.js';
import { register as list } from './list.js';
import { register as label } from './label.js';
import { register as doctor } from './doctor.js';
import { register as agent } from './agent.js';
import { register as audit } from './audit.js';
import { register as mcp } from './mcp.js';
import { register as sandbox } from './sandbox.js';
import { register as suppress } from './suppress.js';
import { register as unsubscribe } from './unsubscribe.js';
import { register as screen } from './screen.js';
import { register as reputation } from './reputation.js';
import { register as run } from './run.js';
import { register as enroll } from './enroll.js';
import { register as sequences } from './sequences.js';
import { register as status } from './status.js';
import { register as outbox } from './outbox.js';
import { register as demo } from './demo.js';
import { register as completion } from './completion.js';

export const COMMANDS: ((program: Command) => void)[] = [
  init,
  send,
  reply,
  list,
  label,
  doctor,
  agent,
  audit,
  mcp,
  sandbox,
  suppress,
  unsubscribe,
  screen,
  reputation,
  run,
  enroll,
  sequences,
  status,
  outbox,
  demo,
  completion,
];
