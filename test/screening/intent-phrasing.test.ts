// Embedded classification spot checks: negated interest in es/fr/pt/it/nl/de is not_interested (and plain
// interest stays interested), asking to be taken off the list is unsubscribe in all seven languages (hard
// negatives stay what they are), and "now" / "right now" / "jetzt" / "ahora" is never read as a date.
import { describe, expect, it } from 'vitest';
import { returnDate } from '../../src/inbound/autoreply.js';
import { classifyEmbedded, scoreIntent } from '../../src/screening/classify/index.js';

const FRIDAY = new Date('2026-11-20T12:00:00Z');
const reply = (body: string) => classifyEmbedded({ kind: 'reply', flagged: false, from: 'a@b.test', subject: 'Re: Quick question', body, signature: '' }, { now: FRIDAY });

describe('negated interest', () => {
  it.each([
    'No me interesa, gracias.', 'No nos interesa.', 'No estamos interesados en este momento.', 'No tenemos interés.', 'No, gracias.',
    "Ça ne m'intéresse pas.", 'Cela ne nous intéresse vraiment pas.', 'Nous ne sommes pas intéressés.', 'Pas intéressé, merci.', 'Aucun intérêt pour nous.',
    'Não me interessa.', 'Não estamos interessados, obrigado.', 'Não temos interesse.', 'Não, obrigado.',
    'Non mi interessa.', 'Non ci interessa, grazie.', 'Non siamo interessati.', 'Non abbiamo alcun interesse.', 'No, grazie.',
    'Geen interesse.', 'Dit interesseert ons niet.', 'Ik ben niet echt geïnteresseerd.', 'Nee, bedankt.',
    'Kein Interesse.', 'Das interessiert uns leider nicht.', 'Wir sind nicht interessiert.', 'Für uns nicht interessant.', 'Nein, danke.',
    "We're not really interested.", 'We are no longer interested.',
  ])('%s → not_interested', (text) => {
    expect(reply(text).intent).toBe('not_interested');
  });

  it.each([
    'Me interesa, ¿me envías más información?', "Ça m'intéresse, envoyez-moi plus d'informations.", "Ça m'intéresse pas mal, envoyez plus d'informations.",
    'Tenho interesse, pode enviar mais informações?', 'Mi interessa, mi mandi maggiori informazioni.', 'Interessant, stuur me meer informatie.',
    'Klingt interessant, schicken Sie mir mehr Informationen.',
  ])('%s → interested', (text) => {
    expect(reply(text).intent).toBe('interested');
  });
});

describe('unsubscribe phrasing', () => {
  it.each([
    'Please remove my name from your list.', 'I already unsubscribed.', "I don't want to receive any more emails.",
    'Merci de me retirer de votre liste.', 'Retirez-moi de votre liste, svp.', 'Merci de ne plus me contacter.', 'Ne me contactez plus.', "Arrêtez de m'écrire.",
    'Bitte entfernen Sie mich aus Ihrem Verteiler.', 'Bitte tragen Sie mich aus.', 'Kontaktieren Sie mich nicht mehr.', 'Keine weiteren Nachrichten bitte.',
    'Por favor, denme de baja.', 'Quítenme de su lista.', 'No me escriban más.', 'No quiero recibir más correos.',
    'Por favor, removam-me da vossa lista.', 'Parem de me enviar e-mails.', 'Não me enviem mais mensagens.', 'Não quero mais receber estes e-mails.',
    'Vi prego di rimuovermi dalla vostra lista.', 'Toglietemi dalla mailing list.', 'Non scrivetemi più.', 'Non voglio più ricevere queste email.',
    'Verwijder mij van uw lijst.', 'Haal me van jullie mailinglijst.', 'Mail mij niet meer.', 'Ik wil geen e-mails meer.',
  ])('%s → unsubscribe', (text) => {
    expect(reply(text).intent).toBe('unsubscribe');
  });

  it('an explicit removal request outweighs a plain no (it is the one that suppresses)', () => {
    expect(reply('No thanks, not interested. Please remove me from your list.').intent).toBe('unsubscribe');
    expect(reply('Nein danke, kein Interesse. Bitte tragen Sie mich aus.').intent).toBe('unsubscribe');
  });

  it.each([
    'Welke van de lijst past het best bij ons?', 'Ich habe keine Nachrichten von Ihnen erhalten, können Sie den Link noch einmal schicken?',
    'Non scrivetemi più tardi di venerdì, grazie.', 'Ich widerspreche Ihnen da, aber erzählen Sie mir mehr.',
  ])('%s → not unsubscribe', (text) => {
    expect(scoreIntent(text).intent).not.toBe('unsubscribe');
  });
});

describe('"now" is not a date', () => {
  it.each([
    'Not right now, maybe on March 1, 2027.',
    'Jetzt nicht, bitte melden Sie sich am 1. März 2027 wieder.',
    'Pas maintenant, merci. Peut-être le 1 mars 2027.',
    'Ahora no, gracias. Quizás el 1 de marzo de 2027.',
    'Agora não, obrigado. Talvez no dia 1 de março de 2027.',
    'Non ora, grazie. Forse il 1 marzo 2027.',
    'Nu niet, bedankt. Misschien op 1 maart 2027.',
  ])('%s → not_now, only 1 March 2027, urgency not raised', (text) => {
    const c = reply(text);
    expect(c.intent).toBe('not_now');
    expect(c.entities).toEqual({ dates: ['2027-03-01'] });
    expect(c.urgency).toBe(0.1);
  });

  it('an out-of-office saying "right now" keeps its one stated return date', () => {
    expect(returnDate('I am on vacation right now. See you 18 May.', new Date('2026-05-11T09:00:00Z'))).toBe('2026-05-18');
    expect(returnDate('Ahora estoy de vacaciones. Nos vemos el 18 de mayo.', new Date('2026-05-11T09:00:00Z'))).toBe('2026-05-18');
  });
});
