// Store-level test helpers: a fresh state.db path, a database left at an older schema, and a stored message row
// with every field a plain default but the ones a test cares about.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/store/migrations.js';
import type { StoredMessage } from '../../src/store/messages.js';

/** A state.db path in a new temp directory (nothing created yet). */
export const tmpDb = (prefix = 'mailgent-store-') => join(mkdtempSync(join(tmpdir(), prefix)), 'state.db');

/** A state.db as a release at schema `version` left it (migrations up to it applied), open raw for seeding rows. */
export function dbAtSchema(version: number, prefix?: string): { path: string; raw: Database.Database } {
  const path = tmpDb(prefix);
  const raw = new Database(path);
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) raw.exec(m.sql);
  raw.pragma(`user_version = ${version}`);
  return { path, raw };
}

export function storedMessage(m: Pick<StoredMessage, 'id' | 'direction' | 'messageId' | 'fromAddr' | 'to' | 'date'> & Partial<StoredMessage>): StoredMessage {
  return {
    agent: 'sarah', threadId: 't1', inReplyTo: null, references: [], fromName: '', replyTo: null, cc: [], subject: 'Hi', text: 'hello',
    html: null, body: 'hello', kind: 'reply', autoSubmitted: null, injectionScore: 0, flagged: false, senderReputation: null, intent: null,
    screening: null, mailbox: null, uid: null, uidValidity: null, createdAt: m.date, ...m,
  };
}
