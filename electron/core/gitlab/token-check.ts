import { formatError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';
import { errorMessage, isCancelled } from '../util/abort';
import { failureTextOrQuoted } from '../util/network-failure';
import type { GitlabClient } from './client';
import type { RunnerTokenRef } from './config-tokens';
import { GitlabError } from './errors';
import type { GitlabEnvelope, TokenCheck } from './evidence-shapes';
import { classifyToken } from './tokens';
import { pick, TOKEN_SELF_FIELDS } from './whoami';

function describeToken(ref: RunnerTokenRef): Omit<TokenCheck, 'check' | 'result'> {
  const c = classifyToken(ref.token);
  return {
    tokenRef: ref.ref,
    ...(ref.runnerName ? { runnerName: ref.runnerName } : {}),
    ...(ref.url ? { runnerUrl: ref.url } : {}),
    tokenKind: c.kind,
    tokenLabel: c.label,
    ...(c.customPrefix ? { customPrefix: c.customPrefix } : {}),
    surroundingWhitespace: c.surroundingWhitespace,
  };
}

/** What a check says: in English (the evidence's `message`) and as a message id for the reader's language. */
function said(text: Message | undefined, english?: string): Pick<TokenCheck, 'message' | 'text'> {
  return text ? { message: english ?? formatError(text), text } : {};
}

/** A check that could not be made: its reason in words where known, the error's own sentence in English. */
function failureOf(err: unknown): [Message, string] {
  return [failureTextOrQuoted(err), errorMessage(err)];
}

function envelope(
  client: GitlabClient,
  method: string,
  path: string,
  status: number,
  tokenCheck: TokenCheck,
  body: unknown,
): GitlabEnvelope {
  return {
    gitlabApi: { method, path: `/api/v4${path}`, status, collectedAt: new Date().toISOString(), instance: client.baseUrl },
    tokenCheck,
    body,
  };
}

/** The answer without the token GitLab echoes back. */
function withoutToken(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { token: _token, ...rest } = body as Record<string, unknown>;
  return rest;
}

/**
 * What `gitlab-runner verify` does: POST /runners/verify with the token (and the machine's
 * system_id when known). 200 = a valid runner token; 403 = GitLab does not accept it as one.
 * It is a write (FIELD-NOTES §10): GitLab heartbeats the runner (its contacted_at moves) and
 * creates or updates a runner manager for the system_id sent, or `<legacy>` without one. So it
 * runs only when the user asks for it, never as part of read-only collection.
 */
export const VERIFY_CHANGES =
  'POST /runners/verify is a write: GitLab marks the runner as contacted just now and creates or updates a runner manager (for the system_id sent; Runner Doctor does not collect a runner\'s system_id, so it sends none and GitLab records "<legacy>"), so a stopped runner looks alive for a while.';

export async function verifyRunnerToken(client: GitlabClient, ref: RunnerTokenRef, signal?: AbortSignal): Promise<GitlabEnvelope> {
  const info = describeToken(ref);
  const systemId = ref.systemId;
  const check = (result: TokenCheck['result'], text?: Message, english?: string): TokenCheck => ({
    check: 'runner-verify',
    result,
    ...info,
    ...(systemId ? { systemId } : {}),
    ...said(text, english),
  });
  try {
    // Repeating it changes nothing more than the first call did: safe to retry on 429/5xx.
    const res = await client.post<unknown>('/runners/verify', {
      auth: false,
      body: { token: ref.token.trim(), ...(systemId ? { system_id: systemId } : {}) },
      okStatuses: [400, 403],
      retry: true,
      ...(signal ? { signal } : {}),
    });
    if (res.status === 403)
      return envelope(
        client,
        'POST',
        '/runners/verify',
        403,
        check('invalid', msg('gitlab.tokenCheck.notRunnerToken')),
        res.body,
      );
    if (res.status === 400)
      return envelope(
        client,
        'POST',
        '/runners/verify',
        400,
        check('error', msg('gitlab.tokenCheck.refused', { answer: JSON.stringify(res.body).slice(0, 200) })),
        res.body,
      );
    return envelope(client, 'POST', '/runners/verify', res.status, check('valid'), withoutToken(res.body));
  } catch (err) {
    if (isCancelled(err)) throw err;
    const status = err instanceof GitlabError ? (err.status ?? 0) : 0;
    return envelope(client, 'POST', '/runners/verify', status, check('error', ...failureOf(err)), null);
  }
}

/**
 * The PAT test: a token from a runner's config that /personal_access_tokens/self accepts is an
 * access token, not a runner token. 401 means it is not one (as it should be).
 */
export async function testTokenAsPat(client: GitlabClient, ref: RunnerTokenRef, signal?: AbortSignal): Promise<GitlabEnvelope> {
  const info = describeToken(ref);
  const check = (result: TokenCheck['result'], text?: Message, english?: string): TokenCheck => ({
    check: 'pat-self',
    result,
    ...info,
    ...said(text, english),
  });
  const path = '/personal_access_tokens/self';
  try {
    const res = await client.get<Record<string, unknown>>(path, {
      authToken: ref.token,
      okStatuses: [401, 403, 404],
      ...(signal ? { signal } : {}),
    });
    if (res.status === 200) {
      return envelope(
        client,
        'GET',
        path,
        200,
        check('is-pat', msg('gitlab.tokenCheck.isAccessToken')),
        pick(res.body ?? {}, TOKEN_SELF_FIELDS),
      );
    }
    if (res.status === 401) return envelope(client, 'GET', path, 401, check('not-pat'), res.body);
    if (res.status === 403)
      return envelope(
        client,
        'GET',
        path,
        403,
        check('is-pat', msg('gitlab.tokenCheck.accessTokenRefused')),
        res.body,
      );
    return envelope(
      client,
      'GET',
      path,
      res.status,
      check('error', msg('gitlab.tokenCheck.noPatSelf')),
      res.body,
    );
  } catch (err) {
    if (isCancelled(err)) throw err;
    const status = err instanceof GitlabError ? (err.status ?? 0) : 0;
    return envelope(client, 'GET', path, status, check('error', ...failureOf(err)), null);
  }
}
