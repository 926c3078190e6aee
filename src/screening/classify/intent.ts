// The embedded intent model: weighted phrase rules per intent (en, with de/fr/es/pt/it/nl cues), scored on
// the reply text; the best score wins, ties broken by a fixed priority, nothing matched → "other".
// Offline and deterministic.
import type { Intent } from '../types.js';

type ReplyIntent = Exclude<Intent, 'out_of_office' | 'auto_reply' | 'bounce' | 'abuse_attempt'>;
type Rule = [RegExp, number];

/** Below this total score the reply is "other". */
const MIN_SCORE = 1;

const MONTHS = '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)';

/** "Not interested" in de, fr, es, pt, it and nl, adverbs allowed between the negation and the interest word. */
const NOT_INTERESTED_RE = new RegExp([
  'kein(?:e|en)? (?:interesse|bedarf)', 'nicht (?:sehr |wirklich |mehr |so )?interessiert', 'interessiert (?:mich|uns) (?:leider |überhaupt |gar |derzeit )?nicht', 'nicht interessant',
  "ne (?:m'|nous |vous )intéressen?t? (?:vraiment |absolument |du tout )?pas(?! mal)", "pas (?:très |vraiment |du tout )?intéress", "(?:aucun|pas d'|sans) intérêt",
  '\\bno (?:me|nos|les?) interesan?\\b', '\\bno (?:estoy|estamos|están?) (?:muy |realmente |para nada )?interesad', '\\bno (?:tengo|tenemos) (?:ningún |ningun )?inter[eé]s',
  '\\bnão (?:me|nos) interessam?\\b', '\\bnão (?:estou|estamos) (?:muito |realmente )?interessad', '\\bnão (?:tenho|temos) (?:nenhum |qualquer )?interesse', '\\bsem interesse',
  '\\bnon (?:mi|ci|vi) interessa(?:no)?\\b', '\\bnon (?:sono|siamo) (?:molto |realmente |per niente )?interessat', '\\bnon (?:ho|abbiamo) (?:alcun )?interesse', '\\bnessun interesse',
  'geen (?:interesse|behoefte)', 'niet (?:echt |zo |erg )?geïnteresseerd', 'interesseert (?:me|mij|ons) (?:echt |helemaal )?niet', 'niet interessant',
].join('|'));

