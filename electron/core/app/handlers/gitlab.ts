import { createHash } from 'node:crypto';
import { formatError } from '../../../../shared/i18n/text';
import { msg } from '../../../../shared/messages';
import { testGitlabConnection } from '../../gitlab/test-connection';
import { checkTokenTransport, normalizeInstanceUrl, PlainHttpTokenError } from '../../gitlab/url';
import { withTimeout } from '../../util/abort';
import type { AppDeps } from '../app-deps';
import { UserFacingError } from '../dispatch';
import type { Handlers } from '../handler-types';
import { gitlabFailure, inputFailure } from './errors';

type GitlabHandlers = Pick<Handlers, 'gitlab.saveToken' | 'gitlab.storedToken' | 'gitlab.test'>;

/** The whole "Test connection" may take this long (it is several calls, each with its own timeout). */
const TEST_TIMEOUT_MS = 90_000;

export function normalizedGitlabUrl(url: string): string {
  try {
    return normalizeInstanceUrl(url);
  } catch (err) {
    throw inputFailure(err);
  }
}

/**
 * The CLI's rule for a token and plain http (one module, gitlab/url.ts): refused to another
 * machine unless the input says `allowInsecureHttp`, as an input error the window shows.
 */
export function checkAppTokenTransport(base: string, allowInsecure: boolean | undefined): void {
  try {
    checkTokenTransport(new URL(base), allowInsecure === true, 'app');
  } catch (err) {
    if (err instanceof PlainHttpTokenError) throw new UserFacingError('invalid-input', err.text);
    throw err;
  }
}

/** One stored token per instance: the reference is derived from its normalised URL, so it names no secret. */
export function tokenRefFor(url: string): string {
  return `gitlab-${createHash('sha256').update(normalizedGitlabUrl(url)).digest('hex').slice(0, 32)}`;
}

/** The token kept under `tokenRef`, for main-side use only. */
export async function loadToken(deps: AppDeps, tokenRef: string): Promise<string> {
  const token = await deps.host.secrets.load(tokenRef).catch(() => undefined);
  if (!token) {
    const text = msg('gitlab.token.notKept');
    throw new UserFacingError('not-found', formatError(text), text);
  }
  return token;
}

export function gitlabHandlers(deps: AppDeps): GitlabHandlers {
  return {
    'gitlab.saveToken': async ({ url, token }) => {
      const tokenRef = tokenRefFor(url);
      const saved = await deps.host.secrets.save(tokenRef, token);
      return {
        tokenRef,
        persisted: saved.persisted,
        ...(saved.warning ? { warning: saved.warning } : {}),
        ...(saved.warningText ? { warningText: saved.warningText } : {}),
      };
    },
    'gitlab.storedToken': async ({ url }) => {
      const tokenRef = tokenRefFor(url);
      const token = await deps.host.secrets.load(tokenRef).catch(() => undefined);
      return token ? { tokenRef } : {};
    },
    'gitlab.test': async ({ url, tokenRef, caFile, allowInsecureHttp }) => {
      const base = normalizedGitlabUrl(url);
      if (tokenRef) checkAppTokenTransport(base, allowInsecureHttp);
      const token = tokenRef ? await loadToken(deps, tokenRef) : undefined;
      try {
        return await testGitlabConnection(
          { url: base, ...(token ? { token } : {}), ...(caFile ? { caFile } : {}) },
          withTimeout(undefined, TEST_TIMEOUT_MS),
        );
      } catch (err) {
        throw gitlabFailure(err);
      }
    },
  };
}
