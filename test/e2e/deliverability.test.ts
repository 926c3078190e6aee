// Deliverability on the real Postfix + Dovecot: a DKIM signature verified by hand on the delivered copy, a hard
// bounce from Postfix → suppressed → the next send refused, failover when the primary port refuses, and an SMTP
// fault proxy (421/451/550, drops mid-DATA and after the ".") — retried, failed over or reported, never duplicated.
import { createHash, createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInboundForDeliverability } from '../../src/deliverability/inbound.js';
import { publicKeyBase64 } from '../../src/deliverability/doctor.js';
import { dispatch } from '../../src/mail/dispatch.js';
import { send } from '../../src/mail/send.js';
import { syncInbox } from '../../src/mail/sync.js';
import { makeMessageId } from '../../src/ids.js';
import { MailgentError } from '../../src/errors.js';
import { FailoverMailer } from '../../src/transport/failover.js';
import { SmtpMailer } from '../../src/transport/smtp.js';
import { getMailstack, waitForMessages, waitForQueueDrained, type TestUser } from '../mailstack/index.js';
import { openTestContext, type TestCtx } from '../deliverability/helpers.js';
import { startFaultProxy, type FaultProxy } from '../deliverability/faultproxy.js';

const stack = getMailstack();
let sarah: TestUser;
let bob: TestUser;
const contexts: TestCtx[] = [];
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function yaml(smtpPorts: number[], extra = ''): string {
  return [
    'version: 1', 'agents:', '  sarah:', `    address: ${sarah.address}`, '    name: Sarah Chen',
    '    limits: { per_hour: 1000, per_day: 1000, per_domain_per_hour: 1000, warmup: [] }',
    '    smtp:', ...smtpPorts.flatMap((p) => [`      - host: ${stack.smtp.host}`, `        port: ${p}`, '        security: none', `        user: ${sarah.user}`, '        pass: env:MG_E2E_SARAH_PASS', '        timeout_ms: 5000']),
    '    imap:', `      host: ${stack.imap.host}`, `      port: ${stack.imap.port}`, '      security: none', `      user: ${sarah.user}`, '      pass: env:MG_E2E_SARAH_PASS',
    extra,
  ].join('\n') + '\n';
}

function open(y: string, files: Record<string, string> = {}): TestCtx {
  const t = openTestContext(y, files, new Date().toISOString());
  contexts.push(t);
  return t;
}

/** A TCP port with nothing listening (bound, then closed). */
async function refusedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function copiesOf(user: TestUser, messageId: string, sentinelSubject: string): Promise<number> {
  // Wait for a later sentinel and for every copy Postfix accepted to leave its queue: delivery is not FIFO,
  // so a large message (or a late duplicate) can land after the sentinel.
  await waitForMessages(user.user, user.pass, { count: 1, match: (m) => m.envelope?.subject === sentinelSubject, timeoutMs: 15_000 });
  const accepted = await waitForQueueDrained(messageId);
  const every = await waitForMessages(user.user, user.pass, { count: 0 });
  const copies = every.filter((m) => m.source.toString('latin1').includes(`Message-ID: ${messageId}`)).length;
  expect(copies, 'copies in the mailbox vs copies Postfix accepted').toBe(accepted);
  return copies;
}

beforeAll(async () => {
  sarah = await stack.createUser('sarah');
  bob = await stack.createUser('bob');
  process.env.MG_E2E_SARAH_PASS = sarah.pass;
});
afterAll(async () => { for (const t of contexts) await t.ctx.close(); });

