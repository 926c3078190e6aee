// Bounce detection: RFC 3464 delivery-status reports (multipart/report, RFC 6522) and the
// non-standard notices real MTAs send (Exchange, Gmail, Exim, qmail, SES, Postfix, Sendmail), with a
// sisimai-like reason taxonomy. Also the report-part readers complaint.ts shares.
import { header, messageIds, type ParsedMessage } from './parse.js';
import { visibleText } from './html-text.js';
import type { BounceInfo } from '../screening/types.js';

/** The report-type parameter of a multipart/report Content-Type (RFC 6522 §3), lower-cased. */
export function reportType(msg: ParsedMessage): string | null {
  const ct = header(msg, 'content-type') ?? '';
  if (!/^\s*multipart\/report/i.test(ct)) return null;
  const m = /report-type\s*=\s*"?([\w.-]+)/i.exec(ct);
  return m ? m[1].toLowerCase() : '';
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Text of the first attachment whose MIME type is one of `types`. */
export function partText(msg: ParsedMessage, types: readonly string[]): string | null {
  for (const a of msg.attachments) {
    if (types.includes(a.mimeType.toLowerCase())) return decoder.decode(a.content);
  }
  return null;
}

/**
 * RFC 822-style field blocks separated by blank lines (RFC 3464 §2.1: per-message fields, then one
 * block per recipient). Keys lower-cased; continuation lines unfolded.
 */
export function fieldBlocks(text: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let cur = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (cur.size) blocks.push(cur);
      cur = new Map();
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      cur.set(last, `${cur.get(last)} ${line.trim()}`);
      continue;
    }
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    last = m[1].toLowerCase();
    if (!cur.has(last)) cur.set(last, m[2].trim());
  }
  if (cur.size) blocks.push(cur);
  return blocks;
}

const ORIGINAL_TYPES = ['text/rfc822-headers', 'message/rfc822', 'message/global', 'message/global-headers'] as const;
const MSGID_LINE_RE = /^message-id:[ \t]*(.*(?:\r?\n[ \t]+.*)*)/im;

/** Message-ID of the first header block in `text` (a returned message or its headers). */
function firstMessageId(text: string): string | null {
  const m = MSGID_LINE_RE.exec(text);
  return m ? messageIds(m[1].replace(/\s+/g, ' '))[0] ?? null : null;
}

/**
 * The original message's Message-ID: from the returned text/rfc822-headers or message/rfc822 part,
 * else from a copy of the headers inside the body (Exim, qmail, legacy Exchange), else from the raw
 * bytes (parts a parser inlined), never the report's own Message-ID.
 */
export function originalMessageId(msg: ParsedMessage, bodyText: string): string | null {
  const own = msg.messageId;
  const part = partText(msg, ORIGINAL_TYPES);
  const fromPart = part ? firstMessageId(part) : null;
  if (fromPart && fromPart !== own) return fromPart;
  const fromBody = firstMessageId(bodyText);
  if (fromBody && fromBody !== own) return fromBody;
  const raw = decoder.decode(msg.raw.subarray(0, RAW_SCAN_BYTES));
  const re = new RegExp(MSGID_LINE_RE.source, 'gim');
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const id = messageIds(m[1].replace(/\s+/g, ' '))[0];
    if (id && id !== own) return id;
  }
  return msg.inReplyTo;
}

/** How much of the raw message the fallback Message-ID scan reads (bytes). */
const RAW_SCAN_BYTES = 256 * 1024;

/** How much of a notice's text the heuristics read (characters). */
const NOTICE_SCAN_CHARS = 20_000;

