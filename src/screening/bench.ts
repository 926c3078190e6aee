// Screening throughput: benchScreen(n) screens n typical ~5 KB messages (replies with quoted history and
// signatures, HTML alternatives, auto-replies, DSN bounces) in embedded mode and reports msg/s and
// p50/p99 latency. Raw bytes in, so MIME parsing is included. bench/ wires it in.
import { screen } from './screen.js';
import type { ScreenOptions } from './types.js';

/** Size the sample messages are padded to (bytes). */
const TARGET_BYTES = 5 * 1024;
const NOW = new Date('2026-11-20T12:00:00Z');

export interface BenchResult {
  messages: number; msPerMessage: number; msgPerSec: number; p50Ms: number; p99Ms: number; bytesPerMessage: number;
  /** The same in CPU time for the whole run (process.cpuUsage): what a loaded machine distorts far less than wall time. */
  cpuMsPerMessage: number; cpuMsgPerSec: number;
}

const BODIES = [
  "Hi Sarah,\n\nThanks for reaching out. Could we do a call on Tuesday at 10am ET? I'd like to see how the reporting works.\n\nBest,\nTom Baker\nVP Engineering | Globex Corp\n+1 (415) 555-0142",
  'Hello,\n\nWhat does pricing look like for 50 seats billed annually? Our budget is around $20,000.\n\nRegards,\nPriya',
  "Not the right person — please reach out to Maria Lopez (maria@initech.test), she runs sales ops.\n\nSent from my iPhone",
  'Please remove me from your mailing list.\n\nThanks',
];

function pad(history: string): string {
  let out = history;
  while (out.length < TARGET_BYTES) out += `> ${'Acme helps teams answer inbound replies twice as fast, with every message screened. '.repeat(2)}\n>\n`;
  return out;
}

/** A deterministic mix of typical messages, each about TARGET_BYTES. */
export function sampleMessages(count: number): Uint8Array[] {
  const enc = new TextEncoder();
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const variant = i % 10;
    const head = `From: Tom Baker <tom.baker@globex.test>\r\nTo: Sarah Chen <sarah@acme.test>\r\nSubject: Re: Quick question about Globex\r\nDate: Fri, 20 Nov 2026 10:${String(i % 60).padStart(2, '0')}:00 +0000\r\nMessage-ID: <bench.${i}@globex.test>\r\nIn-Reply-To: <out.${i}@acme.test>\r\nAuthentication-Results: mx1.acme.test; dkim=pass header.d=globex.test; spf=pass smtp.mailfrom=globex.test; dmarc=pass\r\nMIME-Version: 1.0\r\n`;
    let msg: string;
    if (variant === 8) {
      msg = `${head.replace('Subject: Re: Quick question about Globex', 'Subject: Automatic reply: Quick question about Globex')}Auto-Submitted: auto-replied\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${pad('I am out of the office until December 7 with limited access to email.\n\n')}`;
    } else if (variant === 9) {
      const b = `b${i}`;
      msg = `From: MAILER-DAEMON@mx1.acme.test (Mail Delivery System)\r\nTo: sarah@acme.test\r\nSubject: Undelivered Mail Returned to Sender\r\nDate: Fri, 20 Nov 2026 10:00:00 +0000\r\nMessage-ID: <dsn.${i}@mx1.acme.test>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain\r\n\r\n${pad('This is the mail system at host mx1.acme.test.\n\n')}\r\n--${b}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx1.acme.test\r\n\r\nFinal-Recipient: rfc822; bob@globex.test\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n--${b}\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <out.${i}@acme.test>\r\nSubject: Quick question\r\n\r\n--${b}--\r\n`;
    } else if (variant >= 6) {
      const b = `a${i}`;
      const text = `${BODIES[i % BODIES.length]}\n\nOn Tue, Nov 17, 2026 at 2:14 PM Sarah Chen <sarah@acme.test> wrote:\n`;
      const html = `<html><body><div dir="ltr">${BODIES[i % BODIES.length].replace(/\n/g, '<br>')}</div><div class="gmail_quote"><blockquote>${'Acme helps teams answer inbound replies. '.repeat(30)}</blockquote></div></body></html>`;
      msg = `${head}Content-Type: multipart/alternative; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${pad(text).slice(0, TARGET_BYTES / 2)}\r\n--${b}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--${b}--\r\n`;
    } else {
      msg = `${head}Content-Type: text/plain; charset=utf-8\r\n\r\n${pad(`${BODIES[i % BODIES.length]}\n\nOn Tue, Nov 17, 2026 at 2:14 PM Sarah Chen <sarah@acme.test> wrote:\n\n`)}`;
    }
    out.push(enc.encode(msg));
  }
  return out;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export async function benchScreen(n: number, opts: Partial<ScreenOptions> = {}): Promise<BenchResult> {
  const messages = sampleMessages(Math.min(n, 200));
  const o: ScreenOptions = { direction: 'in', classification: 'embedded', injectionThreshold: 0.7, now: NOW, ...opts };
  for (const m of messages.slice(0, 20)) await screen(m, o); // warm-up: JIT, lazy model loads
  // Per message only the wall clock (performance.now, no system call): reading CPU time per message costs two
  // getrusage calls, which took ~5% of the measured time; CPU time is read once for the whole run.
  const lat: number[] = [];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await screen(messages[i % messages.length], o);
    lat.push(performance.now() - s);
  }
  const total = performance.now() - t0;
  const dc0 = process.cpuUsage(c0);
  const cpuTotal = (dc0.user + dc0.system) / 1000;
  lat.sort((a, b) => a - b);
  const bytes = messages.reduce((a, m) => a + m.length, 0) / messages.length;
  return {
    messages: n, msPerMessage: r3(total / n), msgPerSec: Math.round((n / total) * 1000), p50Ms: r3(percentile(lat, 50)), p99Ms: r3(percentile(lat, 99)), bytesPerMessage: Math.round(bytes),
    cpuMsPerMessage: r3(cpuTotal / n), cpuMsgPerSec: Math.round((n / cpuTotal) * 1000),
  };
}
