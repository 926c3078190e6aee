// Account control: requests that hand control of the owner's mailbox, documents or money to someone else — turn
// off two-factor sign-in or add a recovery address, create a forwarding rule, webhook or delegate, give edit access
// or a public link, pay to new bank details, buy gift cards. Honest mail tells people about such changes ("we will
// never ask you to create forwarding rules"); an attack asks the reader to make them. A hit needs the request form
// (an imperative, "please", "can you …") in the sentence of the object and no negation before it. One forward pass
// over each sentence's tokens.
import { C } from '../lexicon.js';
import { KIND_EMAIL, KIND_URL, WordFact, type Tok } from '../tokens.js';
import { namesOwner } from '../owner.js';
import { anyIn, sentenceEnd, wordIn, type RuleCtx } from './pattern.js';

// ---- what is controlled (folded words; de/fr/es/pt/it/nl forms) ----
const SECURITY = new Set(['2fa', 'mfa', 'twofactor', 'tweestapsverificatie', 'recovery', 'recuperacao', 'recuperacion', 'recuperation', 'wiederherstellung', 'recupero', 'herstel', 'passkey']);
const FACTOR_NUM = new Set(['two', '2', 'multi', 'dois', 'deux', 'dos', 'due', 'zwei', 'twee']);
const FACTOR = new Set(['factor', 'faktor', 'fatores', 'fator', 'facteurs', 'facteur', 'factores', 'fattori', 'fattore', 'step', 'steps', 'stufige', 'etapes', 'pasos', 'passaggi', 'etapas']);
const ROUTING = new Set(['forwarding', 'autoforward', 'autoforwarding', 'webhook', 'webhooks', 'delegate', 'delegates', 'delegation', 'encaminhamento', 'reenvio', 'inoltro', 'redirection', 'redireccion', 'weiterleitung', 'weiterleitungsregel', 'doorstuurregel']);
const RULE = new Set(['rule', 'rules', 'filter', 'filters', 'regel', 'regeln', 'regla', 'reglas', 'regra', 'regras', 'regle', 'regles', 'regola', 'regole']);
const MAILBOX = new Set(['mail', 'email', 'inbox', 'mailbox', 'postfach', 'auto', 'forward', 'forwarding', 'correo', 'courriel', 'posteingang', 'messagerie']);
const ACCESS = new Set(['access', 'rights', 'permission', 'permissions', 'zugriff', 'rechte', 'berechtigung', 'berechtigungen', 'acesso', 'acceso', 'acces', 'accesso', 'toegang', 'rechten', 'droits', 'permisos', 'permiso', 'permissoes', 'permissao', 'permessi', 'permesso']);
/** Write access in one word: "mit Bearbeitungsrechten", "met bewerkrechten". */
const WRITE_ACCESS = new Set(['bearbeitungsrechte', 'bearbeitungsrechten', 'schreibrechte', 'schreibrechten', 'bearbeitungszugriff', 'bewerkrechten', 'schrijfrechten', 'bewerkingsrechten']);
const WRITE = new Set(['edit', 'editor', 'editing', 'write', 'full', 'admin', 'owner', 'bearbeitungs', 'bearbeitung', 'schreib', 'schreibzugriff', 'edicao', 'edicion', 'modification', 'modifica', 'bewerk', 'bewerken', 'edition', 'totale', 'total', 'volledige', 'vollen', 'vollzugriff']);
const PUBLIC = new Set(['public', 'publico', 'publica', 'publique', 'offentlichen', 'offentlicher', 'offentlich', 'pubblico', 'openbare', 'publieke', 'anyone']);
const LINK = new Set(['link', 'links', 'url', 'lien', 'enlace', 'share', 'sharing', 'partilha', 'compartir', 'freigabe', 'freigabelink', 'condivisione', 'deellink']);
const PAYEE = new Set(['iban', 'rekeningnummer', 'kontonummer', 'bankverbindung', 'rib', 'payee', 'beneficiary', 'beneficiario', 'beneficiaire', 'begunstigde', 'bankgegevens', 'bankdaten', 'swift',
  'bankrekening', 'bankkonto', 'bankrekeningnummer']);
