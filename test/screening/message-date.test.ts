// Dates in a message are read against when it was written (its Date, RFC 5322 §3.6.1), not when mailgent
// gets to it: an out-of-office screened weeks late keeps its stated return date in seven languages (a year-less
// "19 October" does not roll into next year), a reply's "Thursday" is the Thursday after it was sent, and a Date
// header far in the future (a wrong clock) or missing falls back to now.
import { describe, expect, it } from 'vitest';
import { screen } from '../../src/screening/screen.js';
import type { ScreenOptions } from '../../src/screening/types.js';

/** Six weeks after the messages below were sent, and after the return date they state. */
const NOW = new Date('2026-11-16T09:00:00Z');
const SENT = 'Mon, 05 Oct 2026 10:00:00 +0000';
const opts = (o: Partial<ScreenOptions> = {}): ScreenOptions => ({ direction: 'in', classification: 'embedded', injectionThreshold: 0.7, now: NOW, ...o });
const mail = (subject: string, body: string, date: string | null = SENT) =>
  `From: Pat Doe <pat@buyer.test>\r\nTo: sarah@seller.test\r\n${date ? `Date: ${date}\r\n` : ''}Message-ID: <a1@buyer.test>\r\nMIME-Version: 1.0\r\n`
  + `Subject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;

// Each states Monday 19 October without a year, sent on Monday 5 October 2026.
const OOO: [string, string, string][] = [
  ['en', 'Automatic reply: Demo', 'Thank you for your email. I am out of the office and will be back on Monday, October 19. For anything urgent, please contact my colleague.'],
  ['de', 'Automatische Antwort: Demo', 'Vielen Dank für Ihre Nachricht. Ich bin im Urlaub und ab dem 19. Oktober wieder im Büro. Ihre E-Mail wird nicht weitergeleitet.'],
  ['de numeric', 'Abwesenheitsnotiz', 'Ich bin nicht im Büro und ab 19.10. wieder erreichbar. In dringenden Fällen wenden Sie sich bitte an das Sekretariat.'],
  ['fr', 'Réponse automatique : Demo', "Merci pour votre message. Je suis absent du bureau et de retour le lundi 19 octobre. En cas d'urgence, contactez le standard."],
  ['es', 'Respuesta automática: Demo', 'Gracias por su mensaje. Estoy fuera de la oficina y volveré el lunes 19 de octubre. Para asuntos urgentes, contacte con la oficina central.'],
  ['pt', 'Resposta automática: Demo', 'Obrigado pela sua mensagem. Estou de férias e retorno no dia 19 de outubro. Para assuntos urgentes, contacte a nossa equipa.'],
  ['it', 'Risposta automatica: Demo', 'Grazie per il suo messaggio. Sono fuori ufficio e rientrerò lunedì 19 ottobre. Per urgenze, contatti la segreteria.'],
  ['nl', 'Automatisch antwoord: Demo', 'Beste afzender,\n\nIk ben met vakantie en vanaf maandag 19 oktober weer op kantoor. Uw e-mail wordt niet doorgestuurd.\n\nMet vriendelijke groet,\nPat'],
];

describe('screen(): dates read against the message Date', () => {
  it.each(OOO)('%s: an out-of-office screened six weeks late keeps its return date (2026-10-19, not 2027)', async (_lang, subject, body) => {
    const r = await screen(mail(subject, body), opts());
    expect(r.kind).toBe('auto_reply');
    expect(r.auto_reply).toEqual({ outOfOffice: true, returnDate: '2026-10-19' });
    expect(r).toMatchObject({ intent: 'out_of_office', entities: { dates: ['2026-10-19'] } });
  });

  it('relative wording ("next Monday") counts from the Date too', async () => {
    const r = await screen(mail('Out of office', "I'm out of the office this week and will be back next Monday. For anything urgent, call the front desk."), opts());
    expect(r.auto_reply?.returnDate).toBe('2026-10-12');
  });

  it("a reply's entities are anchored on its Date: \"Thursday at 10am ET\" is the Thursday after it was sent", async () => {
    const r = await screen(mail('Re: Demo', 'Hi Sarah,\n\nThursday at 10am ET works for me.\n\nTom'), opts());
    expect(r.entities).toMatchObject({ dates: ['2026-10-08'], times: ['10:00'], datetimes: ['2026-10-08T14:00:00.000Z'] });
  });

  it('a Date more than a day ahead of the clock, or none, falls back to now', async () => {
    const body = 'I am out of the office and will be back on 30 November. For anything urgent, please contact my colleague.';
    expect((await screen(mail('Automatic reply: Demo', body, 'Tue, 01 Jun 2027 10:00:00 +0000'), opts())).auto_reply?.returnDate).toBe('2026-11-30');
    expect((await screen(mail('Automatic reply: Demo', body, null), opts())).auto_reply?.returnDate).toBe('2026-11-30');
    // Twenty hours ahead is clock skew, not a wrong clock: the Date still anchors ("tomorrow" after Tuesday).
    const skewed = await screen(mail('Re: Demo', 'Tomorrow at 3pm works.', 'Tue, 17 Nov 2026 05:00:00 +0000'), opts());
    expect(skewed.entities?.dates).toEqual(['2026-11-18']);
  });
});

describe('a wrong clock on the sender\'s side (autoreply.ts referenceTime, parse.ts receivedStamp)', () => {
  const RECEIVED = 'Received: from mx.buyer.test (mx.buyer.test [127.0.0.1])\r\n\tby mail.seller.test (Postfix) with ESMTP id 4F2A1\r\n\tfor <sarah@seller.test>; Fri, 20 Nov 2026 09:14:02 +0000 (UTC)\r\n';
  const NOV = new Date('2026-11-21T09:00:00Z');
  const STAMP = '2026-11-20T09:14:02.000Z';

  it('a Date years off the receiving server\'s stamp gives way to the stamp: "back on Monday" is 23 November 2026', async () => {
    const raw = RECEIVED + mail('Automatic reply: Demo', 'I am out of the office and will be back on Monday. For urgent matters please contact my colleague.', 'Mon, 01 Jan 2018 10:00:00 +0000');
    const r = await screen(new TextEncoder().encode(raw), opts({ now: NOV }));
    expect(r.kind).toBe('auto_reply');
    expect(r.auto_reply?.returnDate).toBe('2026-11-23');
    expect(r.auto_reply?.sentAt).toBe(STAMP);
  });

  it('keeps the Date within five days of the stamp (delivery delay), when the stamp is unreadable, or ahead of now', async () => {
    const { parseMessage, receivedStamp } = await import('../../src/inbound/parse.js');
    const { referenceTime } = await import('../../src/inbound/autoreply.js');
    const parsed = async (date: string) => parseMessage(new TextEncoder().encode(RECEIVED + mail('Re: demo', 'Thanks!', date)));
    const delayed = await parsed('Tue, 17 Nov 2026 08:00:00 +0000');
    expect(delayed.received?.toISOString()).toBe(STAMP);
    expect(referenceTime(delayed.date, NOV, delayed.received).toISOString()).toBe('2026-11-17T08:00:00.000Z');
    const off = await parsed('Sat, 14 Nov 2026 08:00:00 +0000');
    expect(referenceTime(off.date, NOV, off.received).toISOString()).toBe(STAMP);
    expect(receivedStamp('from x by y; not a date')).toBeNull();
    expect(receivedStamp('from x by y with ESMTP')).toBeNull();
    expect(referenceTime(null, NOV, new Date(STAMP)).toISOString()).toBe(STAMP);
    // a test clock (or a server clock) far from the stamp: the stamp is ahead of now and not used
    const may = new Date('2026-05-11T09:00:00Z');
    expect(referenceTime(new Date('2026-05-11T08:00:00Z'), may, new Date(STAMP)).toISOString()).toBe('2026-05-11T08:00:00.000Z');
  });
});
