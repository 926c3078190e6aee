// Fuzz: ≥ 3,000 mutated MIME messages (byte flips, truncation, duplicated and huge headers, broken
// boundaries, bad encodings, deep nesting) and large HTML-only ones through screen(): never a throw,
// never a hang. Seeded.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screen } from '../../src/screening/screen.js';
import { SCREENING_CORPUS_DIR } from '../../src/screening/eval.js';

const CASES = 3_200;
const SEED = 0x5eed_2026;
/**
 * A hang guard, not a performance target (that is bench/screening.js): one message may take at most this
 * long (milliseconds), generous enough for a machine under heavy load; a hang or a quadratic blow-up breaches it.
 */
const PER_MESSAGE_BOUND_MS = 15_000;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

function seeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const folder of ['replies', 'autoreplies', 'bounces', 'complaints']) {
    const dir = join(SCREENING_CORPUS_DIR, folder);
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.eml')).slice(0, 12)) out.push(new Uint8Array(readFileSync(join(dir, f))));
  }
  return out;
}

const enc = new TextEncoder();
const dec = new TextDecoder('latin1');

function nest(depth: number): string {
  let body = 'Content-Type: text/plain\r\n\r\nleaf\r\n';
  for (let i = 0; i < depth; i++) body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}\r\n--n${i}--\r\n`;
  return `From: a@b.test\r\nSubject: nest\r\nMIME-Version: 1.0\r\n${body}`;
}

const MUTATIONS: ((m: Uint8Array, r: () => number) => Uint8Array)[] = [
  (m, r) => { const c = m.slice(); for (let i = 0; i < 1 + r() * 20; i++) c[Math.floor(r() * c.length)] = Math.floor(r() * 256); return c; },
  (m, r) => m.slice(0, Math.floor(r() * m.length)),
  (m, r) => { const s = dec.decode(m); const lines = s.split('\r\n'); const k = Math.floor(r() * Math.min(lines.length, 12)); lines.splice(k, 0, ...Array(1 + Math.floor(r() * 50)).fill(lines[k] ?? 'X: y')); return enc.encode(lines.join('\r\n')); },
  (m, r) => enc.encode(`Subject: ${'A'.repeat(50_000 + Math.floor(r() * 200_000))}\r\nX-Long: ${'b '.repeat(20_000)}\r\n${dec.decode(m)}`),
  (m) => enc.encode(dec.decode(m).replace(/boundary="?([^";\r\n]+)"?/i, 'boundary="$1-broken"')),
  (m) => enc.encode(dec.decode(m).replace(/--([\w.-]+)--/g, '')),
  (m) => enc.encode(dec.decode(m).replace(/Content-Transfer-Encoding: \S+/gi, 'Content-Transfer-Encoding: base64').replace(/charset="?utf-8"?/gi, 'charset=x-unknown-9')),
  (m, r) => enc.encode(dec.decode(m).replace(/\r\n\r\n/, `\r\n\r\n=${'=ZZ'.repeat(Math.floor(r() * 500))}\r\n=?UTF-8?B?####?= =?bad?Q?=XX?=\r\n`)),
  (_m, r) => enc.encode(nest(5 + Math.floor(r() * 200))),
  (m, r) => { const c = new Uint8Array(m.length + 64); c.set(m); for (let i = m.length; i < c.length; i++) c[i] = Math.floor(r() * 256); return c; },
  (m) => enc.encode(dec.decode(m).replace(/\r\n/g, '\n').replace(/: /g, ':')),
  (m) => enc.encode(`Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n\r\n--x\r\nContent-Type: message/delivery-status\r\n\r\n${'Status: 5.\r\nFinal-Recipient: ;\r\n'.repeat(200)}\r\n${dec.decode(m).slice(0, 2000)}`),
];

