// The mailbox owner as the scanner sees them: their names (from the message's To, or given) become one
// placeholder word, so rules and the learned layer read "<owner>'s calendar", "<owner> approved it" for any
// owner — not for the name the training data happened to use. Mail to Sarah that talks about Sarah in the
// third person ("move my meeting in Sarah's calendar, she knows") is talking to whoever reads her mail.
import type { Address } from '../../inbound/parse.js';
import { KIND_WORD, tokenize, wordId, type Tok } from './tokens.js';

export const OWNER_WORD = '<owner>';
/** The owner's name with a possessive s folded on: "Sarah's", "Sarahs" (the tokenizer drops the apostrophe). */
export const OWNER_POSSESSIVE = '<owner>s';
/** A token word that names the owner: "Sarah", "Sarah's". */
export const namesOwner = (w: string): boolean => w === OWNER_WORD || w === OWNER_POSSESSIVE;
/** Index of the first token naming the owner, or -1. */
export const firstOwner = (toks: readonly Tok[]): number => toks.findIndex((t) => namesOwner(t.w));

const MIN_NAME = 3; // letters; shorter parts ("Li", initials) are too often ordinary words
const MAX_WORDS = 8; // owner words kept: every token is compared with each (a To of thousands stays cheap)
/** Display-name and local-part words that name a role or a team, not a person. */
const GENERIC = new Set([
  'info', 'sales', 'hello', 'hi', 'contact', 'support', 'team', 'admin', 'office', 'billing', 'noreply', 'reply', 'mail',
  'inbox', 'ops', 'jobs', 'careers', 'press', 'marketing', 'accounts', 'account', 'finance', 'help', 'service', 'desk',
  'the', 'and', 'von', 'van', 'der', 'den', 'del', 'della', 'dos', 'das', 'les', 'mr', 'mrs', 'ms', 'dr', 'prof',
]);

/** The words of a name that can stand for its owner: alphabetic, long enough, not a lexicon word ("Will", "Mark"),
 *  and in a display name capitalised ("Sarah from Acme" is Sarah and Acme, not "from"). */
function nameWords(name: string, out: Set<string>, capitalised: boolean): void {
  for (const t of tokenize(name)) {
    if (t.kind !== KIND_WORD || t.cls !== 0 || t.w.length < MIN_NAME || GENERIC.has(t.w) || !/^\p{L}+$/u.test(t.w)) continue;
    if (capitalised && !/^\p{Lu}/u.test(name.slice(t.s))) continue;
    if (out.size < MAX_WORDS) out.add(t.w);
  }
}

/** Owner words from given names (an agent's display name) and the recipients a message is addressed to. */
export function ownerWords(names: readonly string[], to: readonly Address[] = []): Set<string> {
  const out = new Set<string>();
  for (const n of names) nameWords(n, out, true);
  for (const a of to) {
    if (out.size >= MAX_WORDS) break;
    if (a.name.trim()) nameWords(a.name, out, true);
    else nameWords(a.address.split('@')[0]!.replace(/[._+-]+/g, ' '), out, false);
  }
  return out;
}

/** What markOwner compares tokens with, for the owner words of the message being scanned (all its parts share them,
 *  so the last set's are kept, by its words). */
interface OwnerKeys { key: string; names: string[]; first: number[]; ids: number[] }
let lastKeys: OwnerKeys = { key: '', names: [], first: [], ids: [] };

function ownerKeys(owner: ReadonlySet<string>): OwnerKeys {
  const names = [...owner];
  const key = names.join('\n');
  if (key !== lastKeys.key) {
    // per name, the ids of the name and of its possessive; 0 (the id table is full) never equals a token's id
    lastKeys = { key, names, first: names.map((n) => n.charCodeAt(0)), ids: names.flatMap((n) => [wordId(n), wordId(`${n}s`)]) };
  }
  return lastKeys;
}

/** Tokens with the owner's words replaced by the placeholders (a new array when anything changed). Compared by word
 *  id (an integer per token), or by length and characters for a token without one: this runs over every token of
 *  every part. */
export function markOwner(toks: Tok[], owner: ReadonlySet<string>): Tok[] {
  if (owner.size === 0) return toks;
  const { names, first, ids } = ownerKeys(owner);
  let out: Tok[] | null = null;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== KIND_WORD) continue;
    let w: string | null = null;
    if (t.id !== 0) {
      for (let k = 0; k < ids.length; k++) if (ids[k] === t.id) { w = k & 1 ? OWNER_POSSESSIVE : OWNER_WORD; break; }
    } else {
      const c = t.w.charCodeAt(0);
      for (let k = 0; k < names.length; k++) {
        const n = names[k]!;
        if (first[k] !== c) continue;
        if (t.w === n) { w = OWNER_WORD; break; }
        if (t.w.length === n.length + 1 && t.w.charCodeAt(n.length) === 0x73 /* s */ && t.w.startsWith(n)) { w = OWNER_POSSESSIVE; break; }
      }
    }
    if (w === null) continue;
    out ??= toks.slice();
    out[i] = { ...t, w, id: wordId(w) };
  }
  return out ?? toks;
}
