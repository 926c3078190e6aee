// Multipart mail of very many short lines: postal-mime costs a few µs per line, so the full parser reads a message on
// its first MAX_FULL_LINES lines (src/inbound/parse.ts). A 4 MB attachment of two-byte lines took ~16 s; the guard
// below is generous (3 s scaled by load) and the leading text part and ordinary attachments stay whole.
import { describe, expect, it } from 'vitest';
import { MAX_FULL_LINES, parseMessage } from '../../src/inbound/parse.js';
import { screen } from '../../src/screening/screen.js';
import { slowdown } from './slowdown.js';

const OPTS = { direction: 'in', classification: 'embedded', injectionThreshold: 0.7, now: new Date('2026-11-20T12:00:00Z') } as const;
const mixed = (part: string, enc: string, body: string) =>
  'From: Pat <pat@buyer.test>\r\nTo: sarah@seller.test\r\nSubject: Re: Demo\r\nMessage-ID: <m@buyer.test>\r\nMIME-Version: 1.0\r\n' +
  'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTuesday at 10am works.\r\n' +
  `--XX\r\nContent-Type: ${part}\r\nContent-Transfer-Encoding: ${enc}\r\nContent-Disposition: attachment\r\n\r\n${body}\r\n--XX--\r\n`;

describe('multipart messages of very many lines', () => {
  const BOUND_MS = 3000 * slowdown();
  it.each([
    ['7bit attachment of 2 M two-byte lines (4 MB)', () => mixed('text/plain; name="a.txt"', '7bit', 'a\n'.repeat(2 << 20))],
    ['7bit attachment of 4 M empty lines', () => mixed('text/plain; name="a.txt"', '7bit', '\n'.repeat(4 << 20))],
    ['quoted-printable soft breaks, 1 M lines', () => mixed('text/plain; name="a.txt"', 'quoted-printable', 'a=\r\n'.repeat(1 << 20))],
    ['20,000 nested multiparts', () => 'From: a@b.test\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="O"\r\n\r\n' +
      '--O\r\nContent-Type: multipart/mixed; boundary="P"\r\n\r\n--P\r\nContent-Type: text/plain\r\n\r\nx\r\n'.repeat(20_000)],
  ])('%s: screened within the bound, the leading reply text kept', async (_, make) => {
    const raw = make();
    const t0 = performance.now();
    const r = await screen(raw, OPTS);
    expect(performance.now() - t0).toBeLessThan(BOUND_MS);
    expect(r.kind).toBe('reply');
    if (raw.includes('Tuesday')) expect(r.body).toBe('Tuesday at 10am works.');
  });

  it('an ordinary 2 MB base64 attachment is read whole; only lines past the cap are left out', async () => {
    const bytes = Buffer.alloc(2 << 20, 7);
    const b64 = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    expect(b64.split('\n').length).toBeLessThan(MAX_FULL_LINES);
    const whole = await parseMessage(mixed('application/pdf; name="deck.pdf"', 'base64', b64));
    expect(whole.text.trim()).toBe('Tuesday at 10am works.');
    expect(Buffer.from(whole.attachments[0]!.content).equals(bytes)).toBe(true);
    const long = await parseMessage(mixed('text/plain; name="a.txt"', '7bit', 'a\n'.repeat(MAX_FULL_LINES * 2)));
    expect(long.text.trim()).toBe('Tuesday at 10am works.');
    expect(long.attachments[0]!.content.length).toBeLessThan(MAX_FULL_LINES * 2);
    expect(long.attachments[0]!.content.length).toBeGreaterThan(MAX_FULL_LINES * 2 - 40);
  });
});
