import { z } from 'zod';
import { messageSchema } from './messages';

/**
 * Finding ids CONTRACTS.md §3 promises. The knowledge base (every analyzer's id) lives in the
 * analyzer registry, electron/core/diagnosis/analyzers/index.ts, and keeps all of these.
 */
export const CONTRACT_FINDING_IDS = [
  'job-token-expired',
  'job-stuck-running',
  'runner-token-is-pat',
  'runner-token-invalid',
  'registration-token-deprecated',
  'config-dir-read-only',
  'rotated-token-lost',
  'long-polling-bottleneck',
  'helper-image-permission-container',
  'orphaned-job-secrets',
  'quota-exceeded',
  'tls-unknown-authority',
  'gitlab-unreachable',
  'token-trailing-newline',
  'host-resource-exhaustion',
  'config-invalid',
  'runner-offline',
  'unexplained-errors',
] as const;

/** The fixes CONTRACTS.md §3 names; each one also says how to do it by hand. */
export const CONTRACT_FIX_IDS = [
  'rotate-runner-token',
  'replace-pat-with-runner-token',
  'writable-config-dir',
  'raise-request-concurrency',
  'delete-orphaned-job-secrets',
  'pin-helper-image',
  'cancel-stuck-job',
] as const;
export type ContractFixId = (typeof CONTRACT_FIX_IDS)[number];

/**
 * The fixes `runner-doctor fix` and the app's Fix step really apply today: the one list that
 * decides whether anything calls a fix "automated".
 */
export const AUTOMATED_FIX_IDS = [
  'cancel-stuck-job',
  'delete-orphaned-job-secrets',
  'pin-helper-image',
  'raise-request-concurrency',
  'replace-pat-with-runner-token',
  'rotate-runner-token',
  'writable-config-dir',
] as const satisfies readonly ContractFixId[];
export type AutomatedFixId = (typeof AUTOMATED_FIX_IDS)[number];

/** Fix ids a finding may point at: the contract's, then advice done by hand. */
export const FIX_IDS = [
  ...CONTRACT_FIX_IDS,
  'upgrade-gitlab',
  'upgrade-runner',
  'trust-gitlab-ca',
  'check-network-path',
  'fix-config',
  'strip-token-newline',
  'free-host-resources',
  'raise-quota',
  'renew-pat',
  'migrate-to-runner-auth-token',
  'start-docker-daemon',
  'fix-image-pull',
  'raise-job-memory',
  'raise-job-timeout',
  'fix-job-git-access',
  'fix-cache-storage',
  'shrink-artifacts',
  'renew-certificate',
  'enable-runner-registration',
  'schedule-job-pods',
  'investigate-failure',
] as const;
export type FixId = (typeof FIX_IDS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const evidenceLineSchema = z.object({
  file: z.string(),
  line: z.number().int().nonnegative(),
  excerpt: z.string(),
});
export type EvidenceLine = z.infer<typeof evidenceLineSchema>;

export const fixRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  automated: z.boolean(),
  /** For advice without automation: what to do by hand. */
  manual: z.string().optional(),
  /** The same texts as message ids and parameters, for other languages (`title`, `manual` stay English). */
  messages: z.object({ title: messageSchema, manual: messageSchema.optional() }).optional(),
});
export type FixRef = z.infer<typeof fixRefSchema>;

export const findingSchema = z.object({
  id: z.string(),
  severity: severitySchema,
  title: z.string(),
  summary: z.string(),
  evidence: z.array(evidenceLineSchema).min(1),
  fixes: z.array(fixRefSchema),
  references: z.array(z.string()),
  /** Optional extensions: which checks were ruled out, affected versions, subject (job id, runner…). */
  ruledOut: z.array(z.string()).optional(),
  versions: z.string().optional(),
  /** In English ("job 123", "namespace ci"): the stable key fixes and links compare, never translated. */
  subject: z.string().optional(),
  /** Stable key: id, plus `@subject` when there is one. Links name findings by it. */
  key: z.string().optional(),
  /** A few words for a root-cause chain: "read-only config dir", "token rejected (403)". */
  label: z.string().optional(),
  /** Keys of the findings this one causes, and of those that cause it. */
  causes: z.array(z.string()).optional(),
  causedBy: z.array(z.string()).optional(),
  /** Earliest and latest time among the evidence lines that carry one (ISO 8601). */
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  /**
   * The texts above as message ids and parameters (shared/i18n/text.ts formats them in a
   * language); the English fields stay, as scripts read them. Summary: sentences in order.
   * Extension `subject`: the subject as each language shows it (shared/subjects.ts); its English
   * text is `subject`. Without it (older bundles) every language shows `subject`.
   */
  messages: z
    .object({
      title: messageSchema,
      summary: z.array(messageSchema),
      label: messageSchema.optional(),
      ruledOut: z.array(messageSchema).optional(),
      versions: messageSchema.optional(),
      subject: messageSchema.optional(),
    })
    .optional(),
});
export type Finding = z.infer<typeof findingSchema>;

/** Findings that tell one story: a root cause, what it caused, and the same subject's other findings. */
export const chainSchema = z.object({
  /** Root cause first, then its effects in causal and time order: "a → b → c". */
  text: z.string(),
  severity: severitySchema,
  /** Keys of the findings, in the order of `text`. */
  keys: z.array(z.string()).min(1),
  /** One list of fixes for the whole story, the root cause's first. */
  fixes: z.array(fixRefSchema),
});
export type Chain = z.infer<typeof chainSchema>;

export const findingsDocumentSchema = z.object({
  findings: z.array(findingSchema),
  chains: z.array(chainSchema).optional(),
});
export type FindingsDocument = z.infer<typeof findingsDocumentSchema>;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function findingKey(f: Pick<Finding, 'id' | 'subject' | 'key'>): string {
  return f.key ?? (f.subject ? `${f.id}@${f.subject}` : f.id);
}

/**
 * After a fix: the fresh findings that are the same finding (id and subject) as one the fix
 * was planned from. Titles carry no reliable target name, so they are not compared.
 */
export function findingsStillShown(fresh: readonly Finding[], fixedFrom: readonly Pick<Finding, 'id' | 'subject' | 'key'>[]): Finding[] {
  const keys = new Set(fixedFrom.map(findingKey));
  return fresh.filter((f) => keys.has(findingKey(f)));
}

const PLAIN_ID = /^[a-z0-9-]*$/;

/**
 * Ids in localeCompare's order. Ours are lower-case letters, digits and hyphens, which it orders
 * as their code units do: compared so, an analysis does not load ICU's collator (tens of
 * milliseconds). Other ids (from elsewhere) still go through localeCompare.
 */
function compareIds(a: string, b: string): number {
  if (PLAIN_ID.test(a) && PLAIN_ID.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}

/** Most severe first, then by id, so output is stable. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareIds(a.id, b.id));
}
