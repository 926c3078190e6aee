// AI readers described rather than greeted: "whoever is triaging this mailbox", "the software that sorts
// Sarah's mail", "any automatic responder parsing this text", "reviewer bot,", "l'intelligence artificielle
// qui lit ce courriel". Each found phrase is a weak override signal and marks where addressed imperatives start.
import { C } from '../lexicon.js';
import type { Tok } from '../tokens.js';
import { addHit, anchoredAt, anchors, mayFire, type RuleCtx } from './pattern.js';

/** Nouns for a machine reader (an AI word, or a generic machine noun that a reading frame makes an AI). */
const MACHINE = new Set(['software', 'program', 'programme', 'engine', 'system', 'systems', 'service', 'automation', 'script', 'pipeline',
  'parser', 'reader', 'responder', 'autoresponder', 'summarizer', 'summariser', 'classifier', 'triager', 'filter', 'bot', 'bots', 'copilot',
  'assistant', 'assistants', 'agent', 'agents', 'model', 'models', 'ai', 'llm', 'tool', 'tools', 'automaton', 'machine',
  'systeme', 'sistema', 'logiciel', 'asistente', 'assistente', 'assistent', 'ki', 'ia', 'intelligence', 'inteligencia', 'intelligenz', 'modell', 'modelo', 'modele',
  'outil', 'herramienta', 'ferramenta', 'strumento', 'werkzeug', 'samenvatter', 'zusammenfasser', 'resumidor', 'riassuntore',
  'assistenten', 'asystent', 'asystenta', 'asistent', 'asistenta', 'asistan', 'asistani']);
/** Modifiers that make a machine noun an AI reader even without a reading frame. */
const AI_MOD = new Set(['automatic', 'automated', 'automatische', 'automatisches', 'automatischen', 'automatique', 'automatico', 'automatica', 'automatisch',
  'artificial', 'artificielle', 'kunstliche', 'language', 'summarisation', 'summarization', 'triage', 'reviewer', 'mail', 'email', 'inbox', 'ai', 'llm', 'gpt']);
/** Words that pick out "whoever/whatever/anything/any" as a reader. */
const WHO = new Set(['whoever', 'whatever', 'whichever', 'anyone', 'anything', 'any', 'every', 'each', 'all']);
const READS = new Set(['reads', 'read', 'reading', 'parses', 'parse', 'parsing', 'processes', 'process', 'processing', 'handles', 'handling',
  'summarises', 'summarizes', 'summarising', 'summarizing', 'sorts', 'sorting', 'triages', 'triaging', 'screens', 'screening', 'scans', 'scanning',
  'ingests', 'ingesting', 'reviews', 'reviewing', 'receives', 'receiving', 'manages', 'managing', 'answers', 'answering', 'analyses', 'analyzes',
  'analysing', 'analyzing', 'monitors', 'monitoring', 'sees', 'lit', 'lee', 'liest', 'leest', 'legge', 'traite', 'verarbeitet',
  'trie', 'resume', 'gere', 'procesa', 'gestiona', 'clasifica', 'processa', 'gestisce', 'elabora', 'classifica', 'riassume', 'verwerkt', 'sorteert', 'beheert',
  'bearbeitet', 'sortiert', 'zusammenfasst', 'triagiert']);
const TEXT_OBJ = new Set(['mail', 'mails', 'email', 'emails', 'message', 'messages', 'thread', 'threads', 'inbox', 'mailbox', 'text', 'conversation',
  'correspondence', 'note', 'letter', 'courriel', 'correo', 'nachricht', 'postfach', 'bericht', 'messaggio', 'mensagem', 'mensaje', 'reply', 'replies',
  'boite', 'bandeja', 'caixa', 'casella', 'posteingang', 'postvak', 'mails', 'correos', 'courriels', 'nachrichten', 'berichten', 'mensagens', 'mensajes', 'messaggi', 'antworten', 'reponses', 'respuestas', 'risposte', 'respostas']);
