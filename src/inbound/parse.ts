// MIME parsing (postal-mime is imported here and nowhere else) into the message model every
// other module reads: addresses, threading headers (RFC 5322 §3.6.4), text, HTML, attachments.
// Simple shapes take the synchronous fast path (mime-fast.ts); everything else postal-mime's full parser.
import PostalMime, { addressParser, decodeWords, type Email } from 'postal-mime';
import { parseSimpleMime, type SimpleMime } from './mime-fast.js';

export interface Address { name: string; address: string }
export interface Attachment { filename: string | null; mimeType: string; content: Uint8Array; disposition: string | null }

export interface ParsedMessage {
  messageId: string | null;          // with angle brackets, as on the wire: "<abc@host>"
  inReplyTo: string | null;
  references: string[];
  from: Address | null;
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  subject: string;
  date: Date | null;
  /** When the receiving server took it: the date of the topmost Received field (RFC 5321 §4.4), if readable. */
  received?: Date | null;
  text: string;
  html: string | null;
  /** Every header, lower-cased key → values in order of appearance (raw, unfolded). */
  headers: Map<string, string[]>;
  attachments: Attachment[];
  /** The raw message as given. */
  raw: Uint8Array;
}

const MSGID_RE = /<[^<>\s]+>/g;

/** The date after the last ';' of a Received field: the receiving server's own clock (RFC 5321 §4.4). */
export function receivedStamp(field: string | undefined): Date | null {
  const semi = field?.lastIndexOf(';') ?? -1;
  if (semi < 0) return null;
  const d = new Date(field!.slice(semi + 1).replace(/\([^()]*\)/g, ' ').trim()); // drop a "(UTC)" comment
  return Number.isNaN(d.getTime()) ? null : d;
}
/** Message-IDs in a header value (RFC 5322 §3.6.4 msg-id lists), in order, de-duplicated. */
export function messageIds(value: string | null | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const m of value.match(MSGID_RE) ?? []) if (!out.includes(m)) out.push(m);
  // Tolerate a bare id without brackets (seen from some clients).
  if (out.length === 0 && /^[^\s<>]+@[^\s<>]+$/.test(value.trim())) out.push(`<${value.trim()}>`);
  return out;
}

function toAddresses(list: unknown): Address[] {
  const out: Address[] = [];
  const walk = (a: any) => {
    if (!a) return;
    if (Array.isArray(a.group)) a.group.forEach(walk);
    else if (typeof a.address === 'string' && a.address) out.push({ name: a.name ?? '', address: a.address.toLowerCase() });
  };
  if (Array.isArray(list)) list.forEach(walk); else walk(list);
  return out;
}

export function header(msg: ParsedMessage, name: string): string | null {
  return msg.headers.get(name.toLowerCase())?.[0] ?? null;
}

/**
 * postal-mime's message fields built from the fast path's headers, the way its buildMessage does:
 * the first From / Subject / Message-ID / … field decides (RFC 5322 §3.6), To / Cc / Reply-To fields add up,
 * RFC 2047 encoded words decoded by postal-mime's own decodeWords and addresses by its addressParser.
 */
function emailFromSimple(simple: SimpleMime): Email {
  const first = (key: string) => simple.headers.find((h) => h.key === key);
  const email: Email = {
    headers: simple.headers.map((h) => ({ key: h.key, originalKey: h.key, value: h.value })), headerLines: [],
    // a report's status and returned parts, as postal-mime's collectAttachment leaves them (own ArrayBuffer each)
    attachments: simple.attachments.map((a) => ({ filename: null, mimeType: a.mimeType, disposition: null, content: new Uint8Array(a.content).buffer })),
  };
  const from = first('from');
  if (from?.value) {
    const list = addressParser(from.value);
    if (list.length) email.from = list[0];
  }
  for (const [key, field] of [['to', 'to'], ['cc', 'cc'], ['reply-to', 'replyTo']] as const) {
    const list = simple.headers.filter((h) => h.key === key && h.value).flatMap((h) => addressParser(h.value));
    if (list.length) email[field] = list;
  }
  for (const [key, field] of [['subject', 'subject'], ['message-id', 'messageId'], ['in-reply-to', 'inReplyTo'], ['references', 'references']] as const) {
    const h = first(key);
    if (h?.value) email[field] = decodeWords(h.value);
  }
  const date = first('date');
  if (date) {
    const d = new Date(date.value);
    email.date = Number.isNaN(d.getTime()) ? date.value : d.toISOString();
  }
  if (simple.text) email.text = simple.text;
  if (simple.html) email.html = simple.html;
  return email;
}

