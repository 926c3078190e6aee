// Reply text: quoted history in several languages and clients, signatures, HTML-only messages.
import { describe, expect, it } from 'vitest';
import { firstSeparator, replyText, splitReply } from '../../src/inbound/quotes.js';
import { replyHtmlText } from '../../src/inbound/html-text.js';
import { corpusEval } from './corpus.js';

const NEW = 'Tuesday at 10am works for us.';

describe('quoted history', () => {
  it.each([
    ['gmail', `${NEW}\n\nOn Tue, Nov 17, 2026 at 2:14 PM Sarah Chen <sarah@acme.test> wrote:\n> Hi Tom,\n> call?`],
    ['wrapped attribution', `${NEW}\n\nOn Tue, Nov 17, 2026 at 2:14 PM Sarah Chen <\nsarah@acme.test> wrote:\n> Hi`],
    ['de', `${NEW}\n\nAm Di., 17. Nov. 2026 um 14:14 Uhr schrieb Sarah Chen <sarah@acme.test>:\n> Hallo`],
    ['fr', `${NEW}\n\nLe mar. 17 nov. 2026 à 14:14, Sarah Chen <sarah@acme.test> a écrit :\n> Bonjour`],
    ['es', `${NEW}\n\nEl mar, 17 nov 2026 a las 14:14, Sarah Chen (<sarah@acme.test>) escribió:\n> Hola`],
    ['pt', `${NEW}\n\nEm ter., 17 de nov. de 2026 às 14:14, Sarah Chen <sarah@acme.test> escreveu:\n> Olá`],
    ['it', `${NEW}\n\nIl giorno mar 17 nov 2026 alle ore 14:14 Sarah Chen <sarah@acme.test> ha scritto:\n> Ciao`],
    ['nl', `${NEW}\n\nOp di 17 nov. 2026 om 14:14 schreef Sarah Chen <sarah@acme.test>:\n> Hoi`],
    ['outlook block', `${NEW}\n\n________________________________\nFrom: Sarah Chen <sarah@acme.test>\nSent: Tuesday, November 17, 2026 2:14 PM\nTo: Tom\nSubject: Hi\n\nHi Tom`],
    ['original message', `${NEW}\n\n-----Original Message-----\nFrom: Sarah\nSent: Tuesday\nTo: Tom\nSubject: Hi\n\nHi Tom`],
    ['forwarded', `${NEW}\n\n---------- Forwarded message ---------\nFrom: Sarah Chen <sarah@acme.test>\nDate: Tue\n\nHi`],
    ['forwarded, pt', `${NEW}\n\n---------- Mensagem encaminhada ---------\nDe: Sarah Chen <sarah@acme.test>\n\nOlá`],
    ['forwarded, it', `${NEW}\n\n---------- Messaggio inoltrato ---------\nDa: Sarah Chen <sarah@acme.test>\n\nCiao`],
    ['forwarded, nl', `${NEW}\n\n---------- Doorgestuurd bericht ---------\nVan: Sarah Chen <sarah@acme.test>\n\nHoi`],
    ['signature delimiter', `${NEW}\n\n-- \nTom Baker\nVP Engineering`],
    ['sign-off + title + phone', `${NEW}\n\nBest regards,\nTom Baker\nVP Engineering | Globex\nm: +1 (415) 555-0142`],
    ['sign-off with name', `${NEW}\n\nThanks, Tom`],
    ['mobile footer', `${NEW}\n\nSent from my iPhone`],
    ['name/title/phone block without sign-off', `${NEW}\n\nTom Baker\nVP Engineering, Globex\n+1 415 555 0142`],
    ['ja gmail', `${NEW}\n\n2026年11月20日(金) 10:00 Sarah Chen <sarah@acme.test>:\n> こんにちは`],
    ['ja gmail, fullwidth colon', `${NEW}\n\n2026年11月20日(金) 10:00 Sarah Chen <sarah@acme.test>：\n> こんにちは`],
    ['ja gmail, wrapped', `${NEW}\n\n2026年11月20日(金) 10:00 Sarah Chen <\nsarah@acme.test>:\n> こんにちは`],
    ['ja さんは書きました', `${NEW}\n\n2026/11/20 10:00、Sarah Chen さんは書きました:\n> こんにちは`],
    ['zh gmail', `${NEW}\n\nSarah Chen <sarah@acme.test> 于2026年11月20日周五 10:00写道：\n> 你好`],
    ['zh gmail, wrapped', `${NEW}\n\nSarah Chen <sarah@acme.test> 于2026年11月20日周五\n10:00写道：\n> 你好`],
    ['zh-TW gmail', `${NEW}\n\nSarah Chen <sarah@acme.test> 於 2026年11月20日 週五 上午10:00寫道：\n> 你好`],
    ['ko gmail', `${NEW}\n\n2026년 11월 20일 (금) 오전 10:00, Sarah <sarah@acme.test>님이 작성:\n> 안녕하세요`],
    ['ja outlook block', `${NEW}\n\n差出人: Sarah Chen <sarah@acme.test>\n送信日時: 2026年11月20日 10:00\n宛先: Tom\n件名: Demo\n\nこんにちは`],
    ['zh outlook block', `${NEW}\n\n发件人: Sarah Chen <sarah@acme.test>\n发送时间: 2026年11月20日 10:00\n收件人: Tom\n主题: Demo\n\n你好`],
    ['zh-TW outlook block, fullwidth colons', `${NEW}\n\n寄件者： Sarah Chen <sarah@acme.test>\n寄件日期： 2026年11月20日 上午 10:00\n收件者： Tom\n主旨： Demo\n\n你好`],
    ['ko outlook block', `${NEW}\n\n보낸 사람: Sarah Chen <sarah@acme.test>\n보낸 날짜: 2026년 11월 20일 금요일 오전 10:00\n받는 사람: Tom\n제목: Demo\n\n안녕하세요`],
  ])('%s', (_, text) => expect(replyText(text, null)).toBe(NEW));

  it.each([
    '2026年11月20日の会議について:\n火曜日の10時でお願いします。',
    '田中さんは書きました。火曜日の10時でお願いします。',
    '2026년 11월 20일 회의 안건:\n화요일 10시 괜찮습니다.',
  ])('keeps CJK prose with a date or the verb but no attribution: %s', (text) => {
    expect(replyText(text, null)).toBe(text);
  });

  it('keeps prose that merely starts with "Thanks"', () => {
    expect(replyText('Thanks for the note, the pricing looks fine.\n\nBest,\nTom', null)).toBe('Thanks for the note, the pricing looks fine.');
  });

  it.each([
    'I wrote to your colleague last week and never heard back: is this still on offer?',
    'As I wrote before, the budget is frozen until March.',
    'Our CTO wrote the spec last month and would like a call',
    'Hat unser Einkauf schon geschrieben? Thomas schrieb mir gestern, dass es passt',
  ])('keeps prose that mentions writing: %s', (text) => {
    expect(replyText(`${text}\n\nOn Tue, Nov 17, 2026 at 2:14 PM Sarah Chen <sarah@acme.test> wrote:\n> Hi Tom`, null)).toBe(text);
  });

  it('returns the signature separately', () => {
    expect(splitReply(`${NEW}\n\nBest,\nTom\n+1 415 555 0142`, null)).toEqual({ body: NEW, signature: 'Best,\nTom\n+1 415 555 0142' });
  });
});

