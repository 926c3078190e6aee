// HTML-only mail as the text its reader sees, in linear time, for kind detection and reply extraction:
// the visible text of the injection scanner's one-pass renderer (hidden text, comments, head/style/script
// dropped), optionally cut where quoted history starts, with Gmail's signature marked by "-- ".
import { htmlToText as renderHtml } from '../screening/injection/html.js';

/** HTML beyond this is not read (characters): the new text sits at the top, and it caps the work per message. */
export const MAX_HTML_CHARS = 100_000;
/** RFC 3676 §4.3 signature delimiter line, put where Gmail's signature container starts. */
const SIGNATURE_MARK = '\n-- \n';
/** Elements whose content is never rendered (as in the renderer); a quote marker inside them is no marker. */
const SKIP_CONTENT = new Map(['script', 'style', 'head', 'title', 'noscript', 'template', 'svg'].map((n) => [n, new RegExp(`</${n}`, 'gi')]));
const TAG_NAME_RE = /^<([a-zA-Z][a-zA-Z0-9]*)/;
const CLASS_RE = /\sclass\s*=\s*(?:"([^"]*)|'([^']*)|([^\s>]*))/i;
const ID_RE = /\sid\s*=\s*(?:"([^"]*)|'([^']*)|([^\s>]*))/i;
/** Containers of quoted history: Gmail, Thunderbird, Yahoo, Outlook (class); Outlook reply headers (id). */
const QUOTE_CLASS_RE = /\b(?:gmail_quote|moz-cite-prefix|yahoo_quoted|OutlookMessageHeader)\b/i;
const QUOTE_ID_RE = /^(?:divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)\b/i;
const SIGNATURE_CLASS_RE = /\bgmail_signature\b/i;

function attrValue(tag: string, re: RegExp): string | null {
  const m = re.exec(tag);
  return m ? m[1] ?? m[2] ?? m[3] ?? '' : null;
}

/**
 * One pass over the tags: where quoted history starts (a blockquote, or a div/hr marked as a quote
 * container), else html.length; and where Gmail's signature div starts, else -1. Each tag ends at the
 * next '>'; without one the rest is text and the pass stops.
 */
function quoteMarks(html: string): { cut: number; signature: number } {
  let signature = -1;
  let i = html.indexOf('<');
  while (i >= 0) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) break;
      i = html.indexOf('<', end + 3);
      continue;
    }
    const end = html.indexOf('>', i + 1);
    if (end < 0) break;
    const tag = html.slice(i, end + 1);
    const name = TAG_NAME_RE.exec(tag)?.[1]?.toLowerCase();
    let next = end + 1;
    if (name === 'blockquote') return { cut: i, signature };
    if (name === 'div' || name === 'hr') {
      const cls = attrValue(tag, CLASS_RE);
      const id = attrValue(tag, ID_RE);
      if (name === 'hr' ? id !== null && /^stopSpelling/i.test(id) : (cls !== null && QUOTE_CLASS_RE.test(cls)) || (id !== null && QUOTE_ID_RE.test(id))) return { cut: i, signature };
      if (name === 'div' && signature < 0 && cls !== null && SIGNATURE_CLASS_RE.test(cls)) signature = i;
    } else if (name && !tag.endsWith('/>')) {
      const close = SKIP_CONTENT.get(name);
      if (close) {
        close.lastIndex = next;
        if (!close.exec(html)) break;
        next = close.lastIndex;
      }
    }
    i = html.indexOf('<', next);
  }
  return { cut: html.length, signature };
}

function tidy(text: string): string {
  return text.replace(/\u00a0/g, ' ').replace(/\n{3,}/g, '\n\n');
}

/** The visible text of an HTML body (its first MAX_HTML_CHARS characters). */
export function visibleText(html: string): string {
  return tidy(renderHtml(html.slice(0, MAX_HTML_CHARS)).visible);
}

/**
 * All the text of an HTML body, visible and hidden (display:none, white-on-white, comments …), whole: what a
 * check for secrets or copied text must see, since a reader's software may show or forward either.
 */
export function allText(html: string): string {
  const r = renderHtml(html);
  return [r.visible, ...r.hidden.map((h) => h.text)].join('\n');
}

/** The visible text of an HTML reply above its quoted history, a "-- " line where Gmail's signature starts. */
export function replyHtmlText(html: string): string {
  const h = html.slice(0, MAX_HTML_CHARS);
  const { cut, signature } = quoteMarks(h);
  const top = signature >= 0 ? h.slice(0, signature) + SIGNATURE_MARK + h.slice(signature, cut) : h.slice(0, cut);
  return tidy(renderHtml(top).visible);
}
