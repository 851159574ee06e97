import type { Sources } from '../../../../shared/ipc/channels';
import type { DemoLab } from '../../demo-lab/lab';
import { appendAudit, auditLogPath } from '../../fixes/audit';
import { GitlabClient } from '../../gitlab/client';
import type { RunnerTokenRef } from '../../gitlab/config-tokens';
import { checkableTokens, checkRunnerTokens, tokenView } from '../../gitlab/runner-token-checks';
import { readCaFile } from '../../gitlab/tls-trust';
import { withTimeout } from '../../util/abort';
import type { AppDeps } from '../app-deps';
import { UserFacingError } from '../dispatch';
import type { Handlers } from '../handler-types';
import type { Session } from '../session';
import { uiExecApprover, uiHostKeyAsker } from './approvers';
import { gitlabFailure } from './errors';
import { preparePlan } from './collect-plan';
import { msg } from '../../../../shared/messages';

type TokenCheckHandlers = Pick<Handlers, 'gitlab.runnerTokens' | 'gitlab.checkRunnerTokens'>;

/** A few calls, each with the client's own timeout; the whole check stops after this. */
const CHECK_TIMEOUT_MS = 120_000;

export interface TokenCheckDeps {
  deps: AppDeps;
  session(id: string): Session;
  sourcesOf(sessionId: string): Sources | undefined;
  /** The raw runner tokens the session's collection found (main side only). */
  tokensOf(sessionId: string): readonly RunnerTokenRef[] | undefined;
  lab(): DemoLab | undefined;
}

/**
 * "Check this token against GitLab" for a collection made in this run: the tokens found in its
 * config.toml files, listed by type and last 4, and `POST /runners/verify` for the chosen ones
 * after the window's explicit yes — with the same core code as `collect --verify-runner-tokens`,
 * each call recorded in audit.jsonl.
 */
export function tokenCheckHandlers({ deps, session, sourcesOf, tokensOf, lab }: TokenCheckDeps): TokenCheckHandlers {
  const found = (sessionId: string) => {
    session(sessionId);
    const sources = sourcesOf(sessionId);
    const tokens = tokensOf(sessionId);
    if (!sources || !tokens) throw new UserFacingError('invalid-input', msg('app.tokens.notKept'));
    return { sources, tokens: checkableTokens(tokens) };
  };
  return {
    'gitlab.runnerTokens': async ({ sessionId }) => {
      const sources = sourcesOf(sessionId);
      const tokens = session(sessionId) && sources ? (tokensOf(sessionId) ?? []) : [];
      const gitlabUrl = sources?.gitlab?.url ?? (sources?.demo ? lab()?.gitlab.url : undefined);
      return { ...(gitlabUrl ? { gitlabUrl } : {}), tokens: checkableTokens(tokens).map(tokenView) };
    },

    'gitlab.checkRunnerTokens': async ({ sessionId, ids, confirm }, ctx) => {
      if (!confirm) throw new UserFacingError('invalid-input', msg('tokenCheck.notConfirmed'));
      const { sources, tokens } = found(sessionId);
      const chosen = tokens.map((ref, i) => ({ ref, view: tokenView(ref, i) })).filter((t) => ids.includes(t.view.id));
      const unknown = ids.find((id) => !chosen.some((t) => t.view.id === id));
      if (unknown) throw new UserFacingError('not-found', msg('tokenCheck.unknownToken', { id: unknown }));
      const lifetime = new AbortController();
      try {
        const prepared = await preparePlan(sources, deps, lab());
        const gitlab = prepared({ approveExec: uiExecApprover(deps.prompts, ctx, lifetime.signal), askHostKey: uiHostKeyAsker(deps.prompts, ctx, lifetime.signal) }).gitlab;
        if (!gitlab) throw new UserFacingError('invalid-input', msg('tokenCheck.noGitlab'));
        let client: GitlabClient;
        try {
          client = new GitlabClient({ url: gitlab.url, ...(gitlab.caFile ? { caPem: await readCaFile(gitlab.caFile) } : {}) });
        } catch (err) {
          // An unreadable or non-PEM CA file: the user's input, worded in their language.
          throw gitlabFailure(err);
        }
        try {
          const path = auditLogPath(deps.configDir);
          const results = await checkRunnerTokens(client, chosen, (record) => appendAudit(record, path), withTimeout(lifetime.signal, CHECK_TIMEOUT_MS));
          return { results };
        } finally {
          await client.close();
        }
      } finally {
        lifetime.abort();
      }
    },
  };
}
