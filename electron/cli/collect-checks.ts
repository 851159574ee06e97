import { stat } from 'node:fs/promises';
import { checkTokenTransport, PlainHttpTokenError } from '../core/gitlab/url';
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
    try {
      const warning = checkTokenTransport(parsed, values['allow-insecure-http'] === true, 'add --allow-insecure-http');
      if (warning) warnings.push(warning);
    } catch (err) {
      if (err instanceof PlainHttpTokenError) throw new UsageError(`--gitlab-url ${err.message}`);
      throw err;
    }
  }
  return warnings;
}
