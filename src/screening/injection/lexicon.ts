// Word classes of the injection grammar (verb × modifier × object) with German, French, Spanish,
// Portuguese, Italian and Dutch forms (and the commonest Polish, Czech, Turkish, Swedish and Danish ones),
// a stem look-up for their inflections, and a fuzzy look-up (edit distance 1 on long key words), memoised per
// surface form.
import { foldWord } from '../normalize.js';

export const C = {
  IGNORE: 1 << 0,     // override verbs: ignore, disregard, forget, bypass …
  INSTR: 1 << 1,      // instruction objects: instructions, rules, prompt, guardrails …
  PRIOR: 1 << 2,      // previous, prior, above, all …
  AI: 1 << 3,         // ai, llm, chatbot, assistant, model …
  EXFIL: 1 << 4,      // forward, send, reveal, print, upload …
  BULK: 1 << 5,       // emails, messages, inbox, contacts, history …
  SENS: 1 << 6,       // passwords, credentials, api keys, tokens, secrets …
  FIRST: 1 << 7,      // I, my, we, our, sent … (a human speaking of their own earlier words)
  FUTURE: 1 << 8,     // future, new, upcoming …
  YOUR: 1 << 9,       // your, you (and de/fr/es forms)
  ROLEV: 1 << 10,     // act, pretend, roleplay, impersonate …
  IMPV: 1 << 11,      // imperative actions an agent could take
  JAIL: 1 << 12,      // unrestricted, unfiltered, jailbroken, DAN …
  STEALTH: 1 << 13,   // silently, secretly …
  USER: 1 << 14,      // user, human, owner, operator …
  TELL: 1 << 15,      // tell, inform, notify, asking …
  TOOL: 1 << 16,      // tool, function, command, plugin …
  CALL: 1 << 17,      // call, invoke, execute, run …
  REPORT: 1 << 18,    // attackers, example, phishing … (someone describing an attack)
  EVERY: 1 << 19,     // everything, anything
  MSGOBJ: 1 << 20,    // this email / message / thread (the current message as an object)
  URLW: 1 << 21,      // url, link, image, query, parameter
  SYSTEM: 1 << 22,    // system, developer, admin (as in "system prompt", "developer message")
  MODE: 1 << 23,      // mode
  NEG: 1 << 24,       // not, don't, never, no
  QUOTECUE: 1 << 25,  // such, example, e.g., phrases … (reporting words that matter next to a quotation)
  VOID: 1 << 26,      // outdated, revoked, lifted … (instructions declared invalid)
  ROLEN: 1 << 27,     // role, persona, character, voice, hat … (a role as a noun)
  AUTH: 1 << 28,      // ceo, cfo, director, manager, administrator … (someone with authority to sign off)
  SAFETY: 1 << 29,    // screening, review, approval, checks, moderation … (the safety steps around an agent)
} as const;

