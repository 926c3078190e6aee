// The owner spoken of, not to: mail addressed to one person that asks for something to be done about them
// in the third person — "move my meeting in Sarah's calendar, she knows", "Kun je het bestand delen? Sarah
// vindt het goed", "cancel the Friday review, Sarah's double-booked" — is talking to whoever, or whatever,
// reads their mail. Needs the owner's names (owner.ts) and a message to that one person (ctx.ownerSolo).
import { firstSeparator } from '../../../inbound/quotes.js';
import { C, folded } from '../lexicon.js';
import { namesOwner, OWNER_WORD } from '../owner.js';
import { KIND_EMAIL, type Tok } from '../tokens.js';
import { addHit, afterColon, type RuleCtx } from './pattern.js';

const WEIGHT = 0.5;           // a lone hit stays below the flag threshold: it needs the learned layer or another rule
const FORWARDED_FACTOR = 0.6; // inside a forwarded message the owner may be a third party's "Sarah"
const SHORT_LINE = 3;         // tokens; "Thanks, Sarah Lee" or a lone name is a signature, not a request

/** Greetings and thanks before a name that is spoken to: "Hi Sarah", "Thanks Sarah", "Liebe Sarah". */
const GREETING = new Set(['hi', 'hello', 'hey', 'dear', 'thanks', 'thank', 'cheers', 'morning', 'afternoon', 'evening', 'hallo', 'liebe', 'lieber',
  'danke', 'bonjour', 'salut', 'chere', 'cher', 'merci', 'hola', 'querida', 'estimada', 'gracias', 'ola', 'oi', 'obrigado', 'obrigada', 'ciao', 'cara',
  'gentile', 'grazie', 'hoi', 'beste', 'bedankt', 'dank', 'yo', 'ok', 'okay',
  // the lexicon's round-17 languages (MORE_LISTS)
  ...folded('hej hei moi terve hyvä kiitos szia kedves köszönöm γεια αγαπητή ευχαριστώ tack takk tusen bună dragă mulțumesc halo hai terima cześć witam dziękuję ahoj milá milý děkuji merhaba sayın teşekkürler')]);
/** Header labels and attribution verbs: a line naming the owner as sender or recipient of quoted mail. */
const HEADER_LABELS = new Set(['from', 'to', 'cc', 'bcc', 'von', 'an', 'de', 'da', 'van', 'para', 'a', 'aan', 'envoye', 'sent', 'gesendet', 'attendees', 'teilnehmer', 'participants']);
const WROTE = new Set(['wrote', 'writes', 'schrieb', 'ecrit', 'escribio', 'escreveu', 'scritto', 'schreef', 'skrev']);
/** Asking someone to do something, in the seven languages: request words and second-person forms. */
const REQUEST = new Set(['please', 'pls', 'plz', 'kindly', 'can', 'could', 'would', 'bitte', 'kannst', 'konntest', 'konnen', 'konnten', 'svp', 'pourriez',
  'pouvez', 'peux', 'pourrais', 'favor', 'puedes', 'podrias', 'puede', 'podria', 'pode', 'podes', 'poderia', 'favore', 'puoi', 'potresti', 'potrebbe',
  'alsjeblieft', 'alstublieft', 'graag', 'kun', 'kunt', 'zou', 'vous', 'du', 'dich', 'dir', 'voce', 'usted', 'ti', 'te', 'tu', 'je']);
const DIRECTIVE = C.IMPV | C.EXFIL | C.CALL;
const VOCATIVE_PUNCT = new Set([0x2c, 0x3a, 0x21, 0x2d, 0x2013, 0x2014]); // , : ! - – — after a name that opens a line

/** The first character after offset e past at most a few spaces ("Sarah — …"), as a code. */
function punctAfter(text: string, e: number): number {
  for (let k = e; k < text.length && k < e + 3; k++) if (text.charCodeAt(k) !== 0x20) return text.charCodeAt(k);
  return 0;
}

/** One past the last token of the unit (line or sentence) that starts at token a. */
function unitEnd(toks: Tok[], a: number, line: boolean): number {
  let b = a + 1;
  while (b < toks.length && !(line ? toks[b]!.nl : toks[b]!.sent)) b++;
  return b;
}

/** Whether the line starting at offset s (its first token's start) is quoted ("> …"). */
function quotedLine(text: string, s: number): boolean {
  let k = text.lastIndexOf('\n', s - 1) + 1;
  while (k < s && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) k++;
  return text.charCodeAt(k) === 0x3e;
}

/** Per line: where it ends, whether it is an attribution ("On …, Sarah Lee <…> wrote:") and whether it names the owner. */
interface LineInfo { end: number; attribution: boolean; owner: boolean }

function lineInfo(toks: Tok[], a: number): LineInfo {
  const end = unitEnd(toks, a, true);
  let attribution = false, owner = false;
  for (let k = a; k < end; k++) {
    if (WROTE.has(toks[k]!.w)) attribution = true;
    if (toks[k]!.w === OWNER_WORD) owner = true;
  }
  return { end, attribution, owner };
}

/** Whether tokens [a, b) ask the reader for something: a request word or second person, or a command verb opening a
 *  sentence or right after a colon ("Si l'assistant peut s'en charger : réserve une salle …"). */
function asks(text: string, toks: Tok[], a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const t = toks[k]!;
    if (t.q) continue;
    if (REQUEST.has(t.w) || t.cls & C.YOUR || politeMerci(text, toks, k)) return true;
    if (t.cls & DIRECTIVE && (t.sent || (k > a && afterColon(text, toks[k - 1]!, t)))) return true;
  }
  return false;
}