const JOINERS = new Set(['that', 'which', 'who', 'is', 'are', 'currently', 'now', 'qui', 'que', 'der', 'die', 'das', 'dat', 'che', 'artificielle', 'artificial', 'automatique', 'automatico']);
const READ_WINDOW = 4; // tokens from the machine noun to the reading verb
const OBJ_WINDOW = 4;  // tokens from the reading verb to the text it reads
const VOC_PUNCT = new Set([0x3a, 0x2c, 0x21]); // : , !

function readFrame(toks: Tok[], end: number): number {
  let k = end;
  while (k < toks.length && k < end + READ_WINDOW && JOINERS.has(toks[k]!.w)) k++;
  if (k >= toks.length || !READS.has(toks[k]!.w)) return -1;
  for (let o = k + 1; o < toks.length && o <= k + OBJ_WINDOW; o++) if (TEXT_OBJ.has(toks[o]!.w)) return o + 1;
  return -1;
}

/** Adds a hit per described AI reader and records where the text addressed to it starts. */
export function describedReaders(ctx: RuleCtx): void {
  if (!mayFire(ctx, READER_ANCHORS)) return;
  const toks = ctx.toks;
  for (let k = 0; k < toks.length; k++) {
    if (!anchoredAt(ctx, READER_ANCHORS, k)) continue;
    const t = toks[k]!;
    // "whoever (or whatever) is triaging this mailbox"
    if (WHO.has(t.w) && (t.w !== 'any' && t.w !== 'every' && t.w !== 'each' && t.w !== 'all')) {
      let v = k + 1;
      while (v < toks.length && v < k + 4 && (toks[v]!.w === 'or' || WHO.has(toks[v]!.w) || JOINERS.has(toks[v]!.w))) v++;
      const end = readFrame(toks, v);
      if (end > 0) { addHit(ctx, 'system_prompt_override', 'reader-described', 0.55, k, end); ctx.addressedAt.push(end); k = end - 1; continue; }
    }
    if (!MACHINE.has(t.w)) continue;
    const mod = k > 0 && AI_MOD.has(toks[k - 1]!.w);
    const aiNoun = t.w === 'ai' || t.w === 'llm' || t.w === 'bot' || t.w === 'bots' || t.w === 'copilot' || t.w === 'ki' || t.w === 'ia';
    const start = mod ? k - 1 : k;
    const read = readFrame(toks, k + 1);
    if (read > 0 && (describedOnly(toks, read) || possessed(toks, start))) { addHit(ctx, 'system_prompt_override', 'reader-described', DESCRIBED_WEIGHT, start, read); k = read - 1; continue; }
    if (read > 0) {
      addHit(ctx, 'system_prompt_override', 'reader-described', mod || aiNoun ? 0.6 : 0.5, start, read);
      ctx.addressedAt.push(read);
      k = read - 1;
      continue;
    }
    // a named AI reader spoken to: "Reviewer bot, …", "To the summarisation engine: …", "Asistente, …"
    if (!(mod || aiNoun || FOREIGN_ASSISTANT.has(t.w))) continue;
    const head = toks[start]!;
    const prev = start > 0 ? toks[start - 1]!.w : '';
    const prev2 = start > 1 ? toks[start - 2]!.w : '';
    const opensClause = head.sent || ((prev === 'the' || prev === 'an' || prev === 'das' || prev === 'le' || prev === 'la' || prev === 'el') && (prev2 === 'to' || prev2 === 'for' || prev2 === 'an' || prev2 === 'pour' || prev2 === 'para') );
    if (opensClause && VOC_PUNCT.has(t.pa)) {
      addHit(ctx, 'system_prompt_override', 'reader-vocative', 0.5, Math.max(0, start - 2), k + 1);
      ctx.addressedAt.push(k + 1);
    }
  }
}
/** "Assistant" in Spanish, Italian, Dutch, Polish, Czech, Turkish and Swedish (vocative and object forms): a reader when spoken to. */
export const FOREIGN_ASSISTANT: ReadonlySet<string> = new Set(['asistente', 'assistente', 'assistent', 'assistenten', 'asystent', 'asystencie', 'asystenta', 'asistent', 'asistenta', 'asistan', 'asistani', 'asistanina']);
/** Verbs that make the reader phrase the subject of a statement: "any tool that reads customer email needs a DPA". */
const PREDICATE = new Set(['needs', 'need', 'requires', 'require', 'is', 'are', 'was', 'were', 'has', 'have', 'gets', 'stores', 'keeps', 'does', 'doesnt', 'cannot', 'cant', 'wont',
  'must', 'should', 'shall', 'will', 'would', 'can', 'may', 'might', 'could']);