const LISTS: [number, string][] = [
  [C.IGNORE, 'ignore negeer negeren vergeet esqueca esquece esquecer desconsidere desconsidera dimentica dimenticare tralascia withdraw ignores ignoring disregard disregarding nevermind forget forgetting override overriding bypass bypassing skip discard abandon dismiss overlook neglect erase scrap circumvent disobey drop ditch ignoriere ignorieren ignorier vergiss vergessen missachte missachten ignorez ignorer oublie oubliez oublier ignora ignorar olvida olvidar olvide omite descarta zignoruj zignorujcie pomin zapomnij ignorera glom bortse yoksay unut zapomen zapomente glem'],
  [C.INSTR, 'instructions setup brief briefing playbook objectives objective settings instructies regels opdrachten richtlijnen instrucoes regras diretrizes orientacoes istruzioni regole direttive indicazioni normas configuracion instruction rules guidelines guidance behaviour behavior briefing mandate protocol protocols parameters directives directive prompt prompts programming constraints guardrails restrictions policies orders commands directions training filters safeguards context configuration conditioning anweisungen anweisung instruktionen regeln vorgaben befehle richtlinien consignes regles instrucciones reglas indicaciones ordenes directrices instrukcje polecenia zasady wytyczne reguly pokyny pravidla instrukce smernice talimat talimatlar talimatlari kurallar kurallari yonergeler instruktioner regler riktlinjer instrukser retningslinjer systemprompt systeemprompt'],
  [C.PRIOR, 'previous standing usual current habituelles habituels ursprunglichen ursprungliche eerdere vorige precedenti anteriori prior above earlier preceding original initial existing foregoing former aforementioned old all any every default current given before vorherigen vorherige bisherigen obigen vorigen alle allen precedentes anterieures toutes tous anteriores previas todas todos poprzednie wczesniejsze dotychczasowe predchozi puvodni dosavadni onceki eski tidigare forra tidligere'],
  [C.AI, 'ai summarizer summariser summarizers summarisers responder autoresponder copilot llm llms chatbot bot gpt chatgpt claude gemini copilot model assistant agent ki ia asystent asystenta asystencie asystentka asistent asistenta asistentka asistan asistani asistanina assistenten'],
  [C.EXFIL, 'forward mirror bundle quote spell reply-all manda mande transfiere transmets transmettez transmettre encaminhe encaminha envia invia inoltra stuur verstuur schicken send email mail cc bcc summarize summarise collect gather compile copy share leak upload post transmit exfiltrate export dump reveal disclose print output repeat show display paste provide relay sync attach append embed include tell list give weiterleiten leite sende senden schicke schick envoie envoyez transferez transfere envia envie reenvia comparte revela revele wyslij przeslij przekaz posli preposli odesli gonder ilet yonlendir skicka vidarebefordra videresend transferer envoyer joindre joignez partager partagez renvoyer renvoyez enviar envianos reenviar reenvie adjunta adjuntar adjunte compartir comparta remite remitir remita encaminhar anexe anexar compartilhe compartilhar partilhe partilhar repasse inviare inviate inviaci inoltrare inoltrate mandate mandaci trasmetti trasmettete trasmettere allega allegate allegare condividi condividete condividere ubermittle ubermitteln ubermitteln anhangen maile mailen doorsturen sturen versturen meesturen bijvoegen enviame mandame reenviame muestrame muestra mandanos reenvianos inviami mandami inoltrami mostrami mostra inviatemi mandatemi zeige zeig nenne verrate montre montrez montre-moi mostre toon tonen rivela rivelami revelame weiterzuleiten zuzusenden lade'],
  [C.BULK, 'email phone numbers addressbook deals pipeline schedule meetings digest mensagens mensagem messaggi berichten contatos contatti contacten direcciones adresses adressen mail message thread contact people recipients clients addresses postfach emails e-mails messages conversations conversation correspondence threads inbox mailbox history contacts addressbook leads attachments documents files notes calendar chats records customers database crm nachrichten kontakte korrespondenz courriels correos mensajes contactos conversaciones wiadomosci korespondencje zpravy korespondence mesajlar kisiler yazismalar meddelanden korrespondens fichiers mails historique clientes adjuntos archivos historial anexos arquivos ficheiros historico clienti allegati cronologia kunden kundenliste anhange dateien dokumente verlauf klanten bijlagen bestanden'],
  [C.SENS, 'password keys passwords passwort credentials credential apikey apikeys keys tokens token secrets secret ssh otp 2fa cookies env haslo hasla heslo hesla sifre losenord adgangskode identifiants contrasena contrasenas credenciales senha senhas credenciais credenziali kennwort kennworter wachtwoord wachtwoorden inloggegevens passworter'],
  [C.FIRST, 'i my we our me us ive id weve sent gave wrote mine'],
  [C.FUTURE, 'future new upcoming further subsequent'],
  [C.YOUR, 'your you yours dein deine deinen deiner tes vos votre tus tu su sus tuo tua tue tuoi teu teus tuas sua suas seu seus jouw uw twoje twoj twoja tvoje tvuj tva senin sizin dina ditt'],
  [C.ROLEV, 'act play speak channel incarnate portray finge fingir joue jouer spiele spiel comportate actua incarnes pretend roleplay impersonate simulate behave respond answer play become assume emulate imagine finja fingi fingere semblant alsof'],
  [C.IMPV, 'continue forward send reply delete mark label add include recommend approve schedule transfer pay click open visit call run execute update change set move archive unsubscribe tell say respond write classify rate summarize summarise ignore book cancel output print reveal share fetch browse download insert create remove grant accept confirm flag escalate rank score prioritize mention state praise skip do proceed stop disable bypass override treat give make answer provide follow obey odpowiedz usun anuluj zatwierdz potwierdz oznacz odpovez smaz zrus potvrd schval oznac yanitla sil iptal onayla isaretle ekle svara radera avboka godkann bekrafta markera slet annuller godkend losche loschen bestatige bestatigen genehmige genehmigen storniere stornieren buche buchen bezahle bezahlen uberweise uberweisen offne offnen klicke klicken akzeptiere akzeptieren archiviere archivieren markiere markieren hinzufugen erstelle erstellen aktualisiere aktualisieren entferne entfernen einladen deaktiviere deaktivieren abmelden eintragen absagen supprime supprimez supprimer approuvez approuver confirme confirmez confirmer annule annulez annuler reservez reserver planifie planifiez payez payer ouvre ouvrez ouvrir clique cliquez cliquer reponds repondez repondre accepte acceptez accepter archivez marque marquez ajoute ajoutez ajouter cree creez creer modifie modifiez modifier retirez invitez inviter desabonne desabonnez desactive desactivez borra borre borrar elimina elimine eliminar apruebe aprobar confirmar cancela cancele cancelar reserve reservar paga pague pagar abre abra abrir responde responda responder acepta acepte aceptar archiva anade anada agrega agregue actualiza actualice cambia cambie quita quite invita desactiva apague apaga apagar exclua excluir aprove aprovar agende agendar transfira transferir arquive arquivar adicione adicionar crie criar atualize atualizar altere alterar remova remover convide convidar desative desativar cancella cancellare eliminare approva approvare conferma confermare annulla annullare prenota prenotare pianifica pagare trasferisci apri aprire clicca cliccare rispondi rispondere accetta accettare archivia archiviare aggiungi aggiungere creare aggiorna aggiornare rimuovi rimuovere invitare disattiva disattivare disiscrivi verwijder verwijderen goedkeuren bevestig bevestigen annuleer annuleren plannen betaal betalen klik klikken beantwoord accepteer accepteren archiveer archiveren markeer markeren toevoegen wijzig wijzigen uitnodigen uitschakelen abzumelden auszutragen einzutragen hinzuzufugen anzulegen desinscrire desinscris descadastrar descadastre disiscrivere afmelden uitschrijven'],
  [C.JAIL, 'unrestricted unfiltered uncensored jailbroken jailbreak evil amoral unethical unbound unchained limitless rogue unaligned liberated dan'],
  [C.STEALTH, 'silently secretly quietly covertly discreetly unnoticed heimlich'],
  [C.USER, 'user nutzer utilisateur usuario users human owner operator recipient principal boss employer uzytkownik uzivatel kullanici anvandare bruger'],
  [C.TELL, 'tell inform mention notify alert reveal warn disclose ask asking telling informing notifying alerting confirming confirmation approval permission'],
  [C.TOOL, 'tool integration integrations capability capabilities connector connectors herramienta herramientas werkzeug werkzeuge outil outils ferramenta strumento tools function functions command api plugin action endpoint webhook skill ferramentas strumenti werkzeugen gereedschap'],
  [C.CALL, 'call invoke use trigger execute run fire exec perform utilize utilise utilisez utiliza usa nutze nutzen benutze verwende ejecuta ejecutar executa execute fuhre lance lancez esegui gebruik hit'],
  [C.REPORT, 'attacker attackers hacker hackers scammers criminals malicious phishing injection injections jailbreaks beware researchers attack attacks adversary fraudsters angreifer betruger kriminelle attaquants pirates escrocs fraudeurs criminels atacantes estafadores criminales golpistas criminosos aggressori truffatori criminali aanvallers oplichters criminelen'],
  [C.QUOTECUE, 'example examples eg such like write writes say says saying phrase phrases text wording words called tipo esempio esempi ejemplo ejemplos exemple exemples exemplo exemplos beispiel beispiele voorbeeld voorbeelden bijvoorbeeld zoals comme como come wie etwa frase frasi frases satz satze zin zinnen texto testo schreiben schrijven ecrivent escriben escrevem scrivono'],
  [C.VOID, 'outdated withdrawn rewritten replaced overridden nullified obsolete void revoked superseded invalid cancelled canceled lifted suspended expired rescinded deprecated zruseny zrusena zrusene neplatne anulowane uniewaznione niewazne nieaktualne gecersiz upphavda ogiltiga ophaevet veraltet ungultig aufgehoben widerrufen hinfallig obsoletes perimees perimes caduques revoquees obsoletas obsoletos anuladas revocadas reemplazadas caducadas desatualizadas revogadas substituidas superate revocate annullate sostituite scadute verouderd vervallen ingetrokken ongeldig achterhaald'],
  [C.EVERY, 'everything anything tout todo tudo tutto alles'],
  [C.ROLEN, 'role roles persona personas character voice hat identity part rolle rol papel ruolo personnage personaje'],
  [C.AUTH, 'ceo cfo coo cto owner director directeur directora manager head administrator admin buyer secretary insider chief leiter einkaufsleiter geschaftsfuhrer gerente jefe chef responsable president finanzchef finanzvorstand diretor direttore financieel'],
  [C.SAFETY, 'screening review approval approvals checks check safety moderation scanning escalation filter filters guardrails verification confirmation'],
  [C.MSGOBJ, 'this'],
  [C.URLW, 'url urls link links image images query parameter parameters param'],
  [C.SYSTEM, 'system developer admin administrator systemprompt'],
  [C.MODE, 'mode modus modalita modalidad modalidade'],
  [C.NEG, 'not dont never no nicht ne pas'],
];