const BANK = new Set(['bank', 'banking']);
const BANK_WHAT = new Set(['details', 'account', 'accounts', 'info', 'information', 'coordinates']);
const NUMBER_OF = new Set(['account', 'routing', 'sort']);
const BANCARIO = new Set(['bancaires', 'bancaire', 'bancarios', 'bancarias', 'bancarie', 'bancari', 'bancaria', 'bancario']);
const GIFT = new Set(['gift', 'cadeau', 'regalo', 'presente', 'geschenk', 'cadeaux']);
const CARD = new Set(['card', 'cards', 'karten', 'karte', 'cartes', 'carte', 'tarjetas', 'tarjeta', 'cartoes', 'cartao', 'buoni', 'kaarten', 'kaart']);
const GIFTCARD = new Set(['giftcard', 'giftcards', 'cadeaukaart', 'cadeaukaarten', 'geschenkkarte', 'geschenkkarten', 'gutschein', 'gutscheine']);

/** Mail a rule would route: "a rule so that any message with 'invoice' in the subject is copied to …". */
const ROUTED = new Set(['copied', 'forwarded', 'redirected', 'mirrored', 'cc', 'ccd', 'bcc', 'bccd', 'kopiert', 'weitergeleitet', 'doorgestuurd', 'gekopieerd',
  'reenviado', 'reenviados', 'reenviadas', 'encaminhado', 'encaminhados', 'encaminhadas', 'inoltrato', 'inoltrati', 'inoltrate', 'copiati', 'copiados', 'copiadas',
  'transfere', 'transferes', 'transferees', 'copies', 'redirige', 'redirigidos',
  // the rule's own verb, present tense: "a rule that forwards every invoice to …", "eine Regel, die jede Rechnung … weiterleitet"
  'forwards', 'redirects', 'sends', 'weiterleitet', 'reenvie', 'reenvia', 'encaminhe', 'encaminha', 'inoltri', 'inoltra', 'doorstuurt', 'transfert']);
const ROUTED_WINDOW = 14; // tokens from "rule" to the mail it routes
/** The reply-to address: "reply-to address", "adresse de réponse", "dirección de respuesta", "adres do odpowiedzi". */
const ADDRESS = new Set(['address', 'adresse', 'direccion', 'endereco', 'indirizzo', 'adres']);
const REPLY = new Set(['reponse', 'respuesta', 'resposta', 'risposta', 'odpowiedzi', 'antwoord']);
const REPLY_TO = new Set(['antwortadresse', 'antwoordadres', 'replyto']);

/** Safeguards: asking to set them up protects the owner ("Step 3: set up two-factor authentication"); only turning
 *  them off hands over control. Their hit needs a disabling word in the sentence. */
const PROTECTIVE = new Set(['2fa', 'mfa', 'twofactor', 'tweestapsverificatie', 'passkey']);
const FILTER_OF = new Set(['spam', 'junk', 'phishing', 'malware', 'security', 'external', 'quarantine']);
const FILTERS = new Set(['filter', 'filters', 'banner', 'warning', 'warnings', 'quarantine', 'scanning', 'protection', 'filtro', 'filtre', 'filtres']);
const DISABLE = new Set(['disable', 'disabled', 'deactivate', 'off', 'remove', 'bypass', 'pause', 'suspend', 'skip', 'desativa', 'desative', 'desativar', 'desactiva',
  'desactive', 'desactivar', 'desactivez', 'desactiver', 'deaktiviere', 'deaktivieren', 'ausschalten', 'abschalten', 'aus', 'disattiva', 'disattivare', 'uit', 'uitschakelen',
  'wylacz', 'wylaczyc', 'vypnete', 'vypnout', 'kapat', 'kapatin', 'stang', 'inaktivera']);
