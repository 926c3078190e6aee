// Boundary manipulation: fake chat-template tokens and role blocks, fake end-of-email / begin-of-
// instructions markers, "System:" role labels at line starts and "### System" headings.
import { C } from '../lexicon.js';
import { isSpace } from '../../normalize.js';
import { WordFact } from '../tokens.js';
import { addHit, compile, pastedChatBefore, PatternSet, type RuleCtx } from './pattern.js';
import { scanMarkers, type Marker } from './markers.js';

const TEMPLATE_MARKERS: Marker[] = [
  ['<|im_start|>', 0.8], ['<|im_end|>', 0.8], ['<|system|>', 0.8], ['<|user|>', 0.7], ['<|assistant|>', 0.75],
  ['<|endoftext|>', 0.8], ['<|eot_id|>', 0.8], ['<|start_header_id|>', 0.8], ['<|begin_of_text|>', 0.8],
  ['<|end|>', 0.6], ['<|im_sep|>', 0.7], ['[inst]', 0.7], ['[/inst]', 0.7], ['<<sys>>', 0.8], ['<</sys>>', 0.8],
  ['<start_of_turn>', 0.75], ['<end_of_turn>', 0.75], ['</email>', 0.6], ['</message>', 0.5], ['</context>', 0.6],
  ['</document>', 0.5], ['</user_input>', 0.7], ['<user_input>', 0.5], ['</untrusted', 0.7], ['</data>', 0.4],
  ['</instructions>', 0.6], ['<instructions>', 0.6], ['<system>', 0.7], ['</system>', 0.7], ['<system_prompt>', 0.75],
  ['</system_prompt>', 0.75], ['<admin>', 0.5], ['[system]', 0.6], ['[system message]', 0.7], ['[system note]', 0.6],
  ['[admin]', 0.45], ['[developer]', 0.5], ['[assistant]', 0.5], ['"role": "system"', 0.7], ['"role":"system"', 0.7],
  ["'role': 'system'", 0.7], ['"role": "developer"', 0.7], ['"role":"developer"', 0.7], ['"role": "assistant"', 0.45], ['"role":"assistant"', 0.45], ['"role": "user"', 0.4], ['"role":"user"', 0.4],
  // a tool's output written into the mail, as an agent framework wraps it: <tool_result name="inbox.search">, <search_results …>
  ['<tool_result', 0.7], ['</tool_result', 0.7], ['<function_result', 0.7], ['</function_result', 0.7], ['<search_results', 0.5], ['</search_results', 0.5],
];

const ROLE_LABELS: Record<string, number> = { system: 0.45, developer: 0.4, admin: 0.3, assistant: 0.35, ai: 0.3, user: 0.2, human: 0.25 };
const HEADING_WORD_LIST = ['system', 'new instructions', 'instructions', 'instruction', 'admin', 'developer', 'prompt', 'assistant', 'response'];
const HEADING_WORDS = new RegExp(`^[#=*\\-[\\s>]{2,}(${HEADING_WORD_LIST.join('|')})\\b`);
const HEADING_SPAN = 40; // chars from a line start in which a heading is read
/** The first two letters of the heading words: after its run of marks, a heading must go on with one of them. */
const HEADING_STARTS = new Set(HEADING_WORD_LIST.map((w) => w.slice(0, 2)));
const isHeadingMark = (c: number) => c === 0x23 || c === 0x3d || c === 0x2a || c === 0x2d || c === 0x5b || c === 0x3e || isSpace(c);

const PASTED = 0.5; // role labels in a chat the sender says they pasted weigh this share

