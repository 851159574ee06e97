import type { EvidenceStore } from '../evidence/store';
import type { ProgressFn } from '../collect/progress';
import { errorMessage } from '../util/abort';
import { GitlabApiError, GitlabClient, type GitlabClientOptions } from './client';

interface RunnerSummary {
  id: number;
  description?: string;
}

/**
 * Collects runner and job state from the GitLab API: version, runners (all runners for an
 * admin, else the token's own), each runner's detail and running jobs. Each answer is saved
 * as evidence in an envelope naming the call; a token never is.
 */
export async function collectGitlab(
  options: GitlabClientOptions,
  store: EvidenceStore,
  opts: { signal?: AbortSignal; onProgress: ProgressFn },
): Promise<void> {
  const client = new GitlabClient(options);
  const source = `gitlab:${new URL(client.baseUrl).host}`;
  const save = async (name: string, path: string, body: unknown) => {
    const envelope = { gitlabApi: { method: 'GET', path: `/api/v4${path}`, status: 200, collectedAt: new Date().toISOString() }, body };
    await store.add({ path: `gitlab/${name}.json`, source, kind: 'gitlab-api', content: JSON.stringify(envelope, null, 2) + '\n' });
  };
  try {
    opts.onProgress(source, 'running', 'Connecting');
    const version = await client.get('/version', opts.signal);
    await save('version', '/version', version.body);
    let runners: RunnerSummary[];
    let runnersPath = '/runners/all';
    try {
      runners = await client.getAll<RunnerSummary>(runnersPath, opts.signal);
    } catch (err) {
      if (!(err instanceof GitlabApiError) || err.status !== 403) throw err;
      runnersPath = '/runners';
      runners = await client.getAll<RunnerSummary>(runnersPath, opts.signal);
    }
    await save('runners', runnersPath, runners);
    let done = 0;
    for (const runner of runners) {
      opts.onProgress(source, 'running', `Runner ${runner.id}`, done, runners.length);
      try {
        await save(`runners/${runner.id}`, `/runners/${runner.id}`, (await client.get(`/runners/${runner.id}`, opts.signal)).body);
        const jobsPath = `/runners/${runner.id}/jobs?status=running`;
        await save(`runners/${runner.id}-jobs-running`, jobsPath, await client.getAll(jobsPath, opts.signal));
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        store.addError(source, `Runner ${runner.id}: ${errorMessage(err)}`);
      }
      done++;
    }
    opts.onProgress(source, 'done', `${runners.length} runners`, runners.length, runners.length);
  } catch (err) {
    if (!opts.signal?.aborted) {
      const message = errorMessage(err);
      store.addError(source, message);
      opts.onProgress(source, 'failed', message);
    }
    throw err;
  } finally {
    await client.close();
  }
}
