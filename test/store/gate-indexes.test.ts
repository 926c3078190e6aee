// Migration 4's per-send indexes on a real SQLite file: a schema-3 database is backfilled on open (recipient
// domains, recipients written to), the triggers keep them in step with outbox and message writes, and the
// gate's queries are index lookups rather than scans (their plans name the index).
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { dbAtSchema, storedMessage, tmpDb } from '../helpers/store.js';

const T0 = '2026-05-11T09:00:00.000Z';
const at = (min: number) => new Date(Date.parse(T0) + min * 60_000).toISOString();

function outboxRow(s: Store, id: string, recipients: string[], status: 'sending' | 'queued', createdAt: string): void {
  s.outbox.insert({ agent: 'sarah', id, messageId: `<${id}@acme.test>`, threadId: 't1', origin: 'send', enrollmentId: null, stepId: null,
    recipients, subject: 'Hi', status, createdAt }, Buffer.from('x'));
}

function outMessage(s: Store, id: string, to: string[], cc: string[], date: string) {
  return s.messages.insert(storedMessage({ id, direction: 'out', messageId: `<${id}@acme.test>`, fromAddr: 'sarah@acme.test', fromName: 'Sarah', to, cc, date }), null);
}

describe('migration 4: the gate’s indexes', () => {
  it('backfills a schema-3 database: recipient domains of counted sends and the addresses written to', () => {
    const { path, raw } = dbAtSchema(3, 'mailgent-gate-idx-');
    const ins = raw.prepare(`INSERT INTO outbox (agent, id, message_id, thread_id, origin, recipients, subject, raw, status, created_at, updated_at, sent_at)
      VALUES ('sarah', ?, ?, 't1', 'send', ?, 'Hi', x'00', ?, ?, ?, ?)`);
    ins.run('o1', '<o1@acme.test>', '["Bob@Big.test","ann@big.test"]', 'sent', at(0), at(1), at(1));
    ins.run('o2', '<o2@acme.test>', '["cy@big.test"]', 'failed', at(2), at(2), null);
    ins.run('o3', '<o3@acme.test>', '["dee@small.test"]', 'sending', at(3), at(3), null);
    raw.prepare(`INSERT INTO threads (agent, id, root_message_id, created_at, updated_at) VALUES ('sarah', 't1', '<o1@acme.test>', ?, ?)`).run(at(0), at(0));
    raw.prepare(`INSERT INTO messages (agent, id, thread_id, direction, message_id, to_addrs, cc_addrs, date, created_at)
      VALUES ('sarah', 'm1', 't1', 'out', '<o1@acme.test>', '["Bob@Big.test"]', '["ann@big.test"]', ?, ?)`).run(at(1), at(1));
    raw.close();

    const s = Store.open(path);
    try {
      expect(s.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      const q = s.deliverability;
      // o1 counts once however many recipients it had there; the failed o2 does not count.
      expect(q.countSendsToDomain('sarah', 'BIG.test', at(-60))).toBe(1);
      expect(q.nthSendTimeToDomain('sarah', 'big.test', at(-60), 0)).toBe(at(1));
      expect(q.countSendsToDomain('sarah', 'small.test', at(-60))).toBe(1);
      expect(q.countSends('sarah', at(-60))).toBe(2);
      expect(s.messages.senderFacts('sarah', 'bob@big.test').wroteFirstAt).toBe(at(1));
      expect(s.messages.senderFacts('sarah', 'ANN@big.test').wroteFirstAt).toBe(at(1));
      expect(s.messages.senderFacts('sarah', 'cy@big.test').wroteFirstAt).toBeNull();
    } finally {
      s.close();
    }
  });

  it('keeps recipient domains in step with the outbox: claimed, sent, failed, deleted', () => {
    const s = Store.open(tmpDb());
    const q = s.deliverability;
    const since = at(-60);
    outboxRow(s, 'o1', ['a@one.test', 'b@one.test'], 'sending', at(0));
    outboxRow(s, 'o2', ['c@one.test'], 'queued', at(1));
    expect(q.countSendsToDomain('sarah', 'one.test', since)).toBe(1);
    expect(s.outbox.transition('sarah', 'o1', ['sending'], 'sent', at(5), { sentAt: at(5) })).toBe(true);
    expect(q.nthSendTimeToDomain('sarah', 'one.test', since, 0)).toBe(at(5));
    // Outside the window once the instant it was sent is more than the window ago.
    expect(q.countSendsToDomain('sarah', 'one.test', at(5))).toBe(0);
    expect(s.outbox.transition('sarah', 'o2', ['queued'], 'sending', at(6))).toBe(true);
    expect(q.countSendsToDomain('sarah', 'one.test', since)).toBe(2);
    expect(q.nthSendTimeToDomain('sarah', 'one.test', since, 1)).toBe(at(6));
    expect(s.outbox.transition('sarah', 'o2', ['sending'], 'failed', at(7))).toBe(true);
    expect(q.countSendsToDomain('sarah', 'one.test', since)).toBe(1);
    s.outbox.delete('sarah', 'o2');
    expect(s.db.prepare(`SELECT count(*) n FROM outbox_recipients WHERE outbox_id = 'o2'`).get()).toEqual({ n: 0 });
    expect(q.firstSendAt('sarah')).toBe(at(5));
    expect(q.lastSendAt('sarah')).toBe(at(5));
    s.close();
  });

  it('records whom each outbound message was written to (To and Cc), not who wrote in', () => {
    const s = Store.open(tmpDb());
    s.threads.ensure({ agent: 'sarah', id: 't1', subject: 'Hi', rootMessageId: '<m1@acme.test>', contact: null, at: at(0) });
    outMessage(s, 'm2', ['Bob@X.test'], [], at(9));
    outMessage(s, 'm1', ['bob@x.test'], ['carol@x.test'], at(2));
    expect(s.messages.senderFacts('sarah', 'bob@x.test').wroteFirstAt).toBe(at(2));
    expect(s.messages.senderFacts('sarah', 'carol@x.test').wroteFirstAt).toBe(at(2));
    expect(s.messages.senderFacts('tom', 'bob@x.test').wroteFirstAt).toBeNull();
    s.close();
  });

  it('answers the per-send queries from indexes (no table scans)', () => {
    const s = Store.open(tmpDb());
    const plan = (sql: string, ...args: unknown[]) => (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const counted = `status IN ('sent', 'sending', 'unproven')`;
    expect(plan(`SELECT count(*) FROM outbox WHERE agent = ? AND ${counted} AND coalesce(sent_at, updated_at) > ?`, 'a', 'b'))
      .toMatch(/COVERING INDEX outbox_counted/);
    expect(plan('SELECT count(DISTINCT outbox_id) FROM outbox_recipients WHERE agent = ? AND domain = ? AND counted_at > ?', 'a', 'b', 'c'))
      .toMatch(/INDEX outbox_recipients_domain \(agent=\? AND domain=\? AND counted_at>\?\)/);
    expect(plan('SELECT min(date) FROM message_recipients WHERE agent = ? AND address = ?', 'a', 'b')).toMatch(/INDEX message_recipients_address/);
    expect(plan(`SELECT count(*) FROM messages WHERE agent = ? AND direction = 'in' AND created_at >= ?`, 'a', 'b')).toMatch(/INDEX messages_inbound_created/);
    expect(plan(`SELECT count(*) FROM audit WHERE agent = ? AND at >= ? AND (action = 'suppression.add' OR action LIKE '%.blocked' OR action LIKE '%.refused')`, 'a', 'b'))
      .toMatch(/INDEX audit_reputation/);
    s.close();
  });
});