/** Key words long enough to match fuzzily (typos: one insertion, deletion, substitution or swap). */
const FUZZY = 'ignore disregard instructions instruction previous guidelines directives override bypass system prompts forget restrictions guardrails programming constraints forward reveal credentials passwords password contacts conversation correspondence assistant pretend unrestricted jailbreak jailbroken developer exfiltrate disclose silently secretly roleplay impersonate attachments conversations'.split(' ');

/** Stems of inflected key words (de/fr/es/pt/it/nl verbs and nouns): a word starting with one takes its classes. */
const STEMS: [string, number][] = [
  ['ignor', C.IGNORE], ['disregard', C.IGNORE], ['vergess', C.IGNORE], ['vergiss', C.IGNORE], ['oubli', C.IGNORE], ['olvid', C.IGNORE],
  ['esquec', C.IGNORE], ['dimentic', C.IGNORE], ['negeer', C.IGNORE], ['missacht', C.IGNORE], ['desconsider', C.IGNORE],
  ['instruc', C.INSTR], ['instruk', C.INSTR], ['istruz', C.INSTR], ['anweisung', C.INSTR], ['systemanweis', C.INSTR], ['directiv', C.INSTR],
  ['direttiv', C.INSTR], ['richtlin', C.INSTR], ['consign', C.INSTR], ['vorgabe', C.INSTR], ['guideline', C.INSTR],
  ['kural', C.INSTR], ['talimat', C.INSTR], ['wytyczn', C.INSTR], ['polecen', C.INSTR], ['pokyn', C.INSTR], ['pravid', C.INSTR], ['riktlinj', C.INSTR],
  ['konfigur', C.INSTR], ['configura', C.INSTR], ['einstellung', C.INSTR], ['impostazion', C.INSTR], ['instelling', C.INSTR],
  ['weiterleit', C.EXFIL], ['reenv', C.EXFIL], ['encaminh', C.EXFIL], ['transmet', C.EXFIL], ['transfier', C.EXFIL], ['exfiltr', C.EXFIL],
  ['nachricht', C.BULK], ['kontakt', C.BULK], ['contact', C.BULK], ['correspond', C.BULK], ['conversa', C.BULK], ['mensaj', C.BULK],
  ['courriel', C.BULK], ['passwor', C.SENS], ['credential', C.SENS], ['zugangsdat', C.SENS],
  // round 17 (MORE_LISTS' languages, folded): hu utasítás-, szabály-, továbbít-, üzenet-, jelsz-; fi sähköpost-, salasan-
  ['utasitas', C.INSTR], ['szabaly', C.INSTR], ['tovabbit', C.EXFIL], ['uzenet', C.BULK], ['jelsz', C.SENS], ['sahkopost', C.BULK], ['salasan', C.SENS],
];
const STEM_MIN = 4; // chars: shorter stems would catch unrelated words