const SAFEGUARD_LOOK = 8; // tokens after the object in which a sentence-final disabling word is read ("… deaktivieren")
/** A payment to a new account: "release the pending payment to the new account in the attached PDF". */
const PAYMENT = new Set(['payment', 'payments', 'pay', 'release', 'transfer', 'wire', 'remittance', 'invoice', 'zahlung', 'uberweisung', 'paiement', 'virement', 'pago',
  'transferencia', 'pagamento', 'bonifico', 'betaling', 'overboeking', 'platnosc', 'przelew']);
const NEW = new Set(['new', 'neue', 'neues', 'neuen', 'nouveau', 'nouvelle', 'nuevo', 'nueva', 'novo', 'nova', 'nuovo', 'nuova', 'nieuwe', 'nowe', 'nowy']);
const PAYMENT_WINDOW = 14; // tokens either side of "new account" read for a payment word
/** An account money is paid into (de/fr/es/pt/it/nl forms). */
const PAY_ACCOUNT = new Set(['account', 'conta', 'cuenta', 'compte', 'konto', 'rekening', 'conto']);

/** Every word controlled() can be true on: a token outside this set costs one look-up. */
const HEADS = new Set([...SECURITY, ...ROUTING, ...PAYEE, ...GIFTCARD, ...FACTOR, ...RULE, ...ACCESS, ...WRITE_ACCESS, ...LINK, ...BANK_WHAT, 'number', ...BANCARIO, ...CARD, ...ADDRESS, ...REPLY_TO,
  ...FILTERS, 'forward', ...PAY_ACCOUNT]);

/** The object at k is a safeguard (two-factor sign-in, a spam filter, the external-sender banner). */
function safeguard(toks: Tok[], k: number): boolean {
  const w = toks[k]!.w, prev = toks[k - 1]?.w ?? '';
  return PROTECTIVE.has(w) || (FACTOR.has(w) && FACTOR_NUM.has(prev)) || (FILTERS.has(w) && FILTER_OF.has(prev));
}

/** True when the token at k names something whose control can be handed over (a few tokens of look-around). */
function controlled(toks: Tok[], k: number): boolean {
  const w = toks[k]!.w;
  if (!HEADS.has(w)) return false;
  const prev = toks[k - 1]?.w ?? '', prev2 = toks[k - 2]?.w ?? '', next = toks[k + 1]?.w ?? '';
  if (SECURITY.has(w) || ROUTING.has(w) || PAYEE.has(w) || GIFTCARD.has(w) || WRITE_ACCESS.has(w)) return true;
  if (w === 'forward' && prev === 'auto') return true;                                       // "an auto-forward of anything from …"
  if (safeguard(toks, k)) return true;                                                        // "two-factor", "dois fatores", "the spam filter"
  if (PAY_ACCOUNT.has(w) && (NEW.has(prev) || NEW.has(prev2) || NEW.has(next)) && paymentNear(toks, k)) return true; // "the new account"
  if (RULE.has(w) && (MAILBOX.has(prev) || MAILBOX.has(prev2) || MAILBOX.has(next))) return true; // "mail rule", "inbox filter"
  if (RULE.has(w) && routes(toks, k)) return true;                                            // "a rule so that … is copied to"
  if (REPLY_TO.has(w) || (ADDRESS.has(w) && ((prev === 'to' && prev2 === 'reply') || REPLY.has(toks[k + 2]?.w ?? '')))) return true;
  if (ACCESS.has(w) && (WRITE.has(prev) || WRITE.has(prev2) || WRITE.has(next) || WRITE.has(toks[k + 2]?.w ?? ''))) return true; // "edit access", "acesso de edição", "accès en modification"
  if (LINK.has(w) && (PUBLIC.has(prev) || PUBLIC.has(prev2) || PUBLIC.has(next) || PUBLIC.has(toks[k + 2]?.w ?? ''))) return true;
  if (BANK_WHAT.has(w) && BANK.has(prev)) return true;                                        // "bank details"
  if (w === 'number' && NUMBER_OF.has(prev)) return true;                                     // "account number"
  if (BANCARIO.has(w)) return true;                                                           // "coordonnées bancaires"
  if (CARD.has(w) && (GIFT.has(prev) || GIFT.has(next) || GIFT.has(toks[k + 2]?.w ?? ''))) return true; // "gift cards", "cartes cadeaux"
  return false;
}