const DAEMON_LOCAL_RE = /^(mailer-daemon|mailer_daemon|maildaemon|mail-daemon|postmaster|mdaemon|bounce|bounces)$/i;
const DAEMON_NAME_RE = /mail delivery (system|subsystem)|mailer-daemon|postmaster/i;
const BOUNCE_SUBJECT_RE = new RegExp([
  'undeliver(?:ed|able)', 'delivery status notification', 'mail delivery (?:failed|failure)', 'returned mail',
  '^failure notice', 'delivery (?:has )?failed', 'non-?delivery', 'could not be delivered', 'delivery delayed',
  'delayed mail', 'warning: (?:could not send|message .{0,200} delayed)', 'nondeliverable', 'unzustellbar',
  'non remis', 'no se puede entregar', 'não entregue', 'mail system error',
].join('|'), 'i');
const BOUNCE_BODY_RE = new RegExp([
  'this is the qmail-send program', 'created automatically by mail delivery software',
  'could not be delivered to one or more', 'delivery has failed to these recipients', "couldn't be delivered",
  "wasn't delivered to", 'had permanent fatal errors', 'error occurred while trying to deliver the mail',
  'this is the mail system at host', '\\*\\* address not found \\*\\*', '\\*\\* message not delivered',
  'delivery to the following recipients? (?:failed|has been delayed)', 'has not yet been delivered',
  'delivery is delayed to these recipients', 'message could not be delivered', 'the following address(?:es)? failed',
  'unable to deliver (?:your )?message', 'undeliverable',
].join('|'), 'i');
/** Where a notice starts quoting the original message (only the text above it is read for status). */
const COPY_MARKER_RE = /^(?:-+ ?this is a copy of the message|--- below this line is a copy|original message headers:|-+ ?original message ?-+)/im;
const SOFT_WORDS_RE = /\b(?:delayed|temporar(?:y|ily)|will (?:be )?retr(?:y|ied)|not yet been delivered|still being retried|warning only|will continue)\b/i;
const STATUS_RE = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;
const SMTP_CODE_RE = /\b([45])\d\d(?=[ -]|$)/m;
/** Bounded like RFC 5321 §4.5.3.1 (local part 64, domain 255 octets): each start position costs O(1), not O(line). */
const ADDR_RE = /<?([A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,255}\.[A-Za-z]{2,})>?/g;