/**
 * The key words of Finnish, Hungarian, Greek, Norwegian, Romanian and Indonesian, and more Polish, Czech, Turkish,
 * Swedish and Danish forms (round 17): ignore, instructions, previous/all, void, your, assistant, forward/send,
 * e-mails/inbox, passwords/keys. Written as spelled and folded at load as the tokenizer folds a word (foldWord:
 * "välitä" → "valita"; Greek letters that look Latin become Latin). "e-mailt", "e-postaları" are two tokens: only
 * the second part is listed, and only where it is no English word ("e-poster": "poster" is left out).
 */
const MORE_LISTS: [number, string][] = [
  [C.IGNORE, 'ohita sivuuta unohda kivül felejtsd felejtse αγνόησε αγνοήστε ξέχασε ξεχάστε glem glöm uitați abaikan lupakan zignoruj zignorujcie görmezden unut'],
  [C.INSTR, 'οδηγίες οδηγιών ohje ohjeet ohjeita ohjeistus säännöt sääntöjä κανόνες κανόνων εντολές regler reglene reglerne reglerna regulile reguli aturan pedoman'],
  [C.INSTR | C.YOUR, 'ohjeesi ohjeitasi ohjeistuksesi sääntösi utasításaid utasításod szabályaid'],
  [C.PRIOR, 'aiemmat aiempia aikaisemmat edelliset kaikki korábbi előző összes minden eddigi προηγούμενες προηγούμενους προηγούμενα όλες όλα όλους tidligere tidigare forrige alla anterioare toate sebelumnya semua poprzednie wszystkie předchozí všechny önceki tüm bütün'],
  [C.VOID, 'korvattu kumottu mitätöity vanhentuneet érvénytelen érvénytelenek érvényüket visszavonva felülírva elavult αντικατασταθεί ακυρωθεί άκυρες καταργηθεί erstattet ersatts ersattes ugyldige opphevet înlocuite anulate revocate diganti dibatalkan zastąpione nahrazeny değiştirildi'],
  [C.YOUR, 'sinun teidän σας σου dine dina tale tău voastre dumneavoastră anda kamu'],
  [C.AI, 'asystentem asystentką tekoälyavustaja tekoälyavustajalle avustaja avustajalle asszisztens asszisztensnek βοηθό βοηθέ βοηθός asistentul asistentului asisten'],
  [C.EXFIL, 'välitä lähetä továbbítsd továbbítsa küldd küldje προώθησε προωθήστε στείλε στείλτε videresend vidarebefordra skicka trimite trimiteți redirecționează teruskan kirim kirimkan prześlij wyślij przekaż přepošli pošli ilet iletin gönder gönderin'],
  [C.BULK, 'sähköpostit sähköpostia sähköpostin sähköposteja viestit viestejä yhteystiedot postilaatikko postilaatikon mailt mailjét leveleket üzeneteket üzenetek postafiók postafiókot postafióknak μηνύματα μηνυμάτων επαφές γραμματοκιβωτίου αλληλογραφία postene meldinger meldingene innboks innboksen indbakke indbakken inkorg inkorgen mejl mejlen mailurile mailuri mesajele contactele pesan surel maile skrzynki skrzynka maily zprávy schránky postaları mesajlar mesajları'],
  [C.SENS, 'salasana salasanat salasanasi tunnukset jelszó jelszavak jelszavait jelszavakat κωδικούς κωδικοί συνθηματικά passord passordene adgangskoderne lösenorden parola parole parolele sandi kredensial şifreler şifrelerini'],
  [C.SENS, 'avaimet kulcsok kulcsait κλειδιά nøkler nøklene nøglerne nycklar nycklarna cheile kunci klucze klíče anahtarları'],
];