/**
 * Lines of a message the full parser reads: postal-mime costs 3–8 µs per line (a 7bit part of 2 MB of short lines
 * took ~8 s), so a longer message is parsed on its first MAX_FULL_LINES lines (3.4 MB of base64: a 2.6 MB
 * attachment), the way screen() reads a huge message on its first 10 MB. The text parts come first; what is cut is
 * the end of large attachments, which mailgent neither stores nor scans beyond their first 512 KB.
 */
export const MAX_FULL_LINES = 45_000;

/** The offset just after the MAX_FULL_LINES-th line feed, or the whole length. */
function fullParseEnd(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) if (++lines === MAX_FULL_LINES) return i + 1;
  return bytes.length;
}

/** postal-mime's full parse: attachments, nested and report multiparts, any charset or encoding. */
function parseFull(bytes: Uint8Array): Promise<Email> {
  return PostalMime.parse(bytes.subarray(0, fullParseEnd(bytes)), { attachmentEncoding: 'arraybuffer' });
}

/** The fast path's reading, or null; a fast-path fault never decides the result: the full parser does. */
function trySimple(bytes: Uint8Array): Email | null {
  try {
    const simple = parseSimpleMime(bytes);
    return simple ? emailFromSimple(simple) : null;
  } catch {
    return null;
  }
}

export async function parseMessage(raw: Uint8Array | string): Promise<ParsedMessage> {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  return toParsedMessage(trySimple(bytes) ?? (await parseFull(bytes)), bytes);
}

/** The full parser alone (the fast path's reference in tests). */
export async function parseMessageFull(raw: Uint8Array | string): Promise<ParsedMessage> {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  return toParsedMessage(await parseFull(bytes), bytes);
}

/** The fast path alone, or null when the message's shape needs the full parser. */
export function parseMessageFast(raw: Uint8Array | string): ParsedMessage | null {
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  const simple = parseSimpleMime(bytes);
  return simple ? toParsedMessage(emailFromSimple(simple), bytes) : null;
}

function toParsedMessage(email: Email, bytes: Uint8Array): ParsedMessage {
  const headers = new Map<string, string[]>();
  for (const h of email.headers ?? []) {
    const k = h.key.toLowerCase();
    const arr = headers.get(k) ?? [];
    arr.push(h.value);
    headers.set(k, arr);
  }
  const date = email.date ? new Date(email.date) : null;
  return {
    messageId: messageIds(email.messageId)[0] ?? null,
    inReplyTo: messageIds(email.inReplyTo)[0] ?? null,
    references: messageIds(email.references),
    from: toAddresses(email.from)[0] ?? null,
    replyTo: toAddresses(email.replyTo),
    to: toAddresses(email.to),
    cc: toAddresses(email.cc),
    subject: email.subject ?? '',
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    received: receivedStamp(headers.get('received')?.[0]),
    text: email.text ?? '',
    html: email.html ?? null,
    headers,
    attachments: (email.attachments ?? []).map((a) => ({
      filename: a.filename ?? null,
      mimeType: a.mimeType ?? 'application/octet-stream',
      content: a.content instanceof ArrayBuffer ? new Uint8Array(a.content) : new TextEncoder().encode(String(a.content ?? '')),
      disposition: a.disposition ?? null,
    })),
    raw: bytes,
  };
}
