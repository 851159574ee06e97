import { mapPool } from '../util/pool';
import { GitlabClient, type GitlabClientOptions } from './client';
import { GitlabError } from './errors';
import { formatError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';
import { readCaFile } from './tls-trust';
import { getRunner, listRunners, type RunnerStatus } from './runners';
import { getCurrentUser, getTokenSelf, getVersion, tokenExpiry } from './whoami';

export interface GitlabConnectionInput extends Omit<GitlabClientOptions, 'caPem'> {
  caPem?: string;
  /** Path of a PEM CA bundle; read here. */
  caFile?: string;
  /** Runners whose last contact is fetched (one call each). */
  detailLimit?: number;
}

export interface GitlabConnectionRunner {
  id: number;
  description: string | null;
  status: RunnerStatus;
  paused: boolean;
  runnerType: string | null;
  contactedAt: string | null;
}

export interface GitlabConnectionResult {
  url: string;
  version: { version: string; revision: string; enterprise: boolean };
  user: { username: string; name: string | null; isAdmin: boolean };
  token: {
    name: string;
    scopes: string[];
    expiresAt: string | null;
    daysLeft: number | null;
    expired: boolean;
    expiringSoon: boolean;
  } | null;
  /** In English… */
  warnings: string[];
  /** …and as message ids, in the same order, for the reader's language. */
  warningTexts: Message[];
  runnersScope: 'all' | 'owned';
  runners: GitlabConnectionRunner[];
  runnersTruncated: boolean;
}

/**
 * The wizard's "Test connection": version, who the token belongs to, its scopes and expiry,
 * and the runners it can see with their status. Throws GitlabError with an actionable message.
 */
export async function testGitlabConnection(input: GitlabConnectionInput, signal?: AbortSignal): Promise<GitlabConnectionResult> {
  const caPem = input.caPem ?? (input.caFile ? await readCaFile(input.caFile) : undefined);
  const { caFile: _caFile, detailLimit = 20, ...rest } = input;
  const client = new GitlabClient({ ...rest, ...(caPem ? { caPem } : {}) });
  try {
    if (!client.hasToken)
      throw new GitlabError('invalid-input', msg('gitlab.test.needsToken'));
    const version = (await getVersion(client, signal)).body;
    const self = await getTokenSelf(client, signal);
    const user = (await getCurrentUser(client, signal)).body;
    const warningTexts: Message[] = [];
    let token: GitlabConnectionResult['token'] = null;
    if (self) {
      const expiry = tokenExpiry(self.body.expires_at, new Date());
      if (expiry.warningText) warningTexts.push(expiry.warningText);
      if (!self.body.scopes.includes('api')) warningTexts.push(msg('gitlab.test.noApiScope'));
      token = {
        name: self.body.name,
        scopes: self.body.scopes,
        expiresAt: expiry.expiresAt,
        daysLeft: expiry.daysLeft,
        expired: expiry.expired,
        expiringSoon: expiry.expiringSoon,
      };
    }
    const inventory = await listRunners(client, { ...(signal ? { signal } : {}), maxPages: 5 });
    if (inventory.scope === 'owned') warningTexts.push(msg('gitlab.test.ownedRunnersOnly'));
    const items = inventory.list.items;
    const contacted = await mapPool(
      items.slice(0, detailLimit),
      4,
      async (r) => (await getRunner(client, r.id, signal)).body.contacted_at ?? null,
      signal,
    );
    const runners = items.map((r, i) => {
      const c = contacted[i];
      return {
        id: r.id,
        description: r.description ?? null,
        status: r.status,
        paused: r.paused ?? false,
        runnerType: r.runner_type ?? null,
        contactedAt: c?.status === 'fulfilled' ? c.value : null,
      };
    });
    return {
      url: client.baseUrl,
      version: { version: version.version, revision: version.revision, enterprise: version.enterprise ?? false },
      user: { username: user.username, name: user.name ?? null, isAdmin: user.is_admin === true },
      token,
      warnings: warningTexts.map((w) => formatError(w)),
      warningTexts,
      runnersScope: inventory.scope,
      runners,
      runnersTruncated: inventory.list.truncated,
    };
  } finally {
    await client.close();
  }
}