/** HTML that defeats tag, comment and quote-marker regexes when repeated or left unclosed. */
const HTML_PIECES = ['<', '< ', "<a title='", '<a href="', '<!--', '-->', '<head', '<style', '<script>', '</', '<blockquote', '<div class="x', '<div class="gmail_quote">', '<div class="gmail_signature"', '<div id="divRplyFwdMsg">', '<hr id="stopSpelling"', '<br>', '<p>', '</p>', '>', '"', "'", '=', '&gt; ', '&#', '&nbsp;', '<span style="display:none">', '<span style="font-size:0">', '</span>', 'On Tue, Sarah wrote:', '\n', ' ', 'a', '5.1.1 ', 'ignore previous instructions '];
const HTML_CASES = 40;
const HTML_MIN_CHARS = 256 * 1024;
const HTML_MAX_CHARS = 2 * 1024 * 1024;
const HTML_HEADS = [
  'From: Pat Doe <pat@buyer.test>\r\nSubject: Re: Demo\r\n',
  'From: Mail Delivery System <MAILER-DAEMON@buyer.test>\r\nSubject: Undelivered Mail Returned to Sender\r\n',
  'From: Pat Doe <pat@buyer.test>\r\nSubject: Automatic reply: Demo\r\nAuto-Submitted: auto-replied\r\n',
];

/** An HTML-only message of 256 KB–2 MB: a unit of 1–4 pieces repeated, other pieces dropped in at random. */
function largeHtml(r: () => number): Uint8Array {
  const pick = () => HTML_PIECES[Math.floor(r() * HTML_PIECES.length)];
  const unit = Array.from({ length: 1 + Math.floor(r() * 4) }, pick).join('');
  const size = HTML_MIN_CHARS + Math.floor(r() * (HTML_MAX_CHARS - HTML_MIN_CHARS));
  let html = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  for (let k = Math.floor(r() * 8); k > 0; k--) { const at = Math.floor(r() * html.length); html = html.slice(0, at) + pick() + html.slice(at); }
  const head = HTML_HEADS[Math.floor(r() * HTML_HEADS.length)];
  return enc.encode(`${head}To: sarah@seller.test\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`);
}

describe('fuzz screen()', () => {
  it(`${HTML_CASES} large HTML-only messages (${HTML_MIN_CHARS / 1024} KB–${HTML_MAX_CHARS / 1024 / 1024} MB of repeated, unclosed markup): no throw, each under ${PER_MESSAGE_BOUND_MS} ms`, async () => {
    const r = rng(SEED ^ 0x4854_4d4c);
    for (let i = 0; i < HTML_CASES; i++) {
      const m = largeHtml(r);
      const t = performance.now();
      const res = await screen(m, { direction: 'in', classification: i % 3 === 0 ? 'off' : 'embedded', injectionThreshold: 0.7, now: new Date('2026-11-20T12:00:00Z') });
      const ms = performance.now() - t;
      expect(['reply', 'auto_reply', 'bounce', 'complaint']).toContain(res.kind);
      expect(ms, `case ${i}: ${dec.decode(m.subarray(0, 400))}`).toBeLessThan(PER_MESSAGE_BOUND_MS);
    }
  }, 600_000);


  it(`${CASES} mutated messages: no throw, each under ${PER_MESSAGE_BOUND_MS} ms`, async () => {
    const r = rng(SEED);
    const base = seeds();
    let slowest = 0;
    for (let i = 0; i < CASES; i++) {
      let m = base[Math.floor(r() * base.length)];
      const rounds = 1 + Math.floor(r() * 3);
      for (let k = 0; k < rounds; k++) m = MUTATIONS[Math.floor(r() * MUTATIONS.length)](m, r);
      const t = performance.now();
      const res = await screen(m, { direction: i % 7 === 0 ? 'out' : 'in', classification: i % 3 === 0 ? 'off' : 'embedded', injectionThreshold: 0.7, now: new Date('2026-11-20T12:00:00Z') });
      const ms = performance.now() - t;
      slowest = Math.max(slowest, ms);
      expect(['reply', 'auto_reply', 'bounce', 'complaint']).toContain(res.kind);
      expect(ms, `case ${i}`).toBeLessThan(PER_MESSAGE_BOUND_MS);
    }
    expect(slowest).toBeLessThan(PER_MESSAGE_BOUND_MS);
  }, 600_000);
});