describe('DKIM on the real stack', () => {
  it('the message Dovecot stores verifies: body hash and RSA signature over List-Unsubscribe and List-Unsubscribe-Post', async () => {
    process.env.MG_E2E_DKIM = PEM;
    process.env.MG_E2E_UNSUB = 'e2e-unsubscribe-secret-0123456789';
    const t = open(yaml([stack.smtp.port], [
      `    dkim: { domain: ${stack.domain}, selector: mg2026, private_key: env:MG_E2E_DKIM }`,
      'unsubscribe: { url: "https://acme.test/u/{token}", secret: env:MG_E2E_UNSUB }',
    ].join('\n')));
    const agent = t.ctx.agent('sarah');
    const messageId = makeMessageId(agent.address, `dkim-${Date.now()}`);
    await dispatch(t.ctx, {
      agent, to: [bob.address], cc: [], subject: 'Signed hello', text: 'Hi Bob,\nthis one is signed.\n', messageId, threadId: 't_dkim',
      threadSubject: 'Signed hello', threadRoot: messageId, contact: bob.address, origin: 'step', enrollmentId: 'e1', stepId: 'intro',
    });
    const [got] = await waitForMessages(bob.user, bob.pass, { match: (m) => m.envelope?.messageId === messageId });
    const verdict = verifyDkim(got!.source, publicKeyBase64(PEM));
    expect(verdict.headers).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject', 'message-id']));
    expect(verdict).toMatchObject({ bodyHashOk: true, signatureOk: true, d: stack.domain, s: 'mg2026' });
    // The outbox holds the signed bytes, exactly what was submitted.
    const raw = t.ctx.store.outbox.raw('sarah', t.ctx.store.outbox.byMessageId('sarah', messageId)!.id);
    expect(raw.toString('latin1').startsWith('DKIM-Signature:')).toBe(true);
    // A tampered copy fails: the check can fail.
    const tampered = Buffer.from(got!.source.toString('latin1').replace('this one is signed', 'this one is forged'), 'latin1');
    expect(verifyDkim(tampered, publicKeyBase64(PEM)).bodyHashOk).toBe(false);
  });
});