const MODAL_NOT = new Set(['not', 'never', 'no', 'only', 'be', 'have', 'get']);
const DESCRIBED_WEIGHT = 0.2; // a reader described in a statement about it, not spoken to

/** The reader phrase ending at `end` is the subject of a statement, not an addressee: a predicate follows, and no
 *  affirmative order to it ("… must forward …" stays an order). */
function describedOnly(toks: Tok[], end: number): boolean {
  const p = toks[end];
  if (!p || p.sent || !PREDICATE.has(p.w)) return false;
  const n = toks[end + 1];
  return !n || MODAL_NOT.has(n.w) || !(n.cls & (C.IMPV | C.EXFIL | C.IGNORE));
}
/** Verbs that make the reader phrase what someone has or uses: "your product has an AI assistant that reads incoming email". */
const HAVE = new Set(['has', 'have', 'had', 'uses', 'use', 'using', 'used', 'offers', 'offer', 'built', 'build', 'deploy', 'deployed', 'deploys', 'runs', 'includes', 'include', 'with']);
const DET = new Set(['a', 'an', 'the', 'your', 'our', 'their', 'its', 'his', 'her', 'any']);

/** The reader phrase starting at `start` is the object of "has/uses/with (a)": a product feature spoken of, not an addressee. */
function possessed(toks: Tok[], start: number): boolean {
  if (ownedBySender(toks, start)) return true;
  if (toks[start]!.sent) return false;
  const p1 = toks[start - 1], p2 = toks[start - 2];
  if (!p1) return false;
  if (HAVE.has(p1.w)) return true;
  return DET.has(p1.w) && !p1.sent && !!p2 && HAVE.has(p2.w);
}
/** First-person possessives: "our AI assistant", "my AI", "unser KI-Tool", "notre IA", "nuestro bot". */
const OWN = new Set(['our', 'my', 'unser', 'unsere', 'unserem', 'unseren', 'mein', 'meine', 'notre', 'nos', 'mon', 'ma', 'nuestro', 'nuestra', 'mi',
  'nosso', 'nossa', 'meu', 'minha', 'nostro', 'nostra', 'mio', 'mia', 'onze', 'ons', 'mijn']);

/** Words that address what follows: "To our AI assistant that reads this inbox: …", "Dear our AI, …". */
const ADDRESS_LEAD = new Set(['to', 'for', 'dear', 'hey', 'hi', 'hello', 'attention', 'attn', 'an', 'aan', 'a', 'para', 'per', 'pour']);

/** The AI phrase starting at `start` is the sender's own ("Our AI assistant summarises…", "our in-house LLM reads…"):
 *  described, not the reader spoken to — unless the possessive is itself addressed ("To our AI assistant: …"). */
export function ownedBySender(toks: Tok[], start: number): boolean {
  // the possessive right before, or before one or two modifiers ("our own", "our in-house", "my new")
  for (let j = start - 1; j >= 0 && j >= start - 3; j--) {
    const t = toks[j]!;
    if (t.pa !== 0 || (j < start - 1 && toks[j + 1]!.sent)) return false;
    if (OWN.has(t.w)) return t.sent || !ADDRESS_LEAD.has(toks[j - 1]?.w ?? '');
  }
  return false;
}
const READER_ANCHORS = anchors('reader-described', 0, [...WHO, ...MACHINE]); // the two words a described reader starts on
