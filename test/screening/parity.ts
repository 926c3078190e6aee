// The parity check shared by injection-parity.test.ts and injection-parity-more.test.ts: an attack frame flagged in
// English must be flagged in each translation, but for the known gaps, and a closed gap must leave the list.
import { expect } from 'vitest';
import { scanText } from '../../src/screening/injection/index.js';

export const FLAG = 0.7;
export const score = (text: string): number => scanText(text, 'text', { owner: ['Sarah Lee'] }).score;

/** Checks every frame's translations into langs against knownGaps ("frame/lang"); returns how many frames English flags. */
export function expectParity(frames: Record<string, Record<string, string>>, langs: readonly string[], knownGaps: ReadonlySet<string>): number {
  const missed: string[] = [];
  let englishFlagged = 0;
  for (const [name, frame] of Object.entries(frames)) {
    if (score(frame.en!) < FLAG) continue;
    englishFlagged++;
    for (const lang of langs) if (score(frame[lang]!) < FLAG) missed.push(`${name}/${lang}`);
  }
  expect(missed.filter((m) => !knownGaps.has(m))).toEqual([]);
  // a gap closed is progress: shrink the known gaps with it
  expect([...knownGaps].filter((g) => !missed.includes(g))).toEqual([]);
  return englishFlagged;
}