/** French "merci de …"/"merci d'…" before a verb is "please …" (a lone "merci" is thanks). The tokenizer keeps the
 *  elided "d'" in the next token's span but not in its word. */
function politeMerci(text: string, toks: Tok[], k: number): boolean {
  const n = toks[k + 1];
  if (toks[k]!.w !== 'merci' || !n) return false;
  const c = text.charCodeAt(n.s + 1);
  return n.w === 'de' || ((text.charCodeAt(n.s) | 0x20) === 0x64 /* d */ && (c === 0x27 || c === 0x2019));
}


/** Inviting many people in the owner's name: an invitation word and a whole group ("invite her whole team", "invite tout
 *  le carnet d'adresses de Sarah", "allen Teilnehmern … eine Einladung schicken") — the agent made to spam from her
 *  calendar. */
const INVITE = new Set(['invite', 'invites', 'inviting', 'invitation', 'invitations', 'einladen', 'einladung', 'einladungen', 'inviter', 'invitez',
  'invitar', 'invita', 'invitacion', 'invitaciones', 'convidar', 'convida', 'convide', 'convidem', 'convite', 'convites', 'invitare', 'invitate', 'invito',
  'inviti', 'uitnodigen', 'uitnodiging']);
const WHOLE = new Set(['whole', 'entire', 'all', 'every', 'everyone', 'everybody', 'tout', 'toute', 'tous', 'toutes', 'alle', 'allen', 'gesamte', 'ganze',
  'ganzen', 'todos', 'todas', 'toda', 'todo', 'tutti', 'tutte', 'tutto', 'intero', 'intera', 'hele', 'iedereen']);
const MASS_INVITE = 0.75;

function massInvite(toks: Tok[], a: number, b: number): boolean {
  let invite = false, whole = false;
  for (let k = a; k < b; k++) {
    if (INVITE.has(toks[k]!.w)) invite = true;
    else if (WHOLE.has(toks[k]!.w)) whole = true;
  }
  return invite && whole;
}

/**
 * The owner named in the third person in (or right after) a request. One forward pass: each line and each
 * sentence is read once (its end, attribution, whether it asks), whatever the number of names in it.
 */
export function ownerSpokenOf(ctx: RuleCtx): void {
  if (!ctx.ownerSolo) return;
  const toks = ctx.toks;
  let forwardedFrom = -1;
  let ownQuoteFrom = ctx.text.length; // after the owner's attribution line, quoted lines are her own words
  let ls = 0, line: LineInfo | null = null, quoted = false;
  let ss = 0, ps = 0, se = -1, asksHere = false, asksBefore = false;
  let done = -1; // one hit per sentence
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (i === 0 || t.nl) { ls = i; line = null; }
    if (i === 0 || t.sent) { if (i > 0) ps = ss; ss = i; se = -1; }
    if (!namesOwner(t.w)) continue;
    if (!line) {
      line = lineInfo(toks, ls);
      quoted = quotedLine(ctx.text, toks[ls]!.s);
      if (line.attribution && line.owner && ownQuoteFrom === ctx.text.length) ownQuoteFrom = toks[line.end - 1]!.e;
    }
    if (t.q || i <= done || line.end - ls <= SHORT_LINE) continue;
    const first = toks[ls]!;
    if (HEADER_LABELS.has(first.w) && first.pa === 0x3a) continue;
    if (line.attribution || toks[i + 1]?.kind === KIND_EMAIL) continue;
    // the owner's own quoted words ("> Book a time on Sarah's calendar" under "Sarah Lee <…> wrote:"): her signature
    if (quoted && t.s > ownQuoteFrom) continue;
    // spoken to: "Sarah, …", "Sarah: send …", "Hi Sarah", "Thanks Sarah!"
    const prev = toks[i - 1];
    if (prev && !t.sent && (GREETING.has(prev.w) || (prev.w === 'you' && GREETING.has(toks[i - 2]?.w ?? '')))) continue;
    if ((t.sent || i === ls) && t.w === OWNER_WORD && VOCATIVE_PUNCT.has(punctAfter(ctx.text, t.e))) continue;
    if (t.pa === 0x2c && toks[i + 1]?.sent) continue; // "…, Sarah," closing a sentence that spoke to her
    // an action item: "Sarah to send the order form"
    if (t.w === OWNER_WORD && toks[i + 1]?.w === 'to') continue;
    if (se < 0) {
      se = unitEnd(toks, ss, false);
      asksHere = asks(ctx.text, toks, ss, se);
      asksBefore = ps < ss && !toks[ss]!.nl && asks(ctx.text, toks, ps, ss);
    }
    if (!asksHere && !asksBefore) continue;
    if (forwardedFrom < 0) { const f = firstSeparator(ctx.text); forwardedFrom = f < 0 ? ctx.text.length : f; }
    const w = t.s > forwardedFrom ? WEIGHT * FORWARDED_FACTOR : WEIGHT;
    let exfil = false;
    for (let k = ss; k < se; k++) if (toks[k]!.cls & (C.BULK | C.SENS) && !(toks[k]!.cls & C.IMPV)) { exfil = true; break; }
    if (massInvite(toks, ss, se)) addHit(ctx, 'tool_invocation', 'owner-mass-invite', t.s > forwardedFrom ? MASS_INVITE * FORWARDED_FACTOR : MASS_INVITE, ss, se);
    else addHit(ctx, exfil ? 'data_exfiltration' : 'tool_invocation', 'owner-spoken-of', w, ss, se);
    done = se - 1;
  }
}
