// What e2e test files import: the run's shared Postfix + Dovecot (started by global-setup.ts),
// fresh mailboxes per call, and IMAP/SMTP helpers that poll with a deadline instead of sleeping.

import { randomBytes } from 'node:crypto';
import { ImapFlow, type MessageEnvelopeObject } from 'imapflow';
import nodemailer from 'nodemailer';
import type { SendMailOptions, SentMessageInfo } from 'nodemailer';
import { inject } from 'vitest';
import { addUser, type MailstackInfo } from './stack.js';

export type { MailstackInfo } from './stack.js';

const POLL_INTERVAL_MS = 100;
const DEFAULT_WAIT_TIMEOUT_MS = 10_000;

export interface Endpoint {
  host: string;
  port: number;
}

export interface TestUser {
  /** Full address, e.g. `alice-1f2e3d4c@example.test`; also the IMAP/SMTP login. */
  address: string;
  user: string;
  pass: string;
}

export interface Mailstack {
  smtp: Endpoint;
  imap: Endpoint;
  domain: string;
  /** Raw info (ports of LMTP and SASL, temp dir, log paths) for tests that need more. */
  info: MailstackInfo;
  /** Creates a new, unique mailbox; usable at once for IMAP login, SMTP AUTH and as a recipient. */
  createUser(localPartPrefix?: string): Promise<TestUser>;
}

export interface ReceivedMessage {
  uid: number;
  source: Buffer;
  envelope: MessageEnvelopeObject | undefined;
  /** Every flag, system (`\Seen`) and keyword (`$label`). */
  flags: string[];
  /** Only the keywords: flags that do not start with a backslash. */
  keywords: string[];
  modseq: bigint | undefined;
}

export interface WaitOptions {
  mailbox?: string;
  /** Resolve once at least this many (matching) messages are present. Default 1. */
  count?: number;
  timeoutMs?: number;
  match?: (message: ReceivedMessage) => boolean;
}

export function getMailstack(): Mailstack {
  const info = inject('mailstack');
  if (!info) throw new Error('mailstack: not provided; is test/mailstack/global-setup.ts in vitest globalSetup?');
  return {
    smtp: { host: info.host, port: info.smtpPort },
    imap: { host: info.host, port: info.imapPort },
    domain: info.domain,
    info,
    createUser: async (localPartPrefix = 'user') => {
      const prefix = localPartPrefix.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 40) || 'user';
      const address = `${prefix}-${randomBytes(5).toString('hex')}@${info.domain}`;
      const pass = randomBytes(12).toString('base64url');
      addUser(info.usersDir, address, pass);
      return { address, user: address, pass };
    },
  };
}

/** An IMAP client logged in as the user (cleartext, no logging). The caller logs out. */
export async function connectImap(user: string, pass: string): Promise<ImapFlow> {
  const { imap } = getMailstack();
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
  return client;
}

/**
 * Polls the mailbox (read-only, so `\Seen` is untouched) until `count` messages match,
 * and returns the matching ones in UID order. Throws after `timeoutMs` with what it saw.
 */
export async function waitForMessages(user: string, pass: string, opts: WaitOptions = {}): Promise<ReceivedMessage[]> {
  const { mailbox = 'INBOX', count = 1, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS, match } = opts;
  const deadline = Date.now() + timeoutMs;
  const client = await connectImap(user, pass);
  const sources = new Map<number, Buffer>();
  try {
    for (;;) {
      const all = await snapshot(client, mailbox, sources);
      const matching = match ? all.filter(match) : all;
      if (matching.length >= count) return matching;
      if (Date.now() >= deadline) {
        const subjects = all.map((m) => JSON.stringify(m.envelope?.subject ?? '')).join(', ');
        throw new Error(
          `waitForMessages: ${user} ${mailbox}: wanted ${count} matching message(s) within ${timeoutMs} ms, ` +
            `found ${matching.length} of ${all.length} [${subjects}]`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** The current messages of the mailbox (none if it does not exist yet); sources are fetched once per UID. */
async function snapshot(client: ImapFlow, mailbox: string, sources: Map<number, Buffer>): Promise<ReceivedMessage[]> {
  let exists: number;
  try {
    exists = (await client.mailboxOpen(mailbox, { readOnly: true })).exists;
  } catch (err) {
    if ((err as { serverResponseCode?: string }).serverResponseCode === 'NONEXISTENT') return [];
    throw err;
  }
  if (exists === 0) return [];
  const meta = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
  const missing = meta.filter((m) => !sources.has(m.uid)).map((m) => m.uid);
  if (missing.length > 0) {
    for (const m of await client.fetchAll(missing.join(','), { uid: true, source: true }, { uid: true })) {
      if (m.source) sources.set(m.uid, m.source);
    }
  }
  return meta
    .filter((m) => sources.has(m.uid))
    .sort((a, b) => a.uid - b.uid)
    .map((m) => {
      const flags = [...(m.flags ?? [])];
      return {
        uid: m.uid,
        source: sources.get(m.uid)!,
        envelope: m.envelope,
        flags,
        keywords: flags.filter((f) => !f.startsWith('\\')),
        modseq: m.modseq,
      };
    });
}

/** Sends as the user through the stack's SMTP with AUTH, like a person's own mail client; `from` defaults to the user. */
export async function sendAs(user: string, pass: string, message: SendMailOptions): Promise<SentMessageInfo> {
  const { smtp } = getMailstack();
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    auth: { user, pass },
  });
  try {
    return await transport.sendMail({ from: user, ...message });
  } finally {
    transport.close();
  }
}

/**
 * Waits until every copy of `messageId` that Postfix accepted has left its queue (delivered or bounced),
 * read from the stack's maillog: cleanup logs `QID: message-id=<…>`, qmgr logs `QID: removed`. Copies whose
 * transfer was aborted mid-DATA never reach qmgr (no `QID: from=` line) and are not waited for.
 * `minAccepted`: copies the caller knows were submitted, waited for to appear first.
 * Returns how many copies Postfix accepted. Delivery order is not FIFO (a large message can finish after a
 * later small one), so counting in the mailbox is only sound after this.
 */
export async function waitForQueueDrained(messageId: string, timeoutMs = 20_000, minAccepted = 0): Promise<number> {
  const { info } = getMailstack();
  const { readFileSync } = await import('node:fs');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = readFileSync(info.postfixLog, 'latin1');
    const ids = [...log.matchAll(/ ([0-9A-F]{6,}): message-id=(\S+)/g)].filter((m) => m[2] === messageId).map((m) => m[1]!);
    const accepted = ids.filter((q) => log.includes(` ${q}: from=<`));
    const pending = accepted.filter((q) => !log.includes(` ${q}: removed`));
    // a copy the caller knows was submitted may not be in the maillog yet (syslog writes lag under load)
    if (pending.length === 0 && accepted.length >= minAccepted) return accepted.length;
    if (Date.now() >= deadline) {
      throw new Error(pending.length
        ? `waitForQueueDrained: ${messageId} still queued after ${timeoutMs} ms as ${pending.join(', ')}`
        : `waitForQueueDrained: ${messageId} accepted ${accepted.length} time(s) in ${timeoutMs} ms, expected at least ${minAccepted}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