/** Asking to be taken off the list in de, fr, es, pt, it and nl (English has its own rules below). */
const UNSUBSCRIBE_RE = new RegExp([
  // de
  'aus (?:ihrem|dem|diesem|ihrer|der|dieser) (?:verteiler|liste|mailingliste|datenbank|kartei)|abmelden|austragen|tragen sie (?:mich|uns) (?:bitte )?aus|abbestellen|keine (?:weiteren )?e-?mails|keine weiteren? (?:mails|nachrichten|werbung)|keine (?:mails|nachrichten|werbung) mehr',
  '(?:entfernen|streichen|löschen|nehmen) sie (?:bitte )?(?:mich|uns|meine (?:adresse|e-?mail|daten))|von (?:ihrer|der|dieser) (?:liste|mailingliste|verteilerliste)|nicht mehr (?:zu )?(?:kontaktieren|anschreiben|anzuschreiben|schreiben)|(?:kontaktieren|schreiben) sie (?:mir|mich|uns) nicht mehr|widerspreche (?:hiermit )?der (?:nutzung|verwendung|verarbeitung|zusendung)',
  // fr
  "désinscri|désabonn|(?:me|nous) retirer de|retirez[- ](?:moi|nous|mon adresse)|supprime[zr]?[- ](?:moi|nous|mon adresse|mes coordonnées|mon e-?mail|mes données)|rayer (?:mon adresse |mon nom )?de",
  "(?:arrêtez|cessez) de (?:m'|nous )|ne plus (?:me |nous )?(?:contacter|écrire|recevoir|solliciter)|ne pas (?:me|nous) (?:contacter|écrire|solliciter)|ne (?:me|nous) (?:contactez|écrivez|envoyez|sollicitez) plus",
  // es
  'dejen de (?:enviar|escribir|contactar|mandar)|(?:darme|denme|dar|darnos|dennos) de baja|no (?:me |nos )?(?:escriban|envíen|contacten|manden) más|no (?:me |nos )(?:escriban|envíen)|no (?:quiero|deseo) recibir (?:más|mas|ningún|ningun|sus|estos)',
  '(?:elimin|elimín|quit|quít|sac|saqu|sáqu|borr|bórr|retir|retír)(?:ar|en)(?:me|nos)? de (?:su|la|vuestra|esta|sus) (?:lista|base|listado)|(?:eliminen|borren) mi (?:correo|dirección|email|e-mail)',
  // pt
  'descadastr|cancelar (?:a )?inscrição|(?:remov|retir|exclu|tir)(?:er|ar|ir|am|em)(?:-me|-nos)? d[ae] (?:sua |vossa |esta )?lista|(?:remova|removam|retire|retirem|exclua|excluam|tire|tirem)[- ](?:me|nos|o meu|meu)|(?:remover|excluir|apagar) (?:o )?meu (?:e-?mail|endereço|contato|contacto|cadastro)',
  'parem de (?:me |nos )?(?:enviar|mandar|contactar|contatar|escrever)|não (?:me |nos )?(?:enviem|mandem|contactem|contatem|escrevam) mais|não (?:quero|desejo) (?:mais receber|receber mais|receber (?:e-?mails|mensagens))',
  // it
  'cancellami|disiscriv|(?:rimuover|cancellar|toglier)(?:mi|ci) dalla|rimuovetemi|toglietemi|cancellatemi|(?:rimuovete|cancellate) il mio|non (?:mi |ci )?(?:scrivete|contattate|inviate|mandate)(?:mi|ci)? più(?! tardi)',
  'smettete(?:la)? di (?:scriver|contattar|inviar|mandar)|non (?:voglio|desidero) (?:più ricevere|ricevere (?:più|altre|ulteriori|e-?mail|messaggi|comunicazioni))',
  // nl
  'uitschrijven|uitgeschreven|afmelden|afgemeld|verwijder (?:mij|me|ons|mijn (?:e-?mail|adres|gegevens))|haal (?:mij|me|ons) (?:van|uit|af)|van (?:uw|jullie) (?:mailing|verzend)?lijst|(?:van|uit) (?:de|deze|het) (?:mailinglijst|verzendlijst|bestand)',
  '(?:stop|stopt|stoppen) met (?:mailen|e-?mailen|sturen|benaderen)|(?:mail|e-?mail|benader|contacteer) (?:mij|me|ons) niet meer|niet meer (?:mailen|benaderen|contacteren)|geen (?:e-?mails|mails|berichten) meer',
].join('|'));

