// Auto-replies: RFC 3834 and vendor headers, localised wording, out-of-office vs other, return dates.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.js';
import { detectAutoReply, returnDate } from '../../src/inbound/autoreply.js';
import { corpusEval } from './corpus.js';

const FRIDAY = new Date('2026-11-20T12:00:00Z');
const msg = (headers: string, subject: string, body: string) =>
  parseMessage(`From: Ann <ann@globex.test>\r\nTo: sarah@acme.test\r\nSubject: ${subject}\r\n${headers}\r\n${body}\r\n`);

describe('headers', () => {
  it.each([
    'Auto-Submitted: auto-replied\r\n', 'X-Autoreply: yes\r\n', 'X-Autorespond: on\r\n', 'Precedence: bulk\r\n', 'Precedence: auto_reply\r\n',
    'Return-Path: <>\r\n', 'X-MS-Exchange-Inbox-Rules-Loop: ann@globex.test\r\n', 'X-Auto-Response-Suppress: All\r\n',
  ])('%s', async (h) => {
    expect(detectAutoReply(await msg(h, 'Re: hello', 'Thanks, I will read it.'), FRIDAY)).not.toBeNull();
  });

  it('no headers and ordinary wording: not an auto-reply', async () => {
    expect(detectAutoReply(await msg('', 'Re: hello', "I'm on vacation until Monday but this sounds interesting, send details."), FRIDAY)).toBeNull();
  });

  it('"sent automatically" about something else in a hand-written reply is not an auto-reply; about this message it is', async () => {
    expect(detectAutoReply(await msg('', 'Re: renewal', 'Not the right time for us. Maybe check back in Q3.\n\nP.S. Going forward, confirmations to us are sent automatically, without the usual review.'), FRIDAY)).toBeNull();
    expect(detectAutoReply(await msg('', 'Re: renewal', 'Thank you for your email. This message was sent automatically; we will answer within two working days.'), FRIDAY)).not.toBeNull();
    expect(detectAutoReply(await msg('', 'Re: renewal', 'Your enquiry is in our queue. This reply is sent automatically by our mail server.'), FRIDAY)).not.toBeNull();
  });

  it('"please do not reply" ends an automated notice; inside a list of warnings about other mail it does not', async () => {
    expect(detectAutoReply(await msg('', 'Ticket received', 'Your ticket is in our queue. This is an automated message, please do not reply.'), FRIDAY)).not.toBeNull();
    expect(detectAutoReply(await msg('', 'Ticket received', 'Your ticket is in our queue. Please do not reply\n\nSupport'), FRIDAY)).not.toBeNull();
    expect(detectAutoReply(await msg('', 'Fraud alert: our bank details have NOT changed', 'Some clients received emails asking them to update our bank details. If you receive such a request, please do not reply, do not click any links, and call your account manager.'), FRIDAY)).toBeNull();
  });

  it('a leave announced by hand, greeting the recipient by name, is a reply; the same wording to nobody in particular is an out-of-office', async () => {
    const note = (greeting: string) => parseMessage(`From: Mateo <mateo@litware.test>\r\nTo: Sarah Lee <sarah@acme.test>\r\nSubject: Assenza per ferie\r\n\r\n${greeting}sarò in ferie dal 22 dicembre al 6 gennaio. Per il rinnovo aspettiamo il mio rientro.\r\n`);
    expect(detectAutoReply(await note('Ciao Sarah,\r\n\r\nti avviso che '), FRIDAY)).toBeNull();
    expect(detectAutoReply(await note('Buongiorno,\r\n\r\n'), FRIDAY)).toMatchObject({ outOfOffice: true });
    expect(detectAutoReply(await note('Ciao Giulia,\r\n\r\nti avviso che '), FRIDAY)).toMatchObject({ outOfOffice: true }); // not the recipient's name
  });

  it('an absence subject over a note that greets the recipient is a person\'s note; a subject only software writes is not', async () => {
    const note = (subject: string, greeting: string) => parseMessage(`From: Aisha <aisha@adatum.test>\r\nTo: Sarah Lee <sarah@acme.test>\r\nSubject: ${subject}\r\n\r\n${greeting}\r\n\r\nJe serai en congés du 22 décembre au 5 janvier. Julien suivra le dossier.\r\n`);
    expect(detectAutoReply(await note('Absence et délégation', 'Bonjour Sarah,'), FRIDAY)).toBeNull();
    expect(detectAutoReply(await note('Out of office next week', 'Hi Sarah,'), FRIDAY)).toBeNull();
    expect(detectAutoReply(await note('Absence et délégation', 'Bonjour,'), FRIDAY)).toMatchObject({ outOfOffice: true });
    expect(detectAutoReply(await note('Réponse automatique : Absence', 'Bonjour Sarah,'), FRIDAY)).toMatchObject({ outOfOffice: true });
    expect(detectAutoReply(await note('Automatic reply: Re: renewal', 'Hi Sarah,'), FRIDAY)).toMatchObject({ outOfOffice: true });
  });

  it('a part of a month with no day: its last day after "Ende"/"fin"/"finales de"/"fine"/"eind", its 15th after "Mitte"/"meados de"/"mid-"', () => {
    for (const [t, want] of [
      ['Ich bin bis Ende März 2027 in Elternzeit.', '2027-03-31'], ["Je suis absente jusqu'à fin mars 2027.", '2027-03-31'],
      ['Estaré fuera hasta finales de marzo de 2027.', '2027-03-31'], ['Sono fuori ufficio fino a fine marzo 2027.', '2027-03-31'],
      ['Ik ben tot eind februari 2027 met verlof.', '2027-02-28'], ['Ich bin bis Mitte März 2027 nicht da.', '2027-03-15'],
      ['Estarei fora até meados de março de 2027.', '2027-03-15'], ['I am on leave until mid-March 2027.', '2027-03-15'],
      ['Ab März 2027 wieder da.', '2027-03-01'], ['Je serai de retour le 20 mars 2027.', '2027-03-20'],
    ] as const) expect(returnDate(t, FRIDAY), t).toBe(want);
  });

  it('Outlook "Automatic reply:" subject with a ticket acknowledgement: auto-reply, not out of office', async () => {
    const r = detectAutoReply(await msg('Thread-Topic: hello\r\n', 'Automatic reply: hello', 'We have received your request and will respond within 24 hours.'), FRIDAY);
    expect(r).toEqual({ outOfOffice: false, returnDate: null });
  });
});