/** Words as the tokenizer folds them, from their spelling: "välitä" → "valita" (the lists of MORE_LISTS' languages). */
export function folded(words: string): string[] { return words.split(' ').map((w) => foldWord(w).word); }

const FUZZY_SET = new Set(FUZZY);
const EXACT = new Map<string, number>();
for (const [bit, words] of LISTS) for (const w of words.split(' ')) EXACT.set(w, (EXACT.get(w) ?? 0) | bit);
/** The words spaced-out letters are segmented into: the first lists' (English and the lexicon's first languages). */
const SEGMENT_WORDS = [...EXACT.keys()];
for (const [bit, words] of MORE_LISTS) for (const w of folded(words)) EXACT.set(w, (EXACT.get(w) ?? 0) | bit);

// Deletion neighbourhood (SymSpell): every one-deletion variant of a fuzzy key word → the word.
const DELETES = new Map<string, string>();
for (const w of FUZZY) for (let i = 0; i < w.length; i++) DELETES.set(w.slice(0, i) + w.slice(i + 1), w);

const MEMO_MAX = 50_000; // entries; the memo is cleared when full
const memo = new Map<string, number>();
const FUZZY_HIT = 1 << 30;

/** Class bits for a folded word (plural "s" tolerated); FUZZY_HIT set when only a fuzzy match found it. */
export function classify(w: string): number {
  const exact = EXACT.get(w);
  if (exact !== undefined) return exact;
  const m = memo.get(w);
  if (m !== undefined) return m;
  let bits = 0;
  if (w.length > 3 && w.endsWith('s')) bits = EXACT.get(w.slice(0, -1)) ?? 0;
  if (bits === 0 && w.length > STEM_MIN) for (const [stem, bit] of STEMS) if (w.startsWith(stem)) bits |= bit;
  if (bits === 0 && w.length >= 5 && w.length <= 20) {
    const cand = new Set<string>();
    const direct = DELETES.get(w);          // w lost one letter
    if (direct) cand.add(direct);
    for (let i = 0; i < w.length; i++) {
      const d = w.slice(0, i) + w.slice(i + 1);
      if (FUZZY_SET.has(d)) cand.add(d);    // w gained one letter
      const k = DELETES.get(d);             // substitution or swap
      if (k) cand.add(k);
    }
    for (const k of cand) bits |= EXACT.get(k) ?? 0;
    if (bits) bits |= FUZZY_HIT;
  }
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(w, bits);
  return bits;
}
export const FUZZY_BIT = FUZZY_HIT;