describe('firstSeparator', () => {
  it('finds the first forwarded or original-message line, in one pass over any text', () => {
    const text = 'Hi,\n\n-- \nTom\n\nBegin forwarded message:\nFrom: Sarah\n\n-----Original Message-----\n';
    expect(firstSeparator(text)).toBe(text.indexOf('Begin'));
    expect(firstSeparator('  ---------- Weitergeleitete Nachricht ----------\nVon: Sarah')).toBe(0);
    expect(firstSeparator('no separator here\n- a bullet\nbye')).toBe(-1);
    const t0 = performance.now();
    expect(firstSeparator('-\n'.repeat(1_000_000))).toBe(-1);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe('a legal notice after the signature', () => {
  const EN = 'This e-mail and any attachments are confidential and intended solely for the addressee. If you are not the intended recipient, please notify the sender and delete it.';
  it.each([
    ['"-- " then a notice heading', `${NEW}\n\n-- \nSarah\n\nCONFIDENTIALITY NOTICE: ${EN}`],
    ['sign-off then a notice heading', `${NEW}\n\nBest regards,\nSarah Chen\n\nCONFIDENTIALITY NOTICE: ${EN}`],
    ['a notice heading with no signature', `${NEW}\n\nCONFIDENTIALITY NOTICE: ${EN}`],
    ['a notice heading on its own line, two paragraphs', `${NEW}\n\nThanks,\nSarah\n\nDisclaimer\n${EN}\n\nDiese E-Mail enthält vertrauliche Informationen.`],
    ['sign-off + title + phone, then "This email and any attachments"', `${NEW}\n\nBest regards,\nSarah Chen\nVP Sales | Acme\n+1 415 555 0142\n\nThis email and any attachments to it may be confidential and are intended solely for the use of the addressee.`],
    ['de', `${NEW}\n\nMit freundlichen Grüßen\nSarah Chen\n\nDiese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender.`],
    ['fr', `${NEW}\n\nCordialement,\nSarah Chen\n\nCe message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires.`],
    ['es', `${NEW}\n\nSaludos cordiales,\nSarah Chen\n\nEste mensaje y sus anexos son confidenciales y están dirigidos exclusivamente a su destinatario.`],
    ['pt', `${NEW}\n\nAtenciosamente,\nSarah Chen\n\nEsta mensagem e seus anexos são confidenciais e destinados exclusivamente ao destinatário.`],
    ['it', `${NEW}\n\nCordiali saluti,\nSarah Chen\n\nQuesto messaggio e i suoi allegati sono riservati e destinati esclusivamente al destinatario.`],
    ['nl', `${NEW}\n\nMet vriendelijke groet,\nSarah Chen\n\nDit bericht is uitsluitend bestemd voor de geadresseerde en kan vertrouwelijke informatie bevatten.`],
  ])('%s: stripped with the signature', (_, text) => {
    const { body, signature } = splitReply(text, null);
    expect(body).toBe(NEW);
    expect(signature).toMatch(/confiden|vertrau|riservat|uitsluitend/i);
  });

  it.each([
    // Mentioned mid-text, the body goes on and signs off after it.
    `We can do Tuesday.\n\nThis email and any attachments are confidential, so please keep our pricing between us.\n\nThanks,\nTom`,
    // The last paragraph of a body with no signature before it is the sender's own words.
    `We can do Tuesday.\n\nThis message is confidential: please do not forward it to the vendor.`,
    // A whole message that is a notice is not emptied.
    `CONFIDENTIALITY NOTICE: ${EN}`,
  ])('keeps a body that mentions confidentiality: %s', (text) => {
    expect(replyText(text, null)).toBe(text.replace(/\n\nThanks,\nTom$/, ''));
  });
});

describe('HTML-only', () => {
  it('drops gmail_quote / blockquote and decodes entities', () => {
    const html = '<div dir="ltr">Price for 10 seats &amp; SSO?<br></div><div class="gmail_quote"><div class="gmail_attr">On Tue, Sarah wrote:</div><blockquote>Hi Tom</blockquote></div>';
    expect(replyText('', html)).toBe('Price for 10 seats & SSO?');
  });

  it('drops the Outlook reply header container', () => {
    expect(replyHtmlText('<p>Yes, let\'s talk.</p><hr><div id="divRplyFwdMsg"><b>From:</b> Sarah</div><div>old</div>').trim()).toBe("Yes, let's talk.");
  });
});

describe('corpus', () => {
  for (const subset of ['tuned', 'holdout'] as const) {
    it(`${subset}: reply text matches the labelled text`, async () => {
      const ev = await corpusEval(subset);
      expect(ev.body.correct / ev.body.total, ev.body.misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    });
  }
});