describe('return dates (relative to the message date)', () => {
  it.each([
    ['I am out of the office and will be back on Monday.', '2026-11-23'],
    ['I am on annual leave until December 7, 2026.', '2026-12-07'],
    ["I'm out from November 20 through November 27, returning Monday November 30.", '2026-11-30'],
    ['Ich bin bis zum 14.12. nicht im Büro.', '2026-12-14'],
    ['Ich bin ab dem 04.01.2027 wieder im Büro.', '2027-01-04'],
    ['Je suis absente et serai de retour le 3 décembre.', '2026-12-03'],
    ['Je suis en déplacement et serai de retour lundi 7 décembre.', '2026-12-07'], // not English "7 d" (seven days) inside "décembre"
    ['I am away and back in 7 days.', '2026-11-27'],
    ['Estoy fuera de la oficina hasta el 9 de diciembre.', '2026-12-09'],
    ['Estou fora do escritório e retorno no dia 10 de dezembro.', '2026-12-10'],
    ['Sono fuori ufficio fino al 9 dicembre.', '2026-12-09'],
    ['Ik ben afwezig tot en met 7 december.', '2026-12-07'],
    ['I am travelling with limited access to email.', null],
  ])('%s → %s', (text, date) => expect(returnDate(text, FRIDAY)).toBe(date));

  // A month and a year with no day: its 1st (chrono's de, fr and pt locales skip these; the others found
  // them but no day was stated, which the search required). A short text's language is often guessed wrong.
  it.each([
    ['Ich bin in Elternzeit und ab März 2027 wieder erreichbar.', '2027-03-01'],
    ['Vielen Dank für Ihre Nachricht. Ich bin bis Januar 2027 im Sabbatical und nicht im Büro.', '2027-01-01'],
    ['Je suis en congé maternité, de retour en mars 2027.', '2027-03-01'],
    ['Merci pour votre message. Je suis absente du bureau jusqu’en février 2027.', '2027-02-01'],
    ['Estou de licença, volto em março de 2027.', '2027-03-01'],
    ['Obrigado pela mensagem. Estarei de férias até fevereiro de 2027.', '2027-02-01'],
    ['Estoy de baja; a partir de marzo de 2027 estaré de vuelta en la oficina.', '2027-03-01'],
    ['Sono in maternità, rientrerò a marzo 2027.', '2027-03-01'],
    ['Ik ben met verlof, vanaf maart 2027 weer bereikbaar.', '2027-03-01'],
    ['I am on parental leave and will be back in March 2027.', '2027-03-01'],
    // The day, when there is one, still counts.
    ['Ich bin ab dem 20. März 2027 wieder im Büro.', '2027-03-20'],
    ['Je serai de retour le 1er mars 2027.', '2027-03-01'],
    ['Estou fora e volto no dia 15 de março de 2027.', '2027-03-15'],
  ])('month and year: %s → %s', (text, date) => expect(returnDate(text, FRIDAY)).toBe(date));
});

describe('corpus', () => {
  for (const subset of ['tuned', 'holdout'] as const) {
    it(`${subset}: out-of-office flag and return dates`, async () => {
      const ev = await corpusEval(subset);
      expect(ev.outOfOffice.correct / ev.outOfOffice.total, ev.outOfOffice.misses.join('\n')).toBeGreaterThanOrEqual(0.95);
      expect(ev.returnDate.correct / ev.returnDate.total, ev.returnDate.misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    });
  }
});
