import type { EvidenceStore } from '../evidence/store';
import type { ProgressFn } from '../collect/progress';
import { errorMessage, isCancelled, throwIfAborted } from '../util/abort';
import { mapPool } from '../util/pool';
import { GitlabClient, type GitlabClientOptions } from './client';
import type { RunnerTokenRef } from './config-tokens';
import { GitlabError } from './errors';
import { type TokenCheck } from './evidence-shapes';
import { GITLAB_EVIDENCE as E } from '../../../shared/evidence-layout';
import { errorText, isMessage, list, msg, type Message } from '../../../shared/messages';
import { GitlabEvidenceWriter } from './evidence-writer';
import { getJob, getProjectTimeout, getTraceTail } from './jobs';
import { getRunner, getRunnerManagers, getRunningJobs, listRunners, runnerHealth, type RunnerListItem } from './runners';
import { checkableTokens, tokenView, verifyAndAudit, type AuditSink } from './runner-token-checks';
import { testTokenAsPat } from './token-check';
import { classifyToken } from './tokens';
import { gitlabSource } from './url';
import { getCurrentUser, getTokenSelf, getVersion, pick, TOKEN_SELF_FIELDS, tokenExpiry, USER_FIELDS } from './whoami';

export interface GitlabCollectOptions extends GitlabClientOptions {
  /**
   * Tokens found in runner configs, to PAT-test (a read). A function is awaited only after the
   * inventory, so it may wait for other collectors.
   */
  runnerTokens?: RunnerTokenRef[] | (() => Promise<RunnerTokenRef[]>);
  /**
   * Also check each token like `gitlab-runner verify`: a write (VERIFY_CHANGES), only on the
   * user's request, and never without the audit log each call is recorded in.
   */
  verifyRunnerTokens?: { audit: AuditSink };
  /** Bytes of each running job's log to keep (its end). */
  traceTailBytes?: number;
  /** Runners whose detail is fetched (the list itself is always complete up to 100 pages). */
  maxRunners?: number;
  concurrency?: number;
}

export interface GitlabCollectSummary {
  source: string;
  version?: string;
  scope?: 'all' | 'owned';
  runners: number;
  runnersNotOnline: number;
  runningJobs: number;
  tokenChecks: { ref: string; kind: string; verify: TokenCheck['result'] | 'not-checked'; pat: TokenCheck['result'] }[];
  warnings: string[];
}

interface JobRef {
  id: number;
  projectId: number | undefined;
}

function projectIdOf(job: Record<string, unknown>): number | undefined {
  const project = job.project as { id?: unknown } | undefined;
  const pipeline = job.pipeline as { project_id?: unknown } | undefined;
  const id = project?.id ?? pipeline?.project_id;
  return typeof id === 'number' ? id : undefined;
}

/**
 * Collects runner and job state from the GitLab API: version, the token's scopes and expiry,
 * runners (all for an administrator, else the user's own) with their managers and running
 * jobs, each running job's detail, log tail and project timeout, and checks of runner tokens
 * found in configs. Every answer is saved as evidence; a token never is.
 */
