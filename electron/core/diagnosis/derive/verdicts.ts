import type { Facts, LogMatch } from '../facts';
import { countOf, kubeObjectsOf, matchesOf } from '../facts';
import type { GitlabVerifyFact } from '../extract/gitlab-api';
import type { KubeObjectFact } from '../extract/kube-objects';
import { classifyToken, type TokenKind } from '../tokens';
import type { VersionFact } from '../facts';
import { compareVersions, parseVersion, versionsOf } from '../versions';
import { configuredRunners, envTokens, secretTokens, verifyResultsFor } from './config-runners';
import { placeOf, samePlace } from './places';
import {
  fullQuotaResources,
  isSecretsResource,
  jobSecrets,
  quotaRejections,
  rejectsSecrets,
  tracksSecrets,
  type QuotaRejection,
} from './kube-capacity';

/**
 * Facts several analyzers need to agree on, computed once per analysis: which finding owns
 * the runner's 403s and which owns a full secrets quota. Analyzers read these instead of
 * re-deciding, so two findings never both claim (or both drop) the same evidence.
 */
const memo = new WeakMap<Facts, Map<string, unknown>>();
function once<T>(facts: Facts, name: string, compute: () => T): T {
  let cache = memo.get(facts);
  if (!cache) memo.set(facts, (cache = new Map()));
  if (!cache.has(name)) cache.set(name, compute());
  return cache.get(name) as T;
}

/** `Resetting runner (authentication) token... succeeded` followed in the same log by `Failed to save config`. */
export function rotationLost(facts: Facts): { reset: LogMatch; failed: LogMatch }[] {
  return once(facts, 'rotationLost', () => {
    const failures = matchesOf(facts, 'config-save-failed');
    return matchesOf(facts, 'token-reset-succeeded').flatMap((reset) => {
      const failed = failures.find((f) => f.file === reset.file && f.line > reset.line);
      return failed ? [{ reset, failed }] : [];
    });
  });
}

export interface RunnerTokenVerdict {
  /** The runner's own requests GitLab refused: job polls, verify, token reset. */
  refusals: LogMatch[];
  refusedByApi: GitlabVerifyFact[];
  /** A token of the wrong kind where the runner token belongs, and where it was seen. */
  wrongKind?: Extract<TokenKind, 'personal' | 'registration'>;
  /** The refused log lines name a token of that kind (the runner prints its token's first characters). */
  wrongKindInLog: LogMatch[];
  /** The owner of the 403s: the most precise explanation the evidence supports. */
  owner: 'runner-token-is-pat' | 'registration-token-deprecated' | 'runner-token-invalid' | undefined;
  /**
   * Refusals from namespaces or hosts where no token of the wrong kind was seen: another
   * runner's token is rejected there (runner-token-invalid), whoever owns the rest.
   */
  elsewhere: LogMatch[];
}

/** Token kind from the `runner=GR134894` / `runner=glrt-abc` field the runner prints. */
function logTokenKind(m: LogMatch): TokenKind | undefined {
  const short = m.fields.runner ?? '';
  if (/^GR134894/.test(short)) return 'registration';
  if (/^glpat-/.test(short)) return 'personal';
  return short.length >= 8 ? classifyToken(short) : undefined;
}

const REFUSAL_SIGNATURES = ['checking-jobs-forbidden', 'verify-invalid', 'token-reset-failed'] as const;

/**
 * Logs whose refused requests are over: the runner loaded its config again (`Configuration
 * loaded`, as gitlab-runner logs at each reload of a changed config.toml) after its last
 * refusal there and was refused nothing since, so the token it was refused with was replaced.
 * Only while every match was kept: past the match cap the last lines of a log are not known.
 */
export function refusalsOverIn(facts: Facts): ReadonlySet<string> {
  return once(facts, 'refusalsOver', () => {
    const refusals = matchesOf(facts, ...REFUSAL_SIGNATURES);
    const loads = matchesOf(facts, 'config-loaded');
    if (refusals.length < countOf(facts, ...REFUSAL_SIGNATURES) || loads.length < countOf(facts, 'config-loaded')) return new Set<string>();
    const lastRefusal = new Map<string, number>();
    for (const m of refusals) lastRefusal.set(m.file, Math.max(m.line, lastRefusal.get(m.file) ?? 0));
    return new Set(loads.filter((l) => l.line > (lastRefusal.get(l.file) ?? Infinity)).map((l) => l.file));
  });
}

/** The runner's refused requests still current (see refusalsOverIn). */
export function currentRefusals(facts: Facts): LogMatch[] {
  const over = refusalsOverIn(facts);
  return matchesOf(facts, ...REFUSAL_SIGNATURES).filter((m) => !over.has(m.file));
}