function paymentNear(toks: Tok[], k: number): boolean {
  return wordIn(toks, k - PAYMENT_WINDOW, k + PAYMENT_WINDOW + 1, PAYMENT);
}

function disabledAt(toks: Tok[], a: number, k: number, b: number): boolean {
  return wordIn(toks, a, Math.min(b, k + SAFEGUARD_LOOK + 1), DISABLE);
}

function routes(toks: Tok[], k: number): boolean {
  for (let j = k + 1; j < toks.length && j <= k + ROUTED_WINDOW && !toks[j]!.sent; j++) if (ROUTED.has(toks[j]!.w)) return true;
  return false;
}

// ---- the request form ----
/** Imperatives an agent would carry out, besides the lexicon's C.IMPV / C.EXFIL / C.CALL classes. */
const VERBS = new Set(['disable', 'deactivate', 'turn', 'switch', 'enable', 'add', 'create', 'set', 'setup', 'register', 'share', 'grant', 'give', 'make',
  'change', 'update', 'pay', 'release', 'buy', 'purchase', 'wire', 'transfer', 'remove', 'generate', 'configure', 'publish', 'assign', 'use', 'replace',
  'desativa', 'desative', 'adiciona', 'adicione', 'cria', 'crie', 'configura', 'partilha', 'partilhe', 'compartilha', 'compartilhe', 'gera', 'gere', 'muda', 'mude', 'altera', 'altere', 'paga', 'pague', 'compra', 'compre',
  'desactiva', 'desactive', 'anade', 'crea', 'cree', 'comparte', 'cambia', 'cambie', 'registra', 'registre',
  'genere', 'generez', 'genera', 'erzeuge', 'genereer', 'desactivez', 'ajoute', 'ajoutez', 'creez', 'partage', 'partagez', 'modifie', 'modifiez', 'changez', 'payez', 'achete', 'achetez', 'donne', 'donnez', 'mets', 'mettez',
  'deaktiviere', 'deaktivieren', 'fuge', 'hinzufugen', 'erstelle', 'erstellen', 'richte', 'einrichten', 'teile', 'teilen', 'andere', 'andern', 'zahle', 'uberweise', 'uberweisen', 'kaufe', 'kaufen', 'gib', 'lege', 'anlegen', 'hinterlege',
  'disattiva', 'aggiungi', 'condividi', 'imposta', 'acquista', 'dai',
  'uitvoeren', 'ausfuhren', 'effectuer', 'effectuez', 'efectuar', 'efectue', 'efetuar', 'efetue', 'effettuare', 'effettua', 'effettui',
  'schakel', 'voeg', 'maak', 'deel', 'wijzig', 'verander', 'betaal', 'koop', 'zet', 'stel', 'geef', 'registreer',
  'zmien', 'zmienic', 'ustaw', 'dodaj', 'utworz', 'udostepnij', 'zaplac', 'lagg', 'skapa', 'betala', 'stang']); // not Swedish 'dela'/'andra': Portuguese 'dela' (hers), Swedish 'andra' (other)