const RULES: Record<ReplyIntent, Rule[]> = {
  unsubscribe: [
    [/\bunsubscrib\w*|\bopt (?:me |us )?out\b|\bopt-out\b/, 6],
    [/\bremove (?:me|us|this (?:e-?mail|address)|my (?:e-?mail|address|details|name|contact))\b/, 6],
    [/\b(?:do not|don'?t|no longer) (?:want|wish) to (?:receive|get) (?:any )?(?:more |further |these |your )?(?:e-?mails|messages)\b|\bno (?:more|further) (?:e-?mails|messages) (?:from|please)\b/, 6],
    [/\btake (?:me|us) off\b|\btaken off (?:this|your|the)\b|\boff (?:your|this|the) (?:mailing )?(?:list|distribution)\b/, 6],
    [/\bstop (?:e-?mailing|sending|contacting|writing|messaging)\b/, 6],
    [/\b(?:do not|don'?t|never) (?:contact|e-?mail|write(?: to)?|message) (?:me|us)?\s*(?:again|anymore|in the future)?\b/, 4],
    [/\bdon'?t write again\b|\bdelete (?:it|my (?:e-?mail|address|data))\b|\bcease (?:all )?contact\b/, 5],
    [/\bmailing list\b|\bnever signed up\b|\bhow did you get my (?:e-?mail|address)\b/, 3],
    [UNSUBSCRIBE_RE, 6],
  ],
  not_interested: [
    [/\bnot (?:really |very |that |too |particularly |currently |at all |all that )?interested\b|\bno longer interested\b|\bno interest\b|\bnot (?:really )?(?:something|anything) we\b/, 5],
    [/\bno,? thanks?\b|\bno thank you\b|\bnope\b|\bhard pass\b|\bwe(?:'ll| will)? (?:have to )?pass\b|\bpass on this\b/, 4],
    [/\bnot (?:a (?:good )?fit|for us|relevant)\b|\bisn'?t a fit\b|\bdoesn'?t (?:make sense|fit)\b|\bnot looking for\b/, 4],
    [/\bno need for\b|\bwe(?:'re| are) all set\b|\bhappy with (?:it|our|what we|the current)\b|\balready (?:use|have|work with)\b/, 3.5],
    [/\bdecline\b|\bdifferent direction\b|\bin-house\b|\bdon'?t see (?:this|it) being\b|\bnever buy\b|\bgood luck\b/, 3],
    [/\bplease don'?t follow up\b/, 2],
    [NOT_INTERESTED_RE, 6],
    [/(?:^|[.!?] )(?:no,? gracias|non,? merci|nein,? danke|não,? obrigad[oa]|no,? grazie|nee,? (?:bedankt|dank (?:je|u)))\b/, 4],
  ],
  not_now: [
    [/\bnot (?:a priority|now|the right time|right now|at the moment)\b|\b(?:timing|time) is (?:bad|not right)\b|\bbad timing\b|\btoo busy\b/, 3.5],
    [/\b(?:reach out|check back|circle back|follow up|try (?:me )?again|ping me|get back to me|come back|reconnect|revisit|send me a note)\b/, 2.5],
    [new RegExp(`\\b(?:next|this coming|new) (?:quarter|year|fiscal year|month|summer|spring|fall|autumn|winter)\\b|\\bin (?:q[1-4]|${MONTHS}|a (?:couple|few) (?:of )?(?:months|weeks)|six months|the new year)\\b|\\b(?:until|after|before|around|closer to) (?:q[1-4]|${MONTHS}|the holidays|then)\\b|\\bq[1-4]\\b`), 2.5],
    [/\bbudget (?:is )?frozen\b|\bheads down\b|\blocked in\b|\bpark this\b|\bpick this up\b|\bmaybe later\b|\blater this year\b|\bnot before\b|\bjust signed\b|\bin the middle of\b/, 2.5],
    [/(?:^|[.!?] )(?:jetzt nicht|nu (?:even )?niet)\b|pas (?:maintenant|tout de suite)|\badesso no\b|im moment (?:passt|nicht)|später|melden sie sich .{0,30}(?:noch einmal|wieder)|pas pour le moment|recontact|plus tard|ahora no|más adelante|escríbe?me de nuevo|agora não|mais tarde|non ora|più avanti|niet nu|later dit jaar/, 4],
  ],
  referral: [
    [/\bnot the (?:right|best) (?:person|contact)\b|\bwrong person\b|\bnot my (?:area|department|call|decision)\b|\bnot me\b/, 5],
    [/\b(?:you should|please|try) (?:reach out to|contact|talk to|speak (?:to|with)|ping|email|write to)\b|\breach out to (?!me\b)|\bperson to contact\b|\bwho you need\b|\byou want to talk to\b/, 4],
    [/\bdirect (?:this|your (?:email|note|question)) to\b|\bforwarded (?:your|this)\b|\blooping in\b|\bloop in\b|\bcc'?(?:ing|-?ed)\b|\badding (?:him|her|them) on cc\b|\bon cc\b/, 3.5],
    [/\bi(?:'ve| have) moved\b|\bno longer (?:handle|own|responsible|in charge|on that team)\b|\bleft (?:that|the) team\b|\bsomeone else\b|\bbetter placed\b|\b(?:now )?owns this\b|\bfalls under\b|\bquestion for our\b|\btry our\b/, 3.5],
    [/\btry [\w.+-]+@[\w.-]+/, 3],
    [/nicht zuständig|wenden sie sich an|pas la bonne personne|contactez plutôt|adressez-vous à|no soy la persona|escríbele a|contacta (?:con|a)|não sou a pessoa|non sono la persona|niet de juiste persoon/, 5],
  ],
  schedule_demo: [
    [/\bdemo\b|\bwalk ?(?:us |me )?through\b|\bwalkthrough\b|\bshow me how\b/, 3.5],
    [/\b(?:set up|schedule|book|jump on|hop on|grab|find|have) (?:a |an |some )?(?:quick |short )?(?:call|time|meeting|slot|chat|\d+ ?min(?:ute)?s?)\b|\bquick call\b|\bcall this week\b/, 3.5],
    [/\bcalendar\b|\binvite\b|\bslot\b|\blet'?s (?:meet|talk|chat|set up)\b|\bsend (?:over )?(?:a few )?times\b|\bmeet\b/, 2.5],
    [/\b(?:does|would|will|could) .{0,40}\b(?:work|suit)(?: for)? you\b|\bhow about\b|\bi(?:'m| am) free\b|\bi have .{0,25}\b(?:open|free)\b|\bworks for me\b|\bsuit you\b/, 2],
    [/\b(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week|this week)\b/, 1],
    [/\b\d{1,2}(?::\d\d)? ?(?:am|pm)\b|\b\d{1,2}:\d\d\b|\bnoon\b/, 1.5],
    [/termin|démo|disponible|agendar|demostración|reunión|llamada|rendez-vous|reunião|demonstração|appuntamento|afspraak|\bum \d{1,2} uhr\b|\bà \d{1,2}h/, 3.5],
  ],
  request_pricing: [
    [/\bpric(?:e|es|ing|ed)\b|\bhow much\b|\bquote\b|\bcost(?:s)?\b|\bcommercials\b|\blicen[cs]e fees?\b|\bballpark\b/, 4],
    [/\bper (?:seat|user|month|year)\b|\bdiscount\b|\bfree tier\b|\bpaid plan\b|\bannual contract\b|\brun us\b|\bnumbers\b/, 2],
    [/\bbudget\b|[$€£]\s?\d|\b\d+ ?(?:usd|eur|gbp)\b|\bin (?:eur|usd|gbp)\b/, 1],
    [/was kostet|preis|angebot|tarif|devis|combien|precio|cotización|cuánto cuesta|preço|orçamento|quanto costa|prezzo|preventivo|wat kost|offerte/, 4],
  ],
  question: [
    [/\?/, 1.5],
    [/^(?:does|do|can|is|are|how|what|which|who|where|when|will|would)\b.{3,}\?/m, 1],
    [/\b(?:does (?:it|your|this)|do you (?:support|have|offer|handle|integrate)|can (?:it|multiple|we|i)|is (?:there|this|it|everything)|are you|how (?:do|does|long|is)|what (?:happens|kind|is)|which|who are)\b/, 1.5],
    [/\bintegrat\w*|\bsupport(?:s|ed)?\b|\bcompliant\b|\bcompliance\b|\bapi\b|\bsso\b|\bgdpr\b|\bsoc ?2\b|\bsecurity\b|\bwebhooks?\b|\bon-premise\b|\buptime\b|\bsub-processors?\b|\bdata residency\b|\bimplementation\b/, 1.5],
    [/unterstützt|est-ce que|funciona|funziona|ondersteunt|suporta/, 2],
  ],
  interested: [
    [/(?<!not |no |n't |nicht |pas |no longer )\binterest(?:ed|ing)\b/, 3],
    [/\btell me more\b|\b(?:learn|know|hear) more\b|\bmore (?:info|information|details)\b|\bkeep me posted\b/, 3],
    [/\bsend (?:me |us )?(?:over )?(?:more|details|docs|whatever|a one-pager|material|a case study|information)\b|\bcase stud(?:y|ies)\b|\bone-pager\b/, 2.5],
    [/\bsounds (?:promising|good|great|interesting)\b|\blooks (?:interesting|promising|great)\b|\bkeen\b|\bcurious\b|\bgood timing\b|\bnice\b/, 2.5],
    [/\bwe(?:'ve| have) been (?:looking|struggling|searching)\b|\b(?:could|might) be a fit\b|\brelevant for us\b|\byou have my attention\b|\bcould save\b|\bnext steps?\b|\bon our roadmap\b|\bevaluating\b|\bonboarding\b/, 2.5],
    [/klingt interessant|weitere informationen|mehr informationen|m'intéresse|plus d'informations|me interesa|más información|mais informações|tenho interesse|mi interessa|maggiori informazioni|interessant|meer informatie/, 4],
  ],
  other: [
    [/^\s*(?:ok(?:ay)?|noted|received|got it|thanks?|thank you|cheers|👍)[\s,.!]*(?:thanks?)?[\s.!]*$/m, 1.5],
    [/\bthanks for the note\b|\bhappy holidays\b|\bwho is this\b|\bby mistake\b|\bhave a great\b|\bappreciated\b|\bsaw this\b|\bwhere are you based\b|\bnew (?:one|address)\b/, 1.5],
    [/bien reçu|recibido|danke für die nachricht|ontvangen|ricevuto|recebido/, 1.5],
  ],
};

/** Tie-break order: the more consequential reading wins. */
const PRIORITY: ReplyIntent[] = ['unsubscribe', 'not_interested', 'referral', 'not_now', 'schedule_demo', 'request_pricing', 'question', 'interested', 'other'];

export interface IntentScore { intent: ReplyIntent; confidence: number; scores: Record<ReplyIntent, number> }

export function normalizeForRules(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ');
}

/** Scores every reply intent on `text` (the reply body, quotes stripped). */
export function scoreIntent(text: string): IntentScore {
  const t = normalizeForRules(text);
  const scores = {} as Record<ReplyIntent, number>;
  for (const intent of PRIORITY) scores[intent] = RULES[intent].reduce((s, [re, w]) => (re.test(t) ? s + w : s), 0);
  // Someone who is "not interested" or wants out is not asking a question or showing interest.
  if (scores.not_interested >= 4 || scores.unsubscribe >= 4) { scores.interested = 0; scores.question /= 2; }
  // An explicit request to be taken off the list outweighs any number of plain no's: it is the one that suppresses.
  if (scores.unsubscribe >= 6) scores.not_interested = Math.min(scores.not_interested, scores.unsubscribe - 1);
  // Scheduling words that only come with "later" cues are a not-now.
  if (scores.not_now >= 5) scores.schedule_demo = Math.min(scores.schedule_demo, 2);
  let best: ReplyIntent = 'other';
  let bestScore = 0;
  for (const intent of PRIORITY) if (scores[intent] > bestScore) { best = intent; bestScore = scores[intent]; }
  if (bestScore < MIN_SCORE) return { intent: 'other', confidence: 0.4, scores };
  const total = PRIORITY.reduce((s, i) => s + scores[i], 0);
  const confidence = Math.min(0.99, 0.3 + 0.7 * (bestScore / total) * Math.min(1, bestScore / 5));
  return { intent: best, confidence: Math.round(confidence * 100) / 100, scores };
}