/** Lines that open a fake turn: "System: …", "### Instruction", "=== SYSTEM ===". */
function lineStarts(ctx: RuleCtx): void {
  let ai = -1, human = -1;
  const first = ctx.hits.length;
  for (let k = 0; k < ctx.toks.length; k++) {
    const t = ctx.toks[k]!;
    if (t.pa !== 0x3a || !(t.nl || ctx.toks[k - 1]?.w === 'ps')) continue;
    const w = ROLE_LABELS[t.w];
    if (w === undefined) continue;
    ctx.hits.push({ cat: 'boundary_manipulation', rule: 'role-label', w, s: t.s, e: t.e + 1 });
    if (t.w === 'assistant' || t.w === 'ai') ai = t.s; else if (t.w === 'user' || t.w === 'human') human = t.s;
  }
  // A chat the sender presents as pasted ("the customer forwarded their chat with our bot: user: … assistant: …") is
  // quoted data: its labels count half and do not open an instruction (marker-then-instruction reads weights ≥ 0.4).
  // Not when it stops at an empty "Assistant:": that hands the reader the next turn to write.
  const at = ctx.hits.length > first ? ctx.hits[first]!.s : -1;
  const last = ctx.hits[ctx.hits.length - 1];
  const handsTurn = last !== undefined && ai === last.s && ctx.text.slice(last.e).trim() === '';
  const pasted = at >= 0 && !handsTurn && pastedChatBefore(ctx, at);
  if (pasted) for (let i = first; i < ctx.hits.length; i++) ctx.hits[i]!.w *= PASTED;
  // "Assistant: … / User: …" — a fake chat transcript
  if (ai >= 0 && human >= 0) ctx.hits.push({ cat: 'boundary_manipulation', rule: 'fake-transcript', w: pasted ? 0.7 * PASTED : 0.7, s: Math.min(ai, human), e: Math.max(ai, human) + 5 });
  const lower = ctx.lower;
  for (let p = 0, n = 0; p < lower.length && n < 1000; n++) {
    const c = lower.charCodeAt(p);
    if (c === 0x23 || c === 0x3d || c === 0x2a || c === 0x2d || c === 0x5b || c === 0x3e) {
      // the regular expression only where it can match: ≥ 2 marks, then a heading word's first letters ("> Acme" is a quote)
      let r = p + 1;
      while (r < lower.length && r < p + HEADING_SPAN && isHeadingMark(lower.charCodeAt(r))) r++;
      const m = r - p >= 2 && HEADING_STARTS.has(lower.slice(r, r + 2)) ? HEADING_WORDS.exec(lower.slice(p, p + HEADING_SPAN)) : null;
      if (m) ctx.hits.push({ cat: 'boundary_manipulation', rule: 'fake-heading', w: 0.55, s: p, e: p + m[0].length });
    }
    const nl = lower.indexOf('\n', p);
    if (nl < 0) break;
    p = nl + 1;
  }
}

const PATTERNS = new PatternSet([
  compile('boundary_manipulation', 'end-of-input', 0.5, 'end of the? email|message|document|context|input|data|conversation|transcript|prompt|content|text'),
  compile('boundary_manipulation', 'end-of-input', 0.5, 'end of user|untrusted|external input|content|data|text'),
  compile('boundary_manipulation', 'begin-instructions', 0.55, 'begin|start|beginning|start of new|the|real|actual? system|admin|developer? @INSTR|prompt|message'),
  compile('boundary_manipulation', 'system-block', 0.45, 'system|admin|developer message|note|instruction|instructions|directive|command'),
  compile('boundary_manipulation', 'ignore-above-marker', 0.4, 'everything|text above|before this line|point is|was'),
  // a tool's output in prose: "Function get_owner_instructions returned: …"
  compile('boundary_manipulation', 'fake-result', 0.45, 'function|tool * returned'),
]);

const FOLLOW_CHARS = 300;  // chars after a boundary marker in which an instruction makes it an attack
const CLAUSE_PUNCT = new Set([0x3a, 0x3b]); // ':' ';'
const POLITE = new Set(['please', 'kindly', 'now', 'then', 'bitte', 'merci', 'por']);

/** A clause-initial imperative ("reply …", "forward …") within FOLLOW_CHARS after offset, or -1. */
function imperativeAfter(ctx: RuleCtx, from: number): number {
  const toks = ctx.toks;
  let lo = 0, hi = toks.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (toks[mid]!.s < from) lo = mid + 1; else hi = mid; }
  for (let k = lo; k < toks.length && toks[k]!.s < from + FOLLOW_CHARS; k++) {
    const t = toks[k]!;
    if (!(t.cls & (C.IMPV | C.EXFIL | C.IGNORE))) continue;
    const before = ctx.text.charCodeAt(t.s - 1);
    const politeLead = k > 0 && toks[k - 1]!.sent && POLITE.has(toks[k - 1]!.w); // "Please reply …"
    if (t.sent || politeLead || (k > 0 && CLAUSE_PUNCT.has(toks[k - 1]!.pa)) || before === 0x3e || before === 0x5d) return k;
  }
  return -1;
}