/** Words after which a verb is still an order, and words that make a sentence a request wherever they stand. */
const LEAD = new Set(['please', 'pls', 'kindly', 'just', 'then', 'now', 'also', 'and', 'first', 'ps', 'bitte', 'favor', 'favore', 'alsjeblieft', 'svp', 'plait', 'graag', 'prosze', 'prosim', 'snalla', 'lutfen']);
const PLEASE = new Set(['please', 'pls', 'kindly', 'bitte', 'favor', 'favore', 'alsjeblieft', 'alstublieft', 'svp', 'plait', 'prosze', 'prosim', 'snalla', 'lutfen']);
const MODAL = new Set(['can', 'could', 'would', 'will', 'pode', 'podes', 'poderia', 'puoi', 'potresti', 'puede', 'puedes', 'podrias', 'pourriez', 'pouvez', 'peux', 'kun', 'kunt', 'kannst', 'konnten', 'konnen', 'wilt', 'wil', 'zou']);
const ADDRESSEE = new Set(['you', 'du', 'vous', 'je', 'jij', 'u', 'tu', 'voce', 'usted', 'sie']);
/** Negation before the object: "we will never ask you to create forwarding rules", "do NOT change anything". */
const NEVER = new Set(['never', 'nunca', 'jamais', 'nie', 'niemals', 'nooit', 'nicht', 'niet', 'nao', 'non', 'keine', 'kein', 'geen', 'ni']);
const NEG_WINDOW = 6; // tokens before the object in which a negation voids the request (Italian "mai" is left out: German "Mai")

/** Concealment that makes a control request an attack: "silently", "without telling Sarah", "sem avisar a Sarah". */
const WITHOUT = new Set(['without', 'sem', 'sin', 'sans', 'ohne', 'senza', 'zonder']);
const TELL_FOREIGN = new Set(['avisar', 'informar', 'prevenir', 'avertir', 'informer', 'dire', 'sagen', 'bescheid', 'benachrichtigen', 'dirlo', 'avvisare', 'informare', 'melden', 'laten', 'vertellen', 'her', 'him', 'them', 'anyone']);
const WEIGHT = 0.55, DEST_WEIGHT = 0.65, HIDDEN_BONUS = 0.15;

const OBJ_AFTER = 10; // tokens from a verb to the object it governs ("share the 'Contracts' folder on the drive with edit access")
const OBJ_BEFORE = 6; // tokens from an object to a verb-final infinitive ("die Zwei-Faktor-Authentifizierung deaktivieren")
/** Words that modify the object noun right after them ("mail rules", "edit access"), so are not its verb there. */
const MODIFIERS = [MAILBOX, WRITE, PUBLIC, BANK, GIFT, FACTOR_NUM];

const isHead = new WordFact((w) => (HEADS.has(w) ? 1 : 0));

export function accountControl(ctx: RuleCtx): void {
  const toks = ctx.toks;
  let any = false;
  for (let k = 0; k < toks.length && !any; k++) any = isHead.of(toks[k]!) !== 0;
  if (!any) return;
  let hidden = -1; // whether the part conceals (computed on the first hit)
  const verbs: number[] = [];
  for (let a = 0; a < toks.length;) {
    const b = sentenceEnd(toks, a); // one sentence: toks[a..b)
    let request = false, dest = false, hit = -1;
    verbs.length = 0;
    for (let k = a; k < b; k++) {
      const t = toks[k]!;
      if (t.kind === KIND_EMAIL || t.kind === KIND_URL) { dest = true; continue; }
      if (PLEASE.has(t.w)) request = true;
      else if (MODAL.has(t.w) && k + 1 < b && ADDRESSEE.has(toks[k + 1]!.w)) request = true;
      if (isVerb(toks, k)) {
        verbs.push(k);
        const p = toks[k - 1];
        if (k === a || (p && (LEAD.has(p.w) || p.pa === 0x3a || p.pa === 0x3b || p.pa === 0x2c))) request = true; // clause-initial
      }
      if (hit < 0 && controlled(toks, k) && governed(toks, verbs, k, b) && !negated(toks, a, k) && (!safeguard(toks, k) || disabledAt(toks, a, k, b))) hit = k;
    }
    if (hit >= 0 && request) {
      if (hidden < 0) hidden = conceals(toks) ? 1 : 0;
      // a standing route for all of something ("a rule that automatically forwards every invoice to …") weighs more
      const standing = dest && routing(toks, hit) && wordIn(toks, a, b, STANDING);
      const w = Math.min(0.8, (dest ? DEST_WEIGHT : WEIGHT) + (hidden ? HIDDEN_BONUS : 0) + (standing ? STANDING_BONUS : 0));
      ctx.hits.push({ cat: 'tool_invocation', rule: 'account-control', w, s: toks[a]!.s, e: toks[Math.min(b, hit + 4) - 1]!.e });
    }
    a = b;
  }
}

