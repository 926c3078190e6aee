// The run summary's next due step is one seek on enrollments_due, whatever the number of enrollments: a sort
// (an ORDER BY the index cannot give) made an idle tick over 100,000 enrollments 12× slower (bench a: 3 → 39 ms).
import { expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { tmpDb } from '../helpers/store.js';

it('nextDue reads enrollments_due in order and stops: no scan, no temp B-tree', () => {
  const s = Store.open(tmpDb('mailgent-nextdue-'));
  const seen: string[] = [];
  const prepare = s.db.prepare.bind(s.db);
  s.db.prepare = ((sql: string) => { seen.push(sql); return prepare(sql); }) as typeof s.db.prepare;
  expect(s.enrollments.nextDue('sarah')).toBeNull();
  s.enrollments.nextDue('sarah', 'q4');
  s.db.prepare = prepare;
  expect(seen).toHaveLength(2);
  for (const sql of seen) {
    const plan = (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ agent: 'sarah', sequence: 'q4' }) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan, sql).toMatch(/USING INDEX enrollments_due \(agent=\?/);
    expect(plan, sql).not.toMatch(/TEMP B-TREE|\bSCAN enrollments\b(?! USING)/);
  }
  s.close();
});
