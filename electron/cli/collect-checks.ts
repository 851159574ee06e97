import { stat } from 'node:fs/promises';
import { checkTokenTransport, PlainHttpTokenError } from '../core/gitlab/url';
import type { CollectValues } from './collect-plan';
import { UsageError } from './usage';
import { cliText, textInLanguage } from './language';
import { formatError } from '../../shared/i18n/text';

/**
 * What can be checked in the flags before connecting, each a usage error (exit 2) like in
 * `analyze`: a missing --files path or CA file, --gitlab-url without a token, a token about
 * to travel over plain http. Returns warnings to print.
 */
export async function checkCollectArgs(values: CollectValues): Promise<string[]> {
  const warnings: string[] = [];
  const text = cliText();
  for (const p of values.files ?? []) {
    if (!(await stat(p).catch(() => undefined))) throw new UsageError(`--files ${text('args.noSuchPath', { path: p })}`);
  }
  const ca = values['gitlab-ca-file'];
  if (ca) {
    const info = await stat(ca).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`--gitlab-ca-file ${text('args.noSuchFile', { path: ca })}`);
  }
  const url = values['gitlab-url'];
  if (url) {
    if (!process.env.GITLAB_TOKEN) throw new UsageError(text('args.gitlabUrlNeedsToken'));
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(text('args.gitlabUrlNotUrl', { url }));
    }
    try {
      const warning = checkTokenTransport(parsed, values['allow-insecure-http'] === true, 'cli');
      if (warning) warnings.push(textInLanguage(formatError(warning), warning));
    } catch (err) {
      if (err instanceof PlainHttpTokenError) throw new UsageError(`--gitlab-url ${textInLanguage(err.message, err.text)}`);
      throw err;
    }
  }
  return warnings;
}