/** Vocabulary used to segment letters that were spaced out ("i g n o r e a l l" → ignore all). */
export const SEGMENT_VOCAB: Set<string> = new Set(
  [...SEGMENT_WORDS, 'the', 'to', 'and', 'of', 'a', 'an', 'now', 'are', 'is', 'be', 'from', 'on', 'in', 'what', 'were', 'told', 'new', 'these', 'last', 'entire', 'whole', 'inbox', 'everyone', 'reply', 'approve', 'transfer']
    .filter((w) => /^[a-z]+$/.test(w)),
);
export const SEGMENT_MAX = 16; // chars: the longest vocabulary word tried

/** ROT13 and reversed spellings of trigger words: seeing one means a line is worth decoding. In the lexicon's seven
 *  languages (folded: "instruções" → "instrucoes"). */
const TRIGGERS = ['ignore', 'instructions', 'previous', 'system', 'prompt', 'forward', 'disregard', 'assistant', 'password', 'reveal', 'contacts', 'emails',
  'ignoriere', 'anweisungen', 'vorherigen', 'bisherigen', 'passwort', 'kontakte', 'weiterleiten', 'assistent',
  'ignorez', 'precedentes', 'transferez', 'ignora', 'instrucciones', 'anteriores', 'contrasena', 'contactos', 'reenvia', 'asistente',
  'instrucoes', 'senha', 'contatos', 'encaminhe', 'assistente', 'istruzioni', 'precedenti', 'contatti', 'inoltra',
  'negeer', 'instructies', 'eerdere', 'wachtwoord', 'contacten', 'doorsturen',
  'send', 'sende', 'envoie', 'envia', 'envie', 'invia', 'stuur', 'instruction', 'anweisung', 'instruccion', 'instrucao', 'istruzione', 'instructie'];
const rot = (s: string) => s.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));
export const ROT13_TRIGGERS: Set<string> = new Set(TRIGGERS.map(rot));
export const REVERSED_TRIGGERS: Set<string> = new Set(TRIGGERS.map((w) => [...w].reverse().join('')));
/** Common short words, encoded: two of them on one line mark ROT13 or reversed prose. In the seven languages, but only
 *  words whose ROT13 and reversed spellings are not words of their own in the corpus and training mail ("der" reversed
 *  is "red", "alle" is "ella", "os" is "so", "una" in ROT13 is "han"). */
const STOPWORDS = ['the', 'and', 'your', 'you', 'all', 'this', 'that', 'with', 'from', 'to', 'them',
  'und', 'die', 'auf', 'nicht', 'sie', 'ist', 'bitte', 'les', 'des', 'vous', 'pour', 'que', 'tous', 'con', 'por', 'para', 'las',
  'com', 'uma', 'che', 'della', 'sono', 'tutti', 'het', 'van', 'niet', 'voor', 'zijn'];
export const ROT13_STOPWORDS: Set<string> = new Set(STOPWORDS.map(rot));
export const REVERSED_STOPWORDS: Set<string> = new Set(STOPWORDS.map((w) => [...w].reverse().join('')));
