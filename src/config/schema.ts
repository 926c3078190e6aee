// The mailgent.yaml schema (SPEC.md), in zod. Unknown keys are errors, so a typo is caught where it is.
import { z } from 'zod';
import { SECRET_REF_RE } from './secrets.js';

export const AGENT_NAME_RE = /^[a-z0-9][a-z0-9-]*$/;
export const LABEL_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// Friendlier wording for the two commonest problems: a missing key and a value of the wrong type.
z.config({
  customError: (iss) => {
    if (iss.code === 'invalid_type') {
      return iss.input === undefined ? 'required, but missing' : `expected ${iss.expected}, got ${iss.input === null ? 'null' : typeof iss.input}`;
    }
    return undefined;
  },
});

const secretRef = z.string().regex(SECRET_REF_RE, 'expected a secret reference (env:NAME or file:PATH), never the secret itself');
const timeZone = z.string().refine(isValidTimeZone, 'expected an IANA time zone such as America/New_York');
const security = z.enum(['tls', 'starttls', 'none']);
const port = z.number().int().min(1).max(65535);

export const smtpSchema = z.object({
  host: z.string().min(1),
  port: port.default(587),
  security: security.default('starttls'),
  user: z.string().min(1).optional(),
  pass: secretRef.optional(),
  /** Connection and greeting timeouts, milliseconds. */
  timeout_ms: z.number().int().positive().default(30_000),
}).strict();

export const imapSchema = z.object({
  host: z.string().min(1),
  port: port.default(993),
  security: security.default('tls'),
  user: z.string().min(1),
  pass: secretRef,
  inbox: z.string().min(1).default('INBOX'),
  sent: z.string().min(1).default('auto'),
  timeout_ms: z.number().int().positive().default(30_000),
}).strict();

export const agentSchema = z.object({
  address: z.email('expected an email address such as sarah@acme.example'),
  name: z.string().optional(),
  timezone: timeZone.default('UTC'),
  transport: z.enum(['smtp', 'sandbox']).default('smtp'),
  /** One SMTP server, or a list tried in order (failover). Normalised to a list. */
  smtp: z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(smtpSchema).min(1)).optional(),
  imap: imapSchema.optional(),
  limits: z.object({
    per_hour: z.number().int().positive().default(30),
    per_day: z.number().int().positive().default(200),
    /** Sends to any one recipient domain per hour. */
    per_domain_per_hour: z.number().int().positive().default(20),
    /** Least time between two sends, seconds; plus up to jitter_seconds, different for each send. */
    min_gap_seconds: z.number().min(0).default(0),
    jitter_seconds: z.number().min(0).default(0),
    /** Daily caps for the agent's first days (day 1 = its first send), then per_day. Default: 20, 40, 80, 150 for smtp agents. */
    warmup: z.array(z.number().int().positive()).optional(),
  }).strict().default({ per_hour: 30, per_day: 200, per_domain_per_hour: 20, min_gap_seconds: 0, jitter_seconds: 0 }),
  /** DKIM signing (RFC 6376) at compose time, so the Sent copy holds the signed message. */
  dkim: z.object({
    domain: z.string().min(1),
    selector: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a DNS label such as mail2026'),
    private_key: secretRef,
  }).strict().optional(),
  classification: z.enum(['embedded', 'llm', 'off']).default('embedded'),
  signature: z.string().optional(),
}).strict().superRefine((a, ctx) => {
  if (a.transport === 'smtp') {
    if (!a.smtp) ctx.addIssue({ code: 'custom', path: ['smtp'], message: 'transport smtp needs an smtp: section (host, port, security, user, pass)' });
    if (!a.imap) ctx.addIssue({ code: 'custom', path: ['imap'], message: 'transport smtp needs an imap: section to read replies (host, port, security, user, pass)' });
  }
});

export const configSchema = z.object({
  version: z.literal(1).default(1),
  state: z.string().min(1).default('.mailgent/state.db'),
  agents: z.record(z.string().regex(AGENT_NAME_RE, 'agent names use lowercase letters, digits and "-"'), agentSchema)
    .refine((r) => Object.keys(r).length > 0, 'define at least one agent'),
  screening: z.object({
    injection_threshold: z.number().min(0).max(1).default(0.7),
    review_label: z.string().regex(LABEL_RE).default('needs-review'),
    /** RFC 8601 §5: the authserv-ids (e.g. mx.google.com) whose Authentication-Results fields reputation trusts. */
    authserv_ids: z.array(z.string().min(1).regex(/^[^\s;]+$/, 'an authserv-id is one token, e.g. mx.example.com')).min(1).optional(),
  }).strict().default({ injection_threshold: 0.7, review_label: 'needs-review' }),
  unsubscribe: z.object({
    mailto: z.email().optional(),
    url: z.string().url().refine((u) => u.includes('{token}'), 'the URL needs a {token} placeholder, e.g. https://acme.example/u/{token}').optional(),
    secret: secretRef.optional(),
    footer: z.boolean().default(true),
  }).strict().optional(),
  policies: z.object({
    complaint_pause_rate: z.number().min(0).max(1).default(0.003),
    bounce_pause_rate: z.number().min(0).max(1).default(0.05),
    /** Sends in the window before a rate may pause an agent. */
    min_sample: z.number().int().positive().default(50),
    /** Outbound risk at or above this holds a send for review (`mailgent outbox approve|drop`). */
    hold_risk: z.number().min(0).max(1).default(0.7),
  }).strict().default({ complaint_pause_rate: 0.003, bounce_pause_rate: 0.05, min_sample: 50, hold_risk: 0.7 }),
  llm: z.object({
    base_url: z.string().url(),
    model: z.string().min(1),
    api_key: secretRef.optional(),
  }).strict().optional(),
}).strict();

export type ConfigFile = z.infer<typeof configSchema>;
export type AgentConfigFile = z.infer<typeof agentSchema>;
export type SmtpConfig = z.infer<typeof smtpSchema>;
export type ImapConfig = z.infer<typeof imapSchema>;