/** sisimai-like reasons, first match wins; checked against "status diagnostic" text. */
const REASONS: [BounceInfo['reason'], RegExp][] = [
  ['auth', /\b5\.7\.(?:2[3-7])\b|\b(?:dmarc|spf|dkim)\b|not pass authentication|unauthenticated/i],
  ['rate_limited', /rate limit|too many (?:messages|connections|recipients)|throttl|slow down|\b4\.7\.28\b|sending rate|try again later \(rate/i],
  ['too_big', /\b5\.3\.4\b|\b5\.2\.3\b|message (?:size|too (?:big|large))|too large|exceeds (?:the )?(?:fixed )?(?:maximum )?(?:message )?size/i],
  ['mailbox_full', /\b[45]\.2\.2\b|mailbox (?:is )?full|over ?quota|quota exceeded|insufficient (?:system )?storage|mailbox size limit/i],
  ['host_unknown', /\b5\.1\.2\b|\b5\.4\.4\b|host (?:or domain name )?not found|domain (?:name )?not found|no mx|name service error|unrouteable|nxdomain|no such domain/i],
  ['spam', /\bspam\b|\bjunk\b|content filter|message content rejected|looks like unsolicited/i],
  ['blocked', /blocked|black ?list|block ?list|\brbl\b|spamhaus|listed (?:at|in|on)|access denied|poor reputation|client host rejected|policy/i],
  ['user_unknown', /\b5\.1\.(?:1|10|0)\b|user unknown|unknown user|no such (?:user|mailbox|recipient)|does not exist|recipient not found|address (?:couldn't be |not )found|invalid (?:recipient|mailbox)|mailbox unavailable|recipient address rejected/i],
  ['expired', /\b4\.4\.7\b|expired|timed? ?out|retry timeout|too long|could not be delivered for/i],
];

export function bounceReason(status: string | null, diagnostic: string | null): BounceInfo['reason'] {
  const text = `${status ?? ''} ${diagnostic ?? ''}`;
  for (const [reason, re] of REASONS) if (re.test(text)) return reason;
  return 'other';
}

function isDaemonSender(msg: ParsedMessage): boolean {
  const from = msg.from;
  if (!from) return false;
  return DAEMON_LOCAL_RE.test(from.address.split('@')[0] ?? '') || DAEMON_NAME_RE.test(from.name);
}

function noticeText(msg: ParsedMessage): string {
  const text = msg.text || visibleText(msg.html ?? '');
  return text.slice(0, NOTICE_SCAN_CHARS);
}

/** RFC 3464 §2.3: per-recipient fields; the first recipient that failed, else the first one. */
function fromDsn(msg: ParsedMessage, dsn: string, text: string): BounceInfo {
  const blocks = fieldBlocks(dsn);
  const rcpts = blocks.filter((b) => b.has('final-recipient') || b.has('original-recipient') || b.has('action') || b.has('status'));
  const r = rcpts.find((b) => /failed/i.test(b.get('action') ?? '')) ?? rcpts[0] ?? new Map<string, string>();
  const status = STATUS_RE.exec(r.get('status') ?? '')?.[0] ?? null;
  const diagnostic = (r.get('diagnostic-code') ?? '').replace(/^\s*smtp\s*;\s*/i, '') || null;
  const action = r.get('action')?.toLowerCase() ?? null;
  const addr = (r.get('final-recipient') ?? r.get('original-recipient') ?? '').replace(/^[^;]*;\s*/, '');
  const recipient = /@/.test(addr) ? addr.replace(/[<>]/g, '').trim().toLowerCase() : null;
  const hard = status ? status.startsWith('5') : action === 'failed';
  return { hard, status, recipient, action, diagnostic, reason: bounceReason(status, diagnostic), originalMessageId: originalMessageId(msg, text) };
}

/** Non-standard notices: status, diagnostic line and recipient read from the human text. */
function fromNotice(msg: ParsedMessage, text: string): BounceInfo {
  const cut = COPY_MARKER_RE.exec(text);
  const head = cut ? text.slice(0, cut.index) : text;
  const statusM = STATUS_RE.exec(head);
  const status = statusM ? statusM[0] : null;
  const diagLine = head.split('\n').find((l) => STATUS_RE.test(l) || SMTP_CODE_RE.test(l)) ?? null;
  const diagnostic = diagLine ? diagLine.trim().replace(/^(?:remote host said|#|\(reason):?\s*/i, '').replace(/\)$/, '') : null;
  const codeClass = status ? status[0] : diagnostic ? SMTP_CODE_RE.exec(diagnostic)?.[1] ?? null : null;
  const hard = codeClass ? codeClass === '5' : !SOFT_WORDS_RE.test(head) && !SOFT_WORDS_RE.test(msg.subject);
  const own = new Set([...msg.to.map((a) => a.address), msg.from?.address ?? '']);
  const failed = header(msg, 'x-failed-recipients');
  let recipient = failed ? failed.split(',')[0].trim().toLowerCase() : null;
  if (!recipient) {
    for (const m of head.matchAll(ADDR_RE)) {
      const a = m[1].toLowerCase();
      if (!own.has(a) && !DAEMON_LOCAL_RE.test(a.split('@')[0])) { recipient = a; break; }
    }
  }
  const action = hard ? 'failed' : 'delayed';
  return { hard, status, recipient, action, diagnostic, reason: bounceReason(status, diagnostic ?? head.slice(0, 2000)), originalMessageId: originalMessageId(msg, text) };
}

/** A bounce, or null. RFC 3464 reports first; then sender + subject + wording heuristics (two of three). */
export function detectBounce(msg: ParsedMessage): BounceInfo | null {
  const type = reportType(msg);
  const dsn = partText(msg, ['message/delivery-status', 'message/global-delivery-status']);
  if (type === 'delivery-status' || dsn) return fromDsn(msg, dsn ?? '', noticeText(msg));
  if (type === 'feedback-report') return null;
  const daemon = isDaemonSender(msg);
  const subject = BOUNCE_SUBJECT_RE.test(msg.subject);
  const failedHeader = header(msg, 'x-failed-recipients') !== null;
  if (!failedHeader && !daemon && !subject) return null; // the notice text (an HTML render for HTML-only mail) only for a candidate
  const text = noticeText(msg);
  if (failedHeader || (daemon && subject) || BOUNCE_BODY_RE.test(text)) return fromNotice(msg, text);
  return null;
}
