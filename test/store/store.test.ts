// The store on a real SQLite file: migrations, agent scoping, idempotent inserts, the outbox state machine,
// and suppressions by address and domain. (The audit chain has its own tests in test/audit/.)
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { tmpDb } from '../helpers/store.js';

const at = '2026-05-11T09:00:00.000Z';

describe('store', () => {
  it('applies every migration once, in WAL mode with foreign keys', () => {
    const path = tmpDb();
    Store.open(path).close();
    const s = Store.open(path);
    expect(s.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    s.close();
  });

  it('scopes threads and labels by agent', () => {
    const s = Store.open(tmpDb());
    s.threads.ensure({ agent: 'sarah', id: 't1', subject: 'Hi', rootMessageId: '<a@x>', contact: 'bob@x.test', at });
    s.labels.add('sarah', 't1', 'interested', at);
    expect(s.threads.get('tom', 't1')).toBeNull();
    expect(s.labels.forThread('tom', 't1')).toEqual([]);
    expect(s.labels.forThread('sarah', 't1')).toEqual(['interested']);
    s.close();
  });

  it('moves outbox rows only from the expected state (compare-and-set)', () => {
    const s = Store.open(tmpDb());
    s.threads.ensure({ agent: 'sarah', id: 't1', subject: 'Hi', rootMessageId: '<a@x>', contact: null, at });
    const row = { agent: 'sarah', id: 'o1', messageId: '<m1@x>', threadId: 't1', origin: 'send' as const, enrollmentId: null, stepId: null,
      recipients: ['bob@x.test'], subject: 'Hi', status: 'sending' as const, createdAt: at };
    expect(s.outbox.insert(row, Buffer.from('raw'))).toBe(true);
    expect(s.outbox.insert({ ...row, id: 'o2' }, Buffer.from('raw'))).toBe(false);
    expect(s.outbox.transition('sarah', 'o1', ['queued'], 'sent', at)).toBe(false);
    expect(s.outbox.transition('sarah', 'o1', ['sending'], 'sent', at, { sentAt: at })).toBe(true);
    expect(s.outbox.transition('sarah', 'o1', ['sending'], 'sent', at)).toBe(false);
    expect(s.outbox.get('sarah', 'o1')!.status).toBe('sent');
    expect(s.outbox.get('tom', 'o1')).toBeNull();
    s.close();
  });

  it('suppresses whole domains as well as addresses', () => {
    const s = Store.open(tmpDb());
    s.suppressions.add({ domain: 'Competitor.test', reason: 'manual', source: 'cli', at });
    s.suppressions.add({ address: 'Ann@x.test', reason: 'unsubscribe', source: 'reply', at });
    expect(s.suppressions.match('someone@competitor.test')?.domain).toBe('competitor.test');
    expect(s.suppressions.match('ann@x.test')?.reason).toBe('unsubscribe');
    expect(s.suppressions.match('bob@x.test')).toBeNull();
    s.close();
  });
});

describe('migrations', () => {
  it('are numbered 1, 2, 3, … in order, each with a name', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(m.name.length).toBeGreaterThan(3);
  });
});