const TAG_MAX = 40;         // chars of a tag name read after '<', '<<', '<|' or '['
const TAG_SCAN_MAX = 2000; // tag openers examined per part (linear, bounded)
const AUTHORITY_TAG = /(system|operator|assistant|admin|developer|instruction|directive|prompt|platform|trusted|agent|policy|config|override|tool|systeem|sistema|systeme|yonetici|beheerder|amministra|istruzion|instruccion|anweisung|talimat)/;
const CONTENT_TAG = /(inbound|customer|untrusted|user|email|mail|message|body|content|input|reply|quoted|messaggio|mensagem|mensaje|bericht|nachricht|mesaj|wiadomo|zprav|courriel|correo)/;
// "end" in the languages of CONTENT_TAG's words ("ende", "einde" contain it): [FINE DEL MESSAGGIO], [[MESAJ SONU]]
const END_TAG = /end|ends|stop|\bfine\b|\bfin\b|\bfim\b|\bsonu\b|\bkoniec\b|\bkonec\b/;

/** Invented delimiters, not only the known ones: "<operator_note>", "</customer_reply>", "<<OPERATOR>>", "<|start|>",
 *  "[TRUSTED CONTEXT]". A closing content tag or an opening authority tag is a boundary claim. */
function inventedTags(ctx: RuleCtx): void {
  const t = ctx.lower;
  let n = 0;
  let lt = t.indexOf('<'), sq = t.indexOf('[');
  while ((lt >= 0 || sq >= 0) && n++ < TAG_SCAN_MAX) {
    const p: number = lt < 0 ? sq : sq < 0 ? lt : Math.min(lt, sq);
    const c = t.charCodeAt(p);
    let a = p + 1;
    while (a < t.length && a - p < 4 && (t[a] === '<' || t[a] === '|' || t[a] === '/' || t[a] === '[')) a++;
    let b = a;
    while (b < t.length && b - a < TAG_MAX && isTagChar(t.charCodeAt(b))) b++;
    const next = Math.max(b, p + 1);
    if (c === 0x3c) lt = t.indexOf('<', next); else sq = t.indexOf('[', next);
    if (lt >= 0 && lt < next) lt = t.indexOf('<', next);
    if (sq >= 0 && sq < next) sq = t.indexOf('[', next);
    const close = t[b];
    if (b === a || (close !== '>' && close !== '|' && close !== ']')) continue;
    const name = t.slice(a, b);
    if (c === 0x5b && name.indexOf(' ') < 0 && !/[_-]/.test(name) && t[b - 1] !== ' ' && name.length < 4) continue;
    const closing = t.slice(p, a).includes('/');
    const chat = t.slice(p, a).includes('|') || close === '|';
    let w = 0;
    if (AUTHORITY_TAG.test(name)) w = closing ? 0.45 : 0.55;
    else if (CONTENT_TAG.test(name) && (closing || END_TAG.test(name))) w = 0.5;
    else if (chat && name.length <= 20) w = 0.55;
    if (c === 0x5b && name.indexOf(' ') >= 0 && !/(end|trusted|system|operator|admin|assistant|instruction|platform|context|\bfine\b|\bfin\b|\bfim\b|\bsonu\b|\bkoniec\b|\bkonec\b)/.test(name)) w = 0;
    if (w) ctx.hits.push({ cat: 'boundary_manipulation', rule: 'invented-tag', w, s: p, e: b + 1 });
  }
}
const isTagChar = (c: number) => (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d || c === 0x20; // a-z _ - space

const DELIM_CHARS = new Set([0x3d, 0x2d, 0x2a, 0x23, 0x40, 0x7e, 0x5f, 0x3c, 0x3e, 0x5b, 0x5d]); // = - * # @ ~ _ < > [ ]
const END_WORDS = /\b(end|ends|ended|ending|begin|begins|start|starts|stop|close|closing|ende|fin|fim|einde|fine|sonu|koniec|konec)\b/;
const CONTENT_WORDS = /\b(email|e-mail|mail|message|body|content|text|input|customer|user|inbound|quoted|untrusted|data|document|reply|nachricht|courriel|correo|mensaje|messaggio|mensagem|bericht|mesaj|wiadomosci|zpravy|contenido|conteudo|contenuto|contenu|inhalt|inhoud|usuario|utilizador|utente|utilisateur|benutzer|gebruiker|cliente|client|klant|kunde|kunden)\b/;
const LINE_MAX = 120; // chars: a delimiter line is short

/** A delimiter line of any shape that says where content ends or instructions begin: "---- message body ends ----",
 *  "========== quoted text ends ==========", "@@@ end user content @@@", "--- Ende der E-Mail ---". */
function delimiterLines(ctx: RuleCtx): void {
  const t = ctx.lower;
  for (let p = 0, n = 0; p < t.length && n < 5000; n++) {
    let nl = t.indexOf('\n', p);
    if (nl < 0) nl = t.length;
    let a = p;
    while (a < nl && (t[a] === ' ' || t[a] === '>')) a++;
    let z = nl; // the line's end, white space trimmed: a delimiter may close the line only (">>> Einde van het bericht <<<" once ">" is read as quoting)
    while (z > a && (t[z - 1] === ' ' || t[z - 1] === '\r')) z--;
    const fenced = (DELIM_CHARS.has(t.charCodeAt(a)) && DELIM_CHARS.has(t.charCodeAt(a + 1))) || (z - a >= 2 && DELIM_CHARS.has(t.charCodeAt(z - 1)) && DELIM_CHARS.has(t.charCodeAt(z - 2)));
    if (nl - a <= LINE_MAX && a + 2 < nl && fenced) {
      const line = t.slice(a, nl);
      if (END_WORDS.test(line) && CONTENT_WORDS.test(line) && !line.includes('forwarded') && !line.includes('original message')) {
        ctx.hits.push({ cat: 'boundary_manipulation', rule: 'delimiter-line', w: 0.55, s: a, e: nl });
      }
    }
    p = nl + 1;
  }
}

const LABEL_WHO = new Set(['system', 'operator', 'admin', 'administrator', 'developer', 'platform', 'assistant', 'agent', 'ai', 'model', 'trusted', 'systemhinweis', 'systemnachricht',
  'sistema', 'systeem', 'systeme', 'assistente', 'asistente', 'assistent', 'assistenten', 'asystent', 'asystenta', 'asistan', 'asistanina', 'asistana',
  'amministratore', 'administrateur', 'administrador', 'beheerder', 'yonetici', 'ki', 'ia']);
const LABEL_WHAT = new Set(['instruction', 'instructions', 'note', 'notes', 'directive', 'notice', 'message', 'update', 'command', 'hinweis', 'order', 'orders', 'task',
  'istruzioni', 'istruzione', 'instrucciones', 'instruccion', 'instrucoes', 'instrucao', 'anweisung', 'anweisungen', 'nota', 'notitie', 'opmerking', 'uwaga',
  'observacao', 'aviso', 'avviso', 'mitteilung', 'consigne', 'consignes', 'talimat', 'talimatlar', 'polecenie']);
const LABEL_TOKENS = 4; // a label is at most this many words before its colon

// What a word of a line's label says: who speaks (LABEL_WHO) and what they give (LABEL_WHAT); "systemnachricht" and
// other words made on "system" say both.
const WHO = 1, WHAT = 2;
const labelRole = new WordFact((w) => {
  const system = w.length > 6 && w.startsWith('system');
  return (LABEL_WHO.has(w) || system ? WHO : 0) | (LABEL_WHAT.has(w) || system ? WHAT : 0);
});

/** Line-start labels that speak with the operator's voice: "Operator instruction:", "Agent note:", "Systemhinweis:". */
function authorityLabels(ctx: RuleCtx): void {
  const toks = ctx.toks;
  for (let k = 0; k < toks.length; k++) {
    if (!toks[k]!.nl && !toks[k]!.sent) continue;
    let who = false, what = false;
    for (let j = k; j < toks.length && j < k + LABEL_TOKENS; j++) {
      const role = labelRole.of(toks[j]!);
      if (role & WHO) who = true;
      if (role & WHAT) what = true;
      // its colon, French-spaced too ("Note pour l'assistant :")
      if (toks[j]!.pa === 0x3a || (ctx.text.charCodeAt(toks[j]!.e) === 0x20 && ctx.text.charCodeAt(toks[j]!.e + 1) === 0x3a)) {
        if (who && what) ctx.hits.push({ cat: 'boundary_manipulation', rule: 'authority-label', w: 0.55, s: toks[k]!.s, e: toks[j]!.e + 1 });
        break;
      }
      if (j > k && toks[j]!.sent) break;
    }
  }
}

const PAIR_INNER_MAX = 120; // chars of a data element's value ("<email>a@b.test</email>"): one short line

/** "<lead><email>a@b.test</email>" is markup the sender wrote, not a fake end of the email: a closing content tag
 *  right after its own opening tag with a short one-line value closes nothing of the reader's. Authority tags
 *  ("</system>"), and elements whose opening tag claims a role or sender ('<message role="owner">'), stay. */
function dropPairedCloses(ctx: RuleCtx, first: number): void {
  const t = ctx.lower;
  let kept = first;
  for (let i = first; i < ctx.hits.length; i++) {
    const h = ctx.hits[i]!;
    if (!(t.startsWith('</', h.s) && isPairedClose(t, h.s))) ctx.hits[kept++] = h;
  }
  ctx.hits.length = kept;
}

function isPairedClose(t: string, s: number): boolean {
  let b = s + 2;
  while (b < t.length && b - s < TAG_MAX && isTagChar(t.charCodeAt(b)) && t[b] !== ' ') b++;
  const name = t.slice(s + 2, b);
  if (!name || t[b] !== '>' || AUTHORITY_TAG.test(name)) return false;
  const from = Math.max(0, s - PAIR_INNER_MAX - TAG_MAX);
  const window = t.slice(from, s); // bounded: linear in the hits
  const open = window.lastIndexOf(`<${name}`);
  if (open < 0) return false;
  const end = window.indexOf('>', open);
  if (end < 0 || window.length - end - 1 > PAIR_INNER_MAX) return false;
  const attrs = window.slice(open + name.length + 1, end);
  if (attrs && (attrs[0] !== ' ' || /role|from|owner|user|sender|author|trusted/.test(attrs) || AUTHORITY_TAG.test(attrs))) return false;
  return !window.slice(end + 1).includes('\n');
}

const CONTENT_NEAR = 300; // chars around a JSON "role" key searched for the message's "content" key

/**
 * A chat message is a role and its content: a JSON "role": "system" with no "content" key near it is a field in a
 * payload someone shows ("the webhook sends \"role\": \"system\" — expected?"), not a fake turn. Its weight halves.
 */
function roleKeysWithoutContent(ctx: RuleCtx, first: number): void {
  for (let h = first; h < ctx.hits.length; h++) {
    const hit = ctx.hits[h]!;
    const c = ctx.lower.charCodeAt(hit.s);
    if (hit.rule !== 'template-token' || (c !== 0x22 && c !== 0x27) || !ctx.lower.startsWith('role', hit.s + 1)) continue;
    const near = ctx.lower.slice(Math.max(0, hit.s - CONTENT_NEAR), hit.e + CONTENT_NEAR);
    if (!/["']content["']\s*:/.test(near)) hit.w *= 0.5;
  }
}

export function boundaryRules(ctx: RuleCtx): void {
  const first = ctx.hits.length;
  scanMarkers(ctx, TEMPLATE_MARKERS, 'boundary_manipulation', 'template-token');
  roleKeysWithoutContent(ctx, first);
  inventedTags(ctx);
  dropPairedCloses(ctx, first);
  delimiterLines(ctx);
  authorityLabels(ctx);
  lineStarts(ctx);
  PATTERNS.run(ctx, (p, i, j) => {
    // "End of forwarded message" is a mail client's own marker
    if (p.rule === 'end-of-input' && ctx.toks[i + 2]?.w === 'forwarded') return;
    addHit(ctx, p.cat, p.rule, p.w, i, j);
  });
  // A marker followed by an instruction: the fake boundary is being used.
  let lastEnd = -1;
  for (const h of ctx.hits.slice(first)) {
    if (h.w < 0.4 || h.e <= lastEnd) continue;
    const k = imperativeAfter(ctx, h.e);
    if (k < 0) continue;
    ctx.hits.push({ cat: 'boundary_manipulation', rule: 'marker-then-instruction', w: 0.75, s: h.s, e: ctx.toks[k]!.e });
    lastEnd = ctx.toks[k]!.e;
  }
}