export async function collectGitlab(
  options: GitlabCollectOptions,
  store: EvidenceStore,
  opts: { signal?: AbortSignal; onProgress: ProgressFn },
): Promise<GitlabCollectSummary> {
  const client = new GitlabClient(options);
  const progress = gitlabSource(client.baseUrl);
  const source = progress.id;
  const { signal, onProgress } = opts;
  const out = new GitlabEvidenceWriter(store, client, source, signal);
  const summary: GitlabCollectSummary = { source, runners: 0, runnersNotOnline: 0, runningJobs: 0, tokenChecks: [], warnings: [] };
  const warnings: Message[] = [];
  const soft = (what: Message, err: unknown) => {
    if (isCancelled(err) || signal?.aborted) throw err;
    const reason = isMessage(err) ? err : (errorText(err) ?? errorMessage(err));
    store.addError(source, msg('gitlab.partFailed', { what, reason }));
  };
  try {
    onProgress(progress, 'running', msg('gitlab.progress.connecting', { host: client.host }));
    let admin = false;
    if (client.hasToken) {
      const version = await getVersion(client, signal);
      summary.version = version.body?.version;
      await out.answer(E.version, { apiPath: '/version' }, version.body);
      const self = await getTokenSelf(client, signal);
      if (self) {
        await out.answer(E.tokenSelf, { apiPath: '/personal_access_tokens/self' }, pick(self.body, TOKEN_SELF_FIELDS), {
          fieldsKept: [...TOKEN_SELF_FIELDS],
        });
        const expiry = tokenExpiry(self.body.expires_at, new Date());
        if (expiry.warning && expiry.warningText) {
          summary.warnings.push(expiry.warning);
          warnings.push(expiry.warningText);
        }
      }
      try {
        const user = await getCurrentUser(client, signal);
        admin = user.body?.is_admin === true;
        await out.answer(E.user, { apiPath: '/user' }, pick(user.body, USER_FIELDS), { fieldsKept: [...USER_FIELDS] });
      } catch (err) {
        soft(msg('gitlab.part.currentUser'), err);
      }
      await collectRunners(client, out, summary, options, soft, onProgress, signal);
    } else {
      store.addError(source, msg('gitlab.noToken'));
    }
    const tokens = typeof options.runnerTokens === 'function' ? await options.runnerTokens() : (options.runnerTokens ?? []);
    throwIfAborted(signal);
    await checkTokens(client, out, summary, tokens, { admin, ...(options.verifyRunnerTokens ? { verify: options.verifyRunnerTokens } : {}) }, soft, onProgress, signal);
    const notOnline = summary.runnersNotOnline ? msg('gitlab.progress.notOnline', { count: summary.runnersNotOnline }) : '';
    const parts = [
      msg('gitlab.progress.runners', { count: summary.runners, notOnline }),
      msg('gitlab.progress.runningJobs', { count: summary.runningJobs }),
    ];
    if (summary.tokenChecks.length) parts.push(msg('gitlab.progress.tokenChecks', { count: summary.tokenChecks.length }));
    onProgress(progress, 'done', msg('gitlab.progress.done', { parts: list([...parts, ...warnings], 'semicolon') }), summary.runners, summary.runners);
    return summary;
  } catch (err) {
    if (!signal?.aborted && !isCancelled(err)) {
      // Said as a message id where the error has one, so each reader words it in their language.
      const said = errorText(err) ?? errorMessage(err);
      store.addError(source, said);
      onProgress(progress, 'failed', said);
    }
    throw err;
  } finally {
    await client.close();
  }
}

async function collectRunners(
  client: GitlabClient,
  out: GitlabEvidenceWriter,
  summary: GitlabCollectSummary,
  options: GitlabCollectOptions,
  soft: (what: Message, err: unknown) => void,
  onProgress: ProgressFn,
  signal?: AbortSignal,
): Promise<void> {
  const inventory = await listRunners(client, signal ? { signal } : {});
  const runners = inventory.list.items;
  summary.scope = inventory.scope;
  summary.runners = runners.length;
  await out.answer(E.runners, { apiPath: inventory.path }, runners, {
    pages: inventory.list.pages,
    ...(inventory.list.truncated ? { truncated: true } : {}),
  });
  const detailed = runners.slice(0, options.maxRunners ?? 500);
  if (detailed.length < runners.length)
    soft(msg('gitlab.part.runners'), msg('gitlab.runnersCapped', { shown: detailed.length, total: runners.length }));
  const jobs: JobRef[] = [];
  let done = 0;
  await mapPool(
    detailed,
    options.concurrency ?? 4,
    async (runner: RunnerListItem) => {
      try {
        const detail = await getRunner(client, runner.id, signal);
        await out.answer(E.runner(runner.id), { apiPath: `/runners/${runner.id}` }, detail.body);
        const managers = await getRunnerManagers(client, runner.id, signal).catch((err: unknown) => {
          soft(msg('gitlab.part.runnerManagers', { id: String(runner.id) }), err);
          return undefined;
        });
        if (managers)
          await out.answer(E.managers(runner.id), { apiPath: `/runners/${runner.id}/managers` }, managers.items, { pages: managers.pages });
        if (!runnerHealth(detail.body, managers?.items ?? []).healthy) summary.runnersNotOnline++;
        const running = await getRunningJobs(client, runner.id, signal);
        await out.answer(E.runningJobs(runner.id), { apiPath: `/runners/${runner.id}/jobs`, query: { status: 'running' } }, running.items, {
          pages: running.pages,
          ...(running.truncated ? { truncated: true } : {}),
        });
        for (const job of running.items) if (typeof job.id === 'number') jobs.push({ id: job.id, projectId: projectIdOf(job) });
      } catch (err) {
        soft(msg('gitlab.part.runner', { id: String(runner.id) }), err);
      } finally {
        onProgress(gitlabSource(client.baseUrl), 'running', msg('gitlab.progress.runner', { id: String(runner.id) }), ++done, detailed.length);
      }
    },
    signal,
  );
  throwIfAborted(signal);
  summary.runningJobs = jobs.length;
  await collectJobs(client, out, jobs, options.traceTailBytes ?? 64 * 1024, options.concurrency ?? 4, soft, signal);
}