describe('bounces, failover and faults on the real stack', () => {
  it('a hard bounce from Postfix suppresses the address; the next send to it is refused', async () => {
    const t = open(yaml([stack.smtp.port]));
    const agent = t.ctx.agent('sarah');
    const ghost = `nobody-${Date.now()}@${stack.domain}`;
    const sent = await send(t.ctx, { to: [ghost], subject: 'Hello ghost', text: 'Hi' });
    await waitForMessages(sarah.user, sarah.pass, { match: (m) => /Undelivered|Returned|failure/i.test(m.envelope?.subject ?? ''), timeoutMs: 15_000 });
    const outcomes: unknown[] = [];
    const bounces: string[] = [];
    await syncInbox(t.ctx, agent, (m) => {
      if (m.message.kind === 'bounce') bounces.push(m.message.id);
      outcomes.push(handleInboundForDeliverability(t.ctx, agent, m));
    });
    // The stored bounce's screening (RFC 3464): hard, 5.x.x, and the Message-ID we sent, found in the returned headers.
    expect(bounces).toHaveLength(1);
    const stored = t.ctx.store.messages.get('sarah', bounces[0]!)!;
    expect(stored.kind).toBe('bounce');
    expect(stored.screening?.bounce).toMatchObject({ hard: true, status: expect.stringMatching(/^5\.\d{1,3}\.\d{1,3}$/), action: 'failed', recipient: ghost, originalMessageId: sent.message_id });
    expect(outcomes).toContainEqual({ action: 'suppressed', address: ghost, reason: 'hard_bounce', source: 'bounce', added: true });
    await expect(send(t.ctx, { to: [ghost], subject: 'Again', text: 'Hi' })).rejects.toMatchObject({ code: 'SUPPRESSED' });
  });

  it('fails over when the primary SMTP port refuses; delivered once', async () => {
    const t = open(yaml([await refusedPort(), stack.smtp.port]));
    const r = await send(t.ctx, { to: [bob.address], subject: 'via failover', text: 'Hi' });
    expect(r.status).toBe('sent');
    await send(t.ctx, { to: [bob.address], subject: 'sentinel failover', text: 'end' });
    expect(await copiesOf(bob, r.message_id, 'sentinel failover')).toBe(1);
  });

  describe('fault proxy', () => {
    let proxy: FaultProxy;
    beforeAll(async () => { proxy = await startFaultProxy(stack.smtp.port); });
    afterAll(async () => { await proxy.close(); });
    const mailer = (ports: number[], attempts: { next: string }[]) => new FailoverMailer(
      ports.map((p) => ({ label: `SMTP 127.0.0.1:${p}`, mailer: new SmtpMailer({ host: '127.0.0.1', port: p, security: 'none', user: sarah.user, passValue: sarah.pass, timeout_ms: 5000, label: `SMTP 127.0.0.1:${p}` }) })),
      { sleep: async () => undefined, onAttempt: (a) => attempts.push({ next: a.next }) },
    );
    async function raw(subject: string): Promise<{ id: string; bytes: Buffer }> {
      const { composeMessage } = await import('../../src/transport/smtp.js');
      const id = makeMessageId(sarah.address, `${subject}-${Date.now()}`);
      return { id, bytes: await composeMessage({ from: { address: sarah.address }, to: [bob.address], subject, text: 'x'.repeat(200), messageId: id, date: new Date() }) };
    }

    it('421 greeting and 451 instead of the final "." are retried; each message arrives exactly once', async () => {
      const attempts: { next: string }[] = [];
      const m1 = await raw('fault 421');
      proxy.plan.push('greet421');
      await mailer([proxy.port], attempts).submit({ from: sarah.address, to: [bob.address] }, m1.bytes);
      const m2 = await raw('fault 451');
      proxy.plan.push('data451');
      await mailer([proxy.port], attempts).submit({ from: sarah.address, to: [bob.address] }, m2.bytes);
      expect(attempts).toEqual([{ next: 'retry' }, { next: 'retry' }]);
      const s = await raw('sentinel 421/451');
      await mailer([proxy.port], attempts).submit({ from: sarah.address, to: [bob.address] }, s.bytes);
      expect(await copiesOf(bob, m1.id, 'sentinel 421/451')).toBe(1);
      expect(await copiesOf(bob, m2.id, 'sentinel 421/451')).toBe(1);
    });

    it('550 is a rejection: not retried, not failed over, nothing delivered', async () => {
      proxy.plan.push('rcpt550');
      const attempts: { next: string }[] = [];
      const m = await raw('fault 550');
      const e = await mailer([proxy.port, stack.smtp.port], attempts).submit({ from: sarah.address, to: [bob.address] }, m.bytes).then(() => null, (x) => x as MailgentError);
      expect(e?.code).toBe('SEND_FAILED');
      expect(e?.details).toMatchObject({ temporary: false, responseCode: 550 });
      expect(attempts).toEqual([{ next: 'give_up' }]);
      const s = await raw('sentinel 550');
      await mailer([stack.smtp.port], attempts).submit({ from: sarah.address, to: [bob.address] }, s.bytes);
      expect(await copiesOf(bob, m.id, 'sentinel 550')).toBe(0);
    });

    // 8 MB: more than the loopback socket buffers hold, so the client is still writing when the connection drops.
    it('a drop in the middle of a large DATA is retried (the server aborted it, RFC 5321 §3.8): delivered once', async () => {
      proxy.plan.push('drop_mid_data');
      const attempts: { next: string }[] = [];
      const { composeMessage } = await import('../../src/transport/smtp.js');
      const id = makeMessageId(sarah.address, `big-${Date.now()}`);
      const big = await composeMessage({ from: { address: sarah.address }, to: [bob.address], subject: 'fault big drop', text: 'lorem ipsum dolor sit amet\n'.repeat(320_000), messageId: id, date: new Date() });
      await mailer([proxy.port], attempts).submit({ from: sarah.address, to: [bob.address] }, big);
      expect(attempts).toEqual([{ next: 'retry' }]);
      const s = await raw('sentinel big drop');
      await mailer([stack.smtp.port], attempts).submit({ from: sarah.address, to: [bob.address] }, s.bytes);
      expect(await copiesOf(bob, id, 'sentinel big drop')).toBe(1);
    });

    it('a drop after the "." (reply lost) is never retried: dispatch records it unproven; exactly one copy exists', async () => {
      const t = open(yaml([proxy.port, stack.smtp.port]));
      proxy.plan.push('drop_after_dot');
      const e = await send(t.ctx, { to: [bob.address], subject: 'fault after dot', text: 'Hi' }).then(() => null, (x) => x as MailgentError);
      expect(e?.details).toMatchObject({ ambiguous: true, phase: 'after_dot' });
      const row = t.ctx.store.outbox.withStatus('sarah', ['unproven'])[0]!;
      expect(row).toMatchObject({ status: 'unproven', subject: 'fault after dot' });
      await send(t.ctx, { to: [bob.address], subject: 'sentinel after dot', text: 'end' });
      expect(await copiesOf(bob, row.messageId, 'sentinel after dot')).toBe(1);
    });
  });
});

