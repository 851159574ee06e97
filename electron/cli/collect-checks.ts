import { stat } from 'node:fs/promises';
import { isLoopbackHttp } from '../core/gitlab/url';
import type { CollectValues } from './collect-plan';
import { UsageError } from './usage';

/**
 * What can be checked in the flags before connecting, each a usage error (exit 2) like in
 * `analyze`: a missing --files path or CA file, --gitlab-url without a token, a token about
 * to travel over plain http. Returns warnings to print.
 */
export async function checkCollectArgs(values: CollectValues): Promise<string[]> {
  const warnings: string[] = [];
  for (const p of values.files ?? []) {
    if (!(await stat(p).catch(() => undefined))) throw new UsageError(`--files ${p}: no such file or folder`);
  }
  const ca = values['gitlab-ca-file'];
  if (ca) {
    const info = await stat(ca).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`--gitlab-ca-file ${ca}: no such file`);
  }
  const url = values['gitlab-url'];
  if (url) {
    if (!process.env.GITLAB_TOKEN) throw new UsageError('--gitlab-url needs a token in the GITLAB_TOKEN environment variable (read_api scope)');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`--gitlab-url ${url} is not a URL (e.g. https://gitlab.example.com)`);
    }
    if (parsed.protocol === 'http:') {
      if (!isLoopbackHttp(parsed) && !values['allow-insecure-http']) {
        throw new UsageError(`--gitlab-url ${url} is plain http: the token would cross the network readable by anyone on the way. Use https, or add --allow-insecure-http if you must`);
      }
      warnings.push(`the GitLab token is sent over plain http to ${parsed.host}${isLoopbackHttp(parsed) ? ' (this machine)' : ''}`);
    }
  }
  return warnings;
}