const STANDING = new Set(['automatically', 'every', 'all', 'each', 'any', 'anything', 'everything', 'whatever', 'alles', 'tout', 'todo', 'tudo', 'tutto', 'cualquier', 'qualquer', 'qualsiasi', 'iedere', 'ieder', 'automatisch', 'jede', 'jeden', 'alle', 'automatiquement', 'chaque', 'toutes', 'tous',
  'automaticamente', 'cada', 'todas', 'todos', 'ogni', 'tutte', 'tutti', 'elke']);
const STANDING_BONUS = 0.1;

/** The controlled object at k routes mail: a forwarding rule, filter, webhook or delegate. */
function routing(toks: Tok[], k: number): boolean {
  const w = toks[k]!.w;
  return ROUTING.has(w) || RULE.has(w) || (w === 'forward' && toks[k - 1]?.w === 'auto');
}

/** Determiners before a word make it a noun: "the list of users", "your mail rules". */
const DETERMINER = new Set(['the', 'a', 'an', 'your', 'my', 'our', 'their', 'his', 'her', 'its', 'this', 'that', 'of', 'le', 'la', 'les', 'el', 'los', 'las', 'o', 'os', 'il', 'lo', 'de', 'het', 'der', 'die', 'das', 'den', 'ein', 'eine', 'un', 'une', 'uno', 'um', 'uma']);

/** A verb at k: an action word, not a noun after a determiner, nor a modifier of the controlled object after it ("mail rules"). */
function isVerb(toks: Tok[], k: number): boolean {
  const t = toks[k]!;
  if (!(VERBS.has(t.w) || t.cls & (C.IMPV | C.EXFIL | C.CALL))) return false;
  if (k > 0 && !t.sent && toks[k - 1]!.pa === 0 && DETERMINER.has(toks[k - 1]!.w)) return false;
  return !(MODIFIERS.some((m) => m.has(t.w)) && k + 1 < toks.length && controlled(toks, k + 1));
}

/** A verb governs the object at o: one shortly before it (not a modifier of it), or a sentence-final infinitive
 *  shortly after it. `verbs` holds the sentence's verbs before o, in order. */
function governed(toks: Tok[], verbs: number[], o: number, b: number): boolean {
  for (let i = verbs.length - 1; i >= 0 && o - verbs[i]! <= OBJ_AFTER; i--) {
    const v = verbs[i]!;
    if (v !== o) return true;
  }
  for (let k = o + 1; k < b && k <= o + OBJ_BEFORE; k++) {
    const t = toks[k]!;
    if (isVerb(toks, k) && (k === b - 1 || t.pa !== 0)) return true;
  }
  return false;
}

function negated(toks: Tok[], a: number, at: number): boolean {
  const from = Math.max(a, at - NEG_WINDOW);
  return anyIn(toks, from, at + 1, C.NEG) || wordIn(toks, from, at + 1, NEVER);
}

function conceals(toks: Tok[]): boolean {
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.cls & C.STEALTH) return true;
    if (!WITHOUT.has(t.w)) continue;
    for (let j = k + 1; j < toks.length && j <= k + 3; j++) {
      const u = toks[j]!;
      if (u.cls & (C.TELL | C.USER) || TELL_FOREIGN.has(u.w) || namesOwner(u.w)) return true;
    }
  }
  return false;
}
