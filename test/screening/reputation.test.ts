// Sender reputation: Authentication-Results (RFC 8601), relationship and history, lookalike domains.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.js';
import { authResults, editDistance, lookalikeOf, senderReputation } from '../../src/screening/reputation.js';
import type { SenderContext } from '../../src/screening/types.js';

const ctx = (over: Partial<SenderContext> = {}): SenderContext => ({
  weWroteFirst: false, inKnownThread: false, repliedBefore: false, bounces: 0, complaints: 0, suppressed: false,
  knownDomains: ['globex.test', 'initech.test'], ownDomains: ['acme.test'], ...over,
});
const mail = (from: string, auth?: string, extra = '') =>
  parseMessage(`From: ${from}\r\nTo: sarah@acme.test\r\nSubject: Re: hi\r\n${auth ? `Authentication-Results: ${auth}\r\n` : ''}${extra}\r\nok\r\n`);
const PASS = 'mx.acme.test; spf=pass smtp.mailfrom=globex.test; dkim=pass header.d=globex.test; dmarc=pass header.from=globex.test';
const FAIL = 'mx.acme.test; spf=fail smtp.mailfrom=acme.test; dkim=fail (bad sig) header.d=acme.test; dmarc=fail header.from=acme.test';

describe('Authentication-Results', () => {
  it('reads spf / dkim / dmarc and ignores comments', async () => {
    expect(authResults(await mail('tom@globex.test', PASS))).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'pass', dkimDomain: 'globex.test' });
  });

  // RFC 8601 §5: a sender can write its own Authentication-Results; only the receiving server's count.
  const forged = 'evil.test; spf=pass smtp.mailfrom=acme.test; dkim=pass header.d=acme.test; dmarc=pass header.from=acme.test';
  it("trusts the topmost field's server: a forged field further down is skipped and counted", async () => {
    const m = await mail('ceo@acme.test', FAIL, `Authentication-Results: ${forged}\r\n`);
    expect(authResults(m)).toMatchObject({ spf: 'fail', dkim: 'fail', dmarc: 'fail', untrusted: 1 });
    const r = senderReputation(m, ctx());
    expect(r.signals).toMatchObject({ dmarc: 'fail', untrusted_auth_results: 1 });
  });

  it('fields of one server split per method all count (spf, dkim, dmarc milters each add one)', async () => {
    const m = await mail('tom@globex.test', 'mx.acme.test; spf=pass smtp.mailfrom=globex.test', 'Authentication-Results: mx.acme.test 1; dkim=pass header.d=globex.test\r\nAuthentication-Results: mx.acme.test; dmarc=pass header.from=globex.test\r\n');
    expect(authResults(m)).toEqual({ spf: 'pass', dkim: 'pass', dmarc: 'pass', dkimDomain: 'globex.test' });
  });

  it('with screening.authserv_ids only those servers count, whatever comes first', async () => {
    const m = await mail('ceo@acme.test', forged, `Authentication-Results: ${FAIL}\r\n`);
    expect(authResults(m)).toMatchObject({ spf: 'pass', untrusted: 1 }); // the default trusts the topmost: here the forgery
    expect(authResults(m, ['MX.acme.test'])).toMatchObject({ spf: 'fail', dkim: 'fail', dmarc: 'fail', untrusted: 1 });
    expect(authResults(await mail('ceo@acme.test', forged), ['mx.acme.test'])).toEqual({ untrusted: 1 });
    expect(senderReputation(await mail('ceo@acme.test', forged), ctx(), ['mx.acme.test']).signals.dmarc).toBeUndefined();
  });

  it('no context: neutral-ish from headers alone', async () => {
    const none = senderReputation(await mail('tom@globex.test'));
    const pass = senderReputation(await mail('tom@globex.test', PASS));
    expect(none.score).toBe(0.5);
    expect(none.signals.context).toBe('none');
    expect(pass.score).toBeGreaterThan(0.7);
    expect(pass.score).toBeLessThan(0.9);
  });
});

describe('relationship and history', () => {
  it('a known thread we started, authenticated, scores high', async () => {
    const r = senderReputation(await mail('tom@globex.test', PASS), ctx({ weWroteFirst: true, inKnownThread: true, repliedBefore: true }));
    expect(r.score).toBeGreaterThanOrEqual(0.9);
    expect(r.signals.weWroteFirst).toBe(true);
  });

  it('complaints, bounces and suppression pull it down', async () => {
    const r = senderReputation(await mail('tom@globex.test', PASS), ctx({ complaints: 1, bounces: 3, suppressed: true }));
    expect(r.score).toBeLessThan(0.35);
  });

  it('mail claiming our own domain that fails auth is a spoof', async () => {
    const r = senderReputation(await mail('ceo@acme.test', FAIL), ctx());
    expect(r.signals.spoofs_own_domain).toBe(true);
    expect(r.score).toBe(0);
  });
});

describe('lookalike domains', () => {
  it.each([
    ['acrne.test', 'acme.test', 'homoglyph'],
    ['g1obex.test', 'globex.test', 'homoglyph'],
    ['gl0bex.test', 'globex.test', 'homoglyph'],
    ['globex.example', 'globex.test', 'other_tld'],
    ['globx.test', 'globex.test', 'edit_distance_1'],
    ['lgobex.test', 'globex.test', 'edit_distance_1'],
    ['initehc.test', 'initech.test', 'edit_distance_1'],
    ['inltecb.test', 'initech.test', 'edit_distance_2'],
  ])('%s imitates %s (%s)', (domain, of, how) => expect(lookalikeOf(domain, ['acme.test', 'globex.test', 'initech.test'])).toEqual({ of, how }));

  it('the real domain and unrelated domains are not lookalikes', () => {
    expect(lookalikeOf('mail.globex.test', ['globex.test'])).toBeNull();
    expect(lookalikeOf('hooli.test', ['globex.test', 'acme.test'])).toBeNull();
  });

  it('a lookalike sender loses reputation and says why', async () => {
    const r = senderReputation(await mail('tom@g1obex.test', 'mx; spf=pass; dkim=pass header.d=g1obex.test; dmarc=pass'), ctx());
    expect(r.signals.lookalike_of).toBe('globex.test');
    expect(r.score).toBeLessThan(0.5);
  });

  it('Reply-To on a lookalike domain is penalised', async () => {
    const r = senderReputation(await mail('tom@globex.test', PASS, 'Reply-To: tom@globex-billing.test\r\n'), ctx());
    expect(r.signals.reply_to_domain).toBe('globex-billing.test');
  });

  it('edit distance counts transpositions as one', () => expect(editDistance('acme', 'amce')).toBe(1));
});
