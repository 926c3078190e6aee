// Migration 6 on a real SQLite file: the indexes no query reads are gone from a schema-5 database (fewer B-trees
// written per send), and every statement the send path and the gate prepare is answered through an index — the plans
// of the statements the store methods really prepare, captured as they run.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { dbAtSchema, storedMessage, tmpDb } from '../helpers/store.js';

const T0 = '2026-05-11T09:00:00.000Z';
const indexes = (db: Database.Database | Store['db']) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

function message(s: Store, id: string, direction: 'in' | 'out', from: string) {
  s.messages.insert(storedMessage({ id, direction, messageId: `<${id}@x.test>`, fromAddr: from, to: ['bob@x.test'], date: T0 }), null);
}

describe('migration 6: indexes the send path writes', () => {
  it('drops outbox_sent_at and the both-directions messages index from a schema-5 database, keeping its rows', () => {
    const { path, raw } = dbAtSchema(5, 'mailgent-send-idx-');
    raw.prepare(`INSERT INTO threads (agent, id, root_message_id, created_at, updated_at) VALUES ('sarah', 't1', '<a@x.test>', ?, ?)`).run(T0, T0);
    raw.prepare(`INSERT INTO messages (agent, id, thread_id, direction, message_id, from_addr, kind, date, created_at)
      VALUES ('sarah', 'm1', 't1', 'in', '<a@x.test>', 'bob@x.test', 'reply', ?, ?)`).run(T0, T0);
    expect(indexes(raw)).toEqual(expect.arrayContaining(['outbox_sent_at', 'messages_direction_created']));
    raw.close();

    const s = Store.open(path);
    try {
      expect(s.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      const names = indexes(s.db);
      expect(names).not.toContain('outbox_sent_at');
      expect(names).not.toContain('messages_direction_created');
      expect(names).toContain('messages_inbound_created');
      // The reputation count reads the inbound row through the new index.
      expect(s.deliverability.counts('sarah', '2026-05-01T00:00:00.000Z').replies).toBe(1);
      expect(s.messages.byMessageId('sarah', '<a@x.test>')?.id).toBe('m1');
    } finally {
      s.close();
    }
  });

  it('the inbound index holds inbound rows only, and byMessageId still prefers the outbound row', () => {
    const s = Store.open(tmpDb());
    s.threads.ensure({ agent: 'sarah', id: 't1', subject: 'Hi', rootMessageId: '<m@x.test>', contact: null, at: T0 });
    message(s, 'in1', 'in', 'bob@x.test');
    message(s, 'out1', 'out', 'sarah@acme.test');
    s.db.prepare(`UPDATE messages SET message_id = '<same@x.test>'`).run();
    expect(s.db.prepare(`SELECT count(*) n FROM messages INDEXED BY messages_inbound_created WHERE agent = 'sarah' AND direction = 'in'`).get()).toEqual({ n: 1 });
    expect(s.messages.byMessageId('sarah', '<same@x.test>')?.id).toBe('out1');
    s.close();
  });

  it('every statement the send path and the gate prepare is an index search, never a table scan', () => {
    const s = Store.open(tmpDb());
    const seen = new Set<string>();
    const prepare = s.db.prepare.bind(s.db);
    s.db.prepare = ((sql: string) => { seen.add(sql); return prepare(sql); }) as typeof s.db.prepare;
    const since = '2026-05-01T00:00:00.000Z';
    // What one send reads and writes (dispatch, caps, reputation, risk, recordSent), through the store's own methods.
    s.threads.ensure({ agent: 'sarah', id: 't1', subject: 'Hi', rootMessageId: '<o1@acme.test>', contact: 'bob@x.test', at: T0 });
    s.outbox.insert({ agent: 'sarah', id: 'o1', messageId: '<o1@acme.test>', threadId: 't1', origin: 'step', enrollmentId: null, stepId: null,
      recipients: ['bob@x.test'], subject: 'Hi', status: 'sending', createdAt: T0 }, Buffer.from('x'));
    s.outbox.byMessageId('sarah', '<o1@acme.test>');
    s.outbox.get('sarah', 'o1');
    s.outbox.transition('sarah', 'o1', ['sending'], 'sent', T0, { sentAt: T0, incAttempt: true, error: null });
    s.outbox.markSentCopy('sarah', 'o1');
    message(s, 'out1', 'out', 'sarah@acme.test');
    s.threads.touch('sarah', 't1', 'out', T0);
    s.messages.byMessageId('sarah', '<out1@x.test>');
    s.messages.senderFacts('sarah', 'bob@x.test');
    const q = s.deliverability;
    q.countSends('sarah', since); q.countSendsBetween('sarah', since, T0); q.nthSendTime('sarah', since, 0); q.firstSendAt('sarah'); q.lastSendAt('sarah');
    q.countSendsToDomain('sarah', 'x.test', since); q.nthSendTimeToDomain('sarah', 'x.test', since, 0);
    q.counts('sarah', since); q.lastResumeAt('sarah');
    s.outbox.withStatus('sarah', ['sent']);
    s.db.prepare = prepare;
    const statements = [...seen].filter((sql) => /^\s*(SELECT|UPDATE|DELETE)/i.test(sql));
    expect(statements.length).toBeGreaterThanOrEqual(16);
    for (const sql of statements) {
      const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
      const positional = (sql.replace(/'[^']*'/g, '').match(/\?/g) ?? []).length;
      const args: unknown[] = named.length ? [Object.fromEntries(named.map((n) => [n, null]))] : [];
      for (let i = 0; i < positional; i++) args.push(null);
      const plan = (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan, sql).not.toMatch(/\bSCAN (outbox|messages|audit|enrollments|threads|outbox_recipients|message_recipients)\b/);
      // byMessageId and senderFacts look up by their own columns, not every message of the agent.
      if (/FROM messages WHERE agent = \? AND message_id = \?/.test(sql)) expect(plan).toMatch(/messages_msgid \(agent=\? AND message_id=\?\)/);
      if (/FROM messages WHERE agent = \? AND direction = 'in' AND from_addr = \?/.test(sql)) expect(plan).toMatch(/messages_from \(agent=\? AND from_addr=\?\)/);
    }
    s.close();
  });
});