/** RFC 6376 verification of the first DKIM-Signature: relaxed/relaxed canonicalisation, rsa-sha256. */
function verifyDkim(source: Buffer, publicKeyB64: string): { bodyHashOk: boolean; signatureOk: boolean; headers: string[]; d: string; s: string } {
  const text = source.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const headerLines = text.slice(0, split).split(/\r\n(?![ \t])/);
  const body = text.slice(split + 4);
  const fields = headerLines.map((l) => ({ name: l.slice(0, l.indexOf(':')).trim().toLowerCase(), line: l }));
  const sigField = fields.find((f) => f.name === 'dkim-signature')!;
  const tags = Object.fromEntries(sigField.line.slice(sigField.line.indexOf(':') + 1).replace(/\r\n[ \t]/g, '').split(';')
    .map((kv) => kv.trim()).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1).replace(/\s+/g, '')]));
  // RFC 6376 §3.4.4 relaxed body: trailing WSP removed, WSP runs → one SP, trailing empty lines removed, CRLF-terminated.
  let canonBody = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, '')).join('\r\n').replace(/(\r\n)*$/, '');
  canonBody = canonBody ? `${canonBody}\r\n` : '';
  const bodyHashOk = createHash('sha256').update(canonBody, 'latin1').digest('base64') === tags.bh;
  // RFC 6376 §3.4.2 relaxed header: lower-case name, unfold, WSP runs → SP, trim around the colon and at the end.
  const relaxed = (line: string) => {
    const i = line.indexOf(':');
    return `${line.slice(0, i).trim().toLowerCase()}:${line.slice(i + 1).replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim()}`;
  };
  const names = String(tags.h).toLowerCase().split(':');
  const used = new Map<string, number>();
  const signedHeaders = names.map((n) => {
    // §5.4.2: repeated names are taken from the bottom up.
    const all = fields.filter((f) => f.name === n);
    const k = used.get(n) ?? 0;
    used.set(n, k + 1);
    const f = all[all.length - 1 - k];
    return f ? `${relaxed(f.line)}\r\n` : '';
  }).join('');
  const sigNoB = relaxed(sigField.line).replace(/b=[^;]*$/, 'b=').replace(/([; ]b=)[^;]*(;|$)/, '$1$2');
  const verifier = createVerify('RSA-SHA256');
  verifier.update(signedHeaders + sigNoB, 'latin1');
  const key = `-----BEGIN PUBLIC KEY-----\n${publicKeyB64.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
  const signatureOk = verifier.verify(key, Buffer.from(String(tags.b), 'base64'));
  return { bodyHashOk, signatureOk, headers: names, d: String(tags.d), s: String(tags.s) };
}