export function runnerTokenVerdict(facts: Facts): RunnerTokenVerdict {
  return once(facts, 'runnerToken', () => {
    const refusals = currentRefusals(facts);
    const refusedByApi = facts.gitlab.verify.filter((v) => v.status === 403);
    const kinds = [
      ...configuredRunners(facts)
        .filter((r) => !r.config.template)
        .map((r) => r.runner.tokenKind),
      ...envTokens(facts).map((t) => t.kind),
      ...secretTokens(facts)
        .filter((t) => !/registration/i.test(t.key))
        .map((t) => t.kind),
    ];
    const wrongKindInLog = refusals.filter((m) => logTokenKind(m) === 'registration' || logTokenKind(m) === 'personal');
    const inLog = wrongKindInLog.map(logTokenKind);
    const wrongKind =
      kinds.includes('personal') || inLog.includes('personal')
        ? 'personal'
        : kinds.includes('registration') || inLog.includes('registration')
          ? 'registration'
          : undefined;
    const refused = refusals.length > 0 || refusedByApi.length > 0;
    const owner = !refused
      ? undefined
      : wrongKind === 'personal'
        ? 'runner-token-is-pat'
        : wrongKind === 'registration'
          ? 'registration-token-deprecated'
          : 'runner-token-invalid';
    const wrongAt = [
      ...configuredRunners(facts)
        .filter((r) => !r.config.template && (r.runner.tokenKind === 'personal' || r.runner.tokenKind === 'registration'))
        .map((r) => r.tokenAt.file),
      ...envTokens(facts)
        .filter((t) => t.kind === 'personal' || t.kind === 'registration')
        .map((t) => t.file),
      ...secretTokens(facts)
        .filter((t) => (t.kind === 'personal' || t.kind === 'registration') && !/registration/i.test(t.key))
        .map((t) => t.file),
      ...wrongKindInLog.map((m) => m.file),
    ];
    const elsewhere =
      owner && owner !== 'runner-token-invalid'
        ? refusals.filter((m) => placeOf(m.file) && !wrongAt.some((f) => samePlace(f, m.file)))
        : [];
    return {
      refusals: refusals.filter((m) => !elsewhere.includes(m)),
      refusedByApi,
      ...(wrongKind ? { wrongKind } : {}),
      wrongKindInLog,
      owner,
      elsewhere,
    };
  });
}

export interface SecretsQuotaVerdict {
  podsKnown: boolean;
  jobSecrets: KubeObjectFact[];
  orphans: KubeObjectFact[];
  /** Rejections that count Secrets, and secrets quotas used up. */
  rejections: QuotaRejection[];
  full: { q: KubeObjectFact; r: { resource: string; used: string; hard: string } }[];
  /** A runner before 14.2.0, which never links job Secrets to their pod. */
  oldRunner?: VersionFact;
  cleanupErrors: LogMatch[];
  /** Which finding explains a full secrets quota: leftover job Secrets, or the quota itself. */
  owner: 'orphaned-job-secrets' | 'quota-exceeded' | undefined;
}

export function secretsQuotaVerdict(facts: Facts): SecretsQuotaVerdict {
  return once(facts, 'secretsQuota', () => {
    const { podsKnown, jobSecrets: all, orphans } = jobSecrets(facts);
    const rejections = quotaRejections(facts, matchesOf(facts, 'quota-exceeded')).filter(rejectsSecrets);
    const full = kubeObjectsOf(facts, 'ResourceQuota').flatMap((q) =>
      fullQuotaResources(q)
        .filter((r) => isSecretsResource(r.resource))
        .map((r) => ({ q, r })),
    );
    const cleanupErrors = matchesOf(facts, 'secret-cleanup-error');
    const oldRunner = versionsOf(facts, 'runner').find((v) => {
      const p = parseVersion(v.version);
      return p && compareVersions(p, [14, 2, 0]) < 0;
    });
    // Past rejections in a log do not make leftovers once the live objects show no orphan and room in the quota.
    const resolved = podsKnown && kubeObjectsOf(facts, 'ResourceQuota').some(tracksSecrets) && full.length === 0;
    const leftovers = orphans.length > 0 || (rejections.length > 0 && (!podsKnown || !!oldRunner || cleanupErrors.length > 0) && !resolved);
    const owner = leftovers ? 'orphaned-job-secrets' : rejections.length || full.length ? 'quota-exceeded' : undefined;
    return { podsKnown, jobSecrets: all, orphans, rejections, full, ...(oldRunner ? { oldRunner } : {}), cleanupErrors, owner };
  });
}

/**
 * The runner's own 403s that belong to GitLab runner `runnerId`, by the per-place rule the
 * verdict above uses: a refusal goes with the runner that a config in its place names (the
 * short token the runner prints decides between several). A refusal in a place whose
 * configs name another runner, or several, is not this runner's; where no config names any
 * runner, it is this runner's only when GitLab lists no other.
 */
export function refusalsOfRunner(facts: Facts, runnerId: number): { lines: LogMatch[]; api: GitlabVerifyFact[] } {
  return once(facts, `refusalsOf:${runnerId}`, () => {
    const verdict = runnerTokenVerdict(facts);
    const named = configuredRunners(facts).filter((r) => !r.config.template && r.runner.id !== undefined);
    const listed = new Set([...facts.gitlab.runners.keys(), ...facts.gitlab.managers.flatMap((m) => (m.runnerId === undefined ? [] : [m.runnerId]))]);
    const lines = [...verdict.refusals, ...verdict.elsewhere].filter((m) => {
      const short = m.fields.runner ?? '';
      const byToken = short.length >= 8 ? named.filter((r) => r.runner.token?.includes(short)) : [];
      const candidates = byToken.length ? byToken : named.filter((r) => samePlace(r.tokenAt.file, m.file));
      const ids = new Set(candidates.map((r) => r.runner.id));
      if (ids.size) return ids.size === 1 && ids.has(runnerId);
      return listed.size === 1 && listed.has(runnerId);
    });
    const api = named.filter((r) => r.runner.id === runnerId).flatMap((r) => verifyResultsFor(facts, r).filter((v) => v.status === 403));
    return { lines, api: [...new Set([...api, ...verdict.refusedByApi.filter((v) => v.runnerId === runnerId)])] };
  });
}