async function collectJobs(
  client: GitlabClient,
  out: GitlabEvidenceWriter,
  jobs: JobRef[],
  tailBytes: number,
  concurrency: number,
  soft: (what: Message, err: unknown) => void,
  signal?: AbortSignal,
): Promise<void> {
  const projects = new Map<number, Promise<void>>();
  await mapPool(
    jobs,
    concurrency,
    async (job) => {
      try {
        const detail = await getJob(client, job.projectId ?? 0, job.id, signal);
        await out.answer(E.job(job.id), { apiPath: `/projects/${job.projectId}/jobs/${job.id}` }, detail.body);
        const projectId = job.projectId ?? detail.body.pipeline?.project_id;
        if (projectId !== undefined && !projects.has(projectId)) {
          projects.set(
            projectId,
            getProjectTimeout(client, projectId, signal).then(
              (p) => out.answer(E.project(projectId), { apiPath: `/projects/${projectId}` }, p.body, { fieldsKept: Object.keys(p.body) }),
              (err: unknown) => soft(msg('gitlab.part.project', { id: String(projectId) }), err),
            ),
          );
        }
        const tail = await getTraceTail(client, job.projectId ?? 0, job.id, tailBytes, signal);
        if (tail)
          await out.text(
            E.traceTail(job.id),
            tail.truncated ? `[runner-doctor: last ${tail.text.length} of ${tail.bytes} bytes of the job log]\n${tail.text}` : tail.text,
            'job-log',
          );
      } catch (err) {
        soft(msg('gitlab.part.job', { id: String(job.id) }), err);
      }
    },
    signal,
  );
  await Promise.all(projects.values());
}

async function checkTokens(
  client: GitlabClient,
  out: GitlabEvidenceWriter,
  summary: GitlabCollectSummary,
  tokens: RunnerTokenRef[],
  { admin, verify }: { admin: boolean; verify?: { audit: AuditSink } },
  soft: (what: Message, err: unknown) => void,
  onProgress: ProgressFn,
  signal?: AbortSignal,
): Promise<void> {
  let registrationTokenSeen = false;
  for (const [i, ref] of checkableTokens(tokens).entries()) {
    const kind = classifyToken(ref.token);
    if (kind.kind === 'runner-registration-token') registrationTokenSeen = true;
    const n = i + 1;
    onProgress(gitlabSource(client.baseUrl), 'running', msg('gitlab.progress.checkingToken', { ref: ref.ref }));
    const verified = verify ? (await verifyAndAudit(client, ref, tokenView(ref, i), verify.audit, signal)).envelope : undefined;
    if (verified) await out.envelope(E.tokenCheck(n, 'runner-verify'), verified);
    const pat = await testTokenAsPat(client, ref, signal);
    await out.envelope(E.tokenCheck(n, 'pat-self'), pat);
    summary.tokenChecks.push({
      ref: ref.ref,
      kind: kind.kind,
      verify: verified ? (verified.tokenCheck?.result ?? 'error') : 'not-checked',
      pat: pat.tokenCheck?.result ?? 'error',
    });
  }
  if (registrationTokenSeen && admin) {
    try {
      const fields = ['allow_runner_registration_token', 'valid_runner_registrars'];
      const settings = await client.get<Record<string, unknown>>('/application/settings', {
        ...(signal ? { signal } : {}),
        needs: { scopes: ['api', 'read_api'], role: msg('gitlab.role.admin') },
      });
      await out.answer(E.applicationSettings, { apiPath: '/application/settings' }, pick(settings.body ?? {}, fields), {
        fieldsKept: fields,
      });
    } catch (err) {
      if (!(err instanceof GitlabError)) throw err;
      soft(msg('gitlab.part.applicationSettings'), err);
    }
  }
}
