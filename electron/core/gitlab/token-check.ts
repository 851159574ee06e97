import { isCancelled } from '../util/abort';
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
  const check = (result: TokenCheck['result'], message?: string): TokenCheck => ({
    check: 'runner-verify',
    result,
    ...info,
    ...(systemId ? { systemId } : {}),
    ...(message ? { message } : {}),
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
        check(
          'invalid',
          'GitLab does not accept this as a runner token (403 Forbidden): gitlab-runner will log "forbidden" and get no jobs.',
        ),
        res.body,
      );
    if (res.status === 400)
      return envelope(
        client,
        'POST',
        '/runners/verify',
        400,
        check('error', `GitLab refused the check (400): ${JSON.stringify(res.body).slice(0, 200)}`),
        res.body,
      );
    return envelope(client, 'POST', '/runners/verify', res.status, check('valid'), withoutToken(res.body));
  } catch (err) {
    if (isCancelled(err)) throw err;
    const status = err instanceof GitlabError ? (err.status ?? 0) : 0;
    return envelope(client, 'POST', '/runners/verify', status, check('error', err instanceof Error ? err.message : String(err)), null);
  }
}

/**
 * The PAT test: a token from a runner's config that /personal_access_tokens/self accepts is an
 * access token, not a runner token. 401 means it is not one (as it should be).
 */
export async function testTokenAsPat(client: GitlabClient, ref: RunnerTokenRef, signal?: AbortSignal): Promise<GitlabEnvelope> {
  const info = describeToken(ref);
  const check = (result: TokenCheck['result'], message?: string): TokenCheck => ({
    check: 'pat-self',
    result,
    ...info,
    ...(message ? { message } : {}),
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
        check('is-pat', 'GitLab accepts this token as a personal, project or group access token: it is not a runner token.'),
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
        check('is-pat', 'GitLab authenticated this token as an access token but refused the call (403).'),
        res.body,
      );
    return envelope(
      client,
      'GET',
      path,
      res.status,
      check('error', 'This GitLab has no /personal_access_tokens/self endpoint (older than 15.5?).'),
      res.body,
    );
  } catch (err) {
    if (isCancelled(err)) throw err;
    const status = err instanceof GitlabError ? (err.status ?? 0) : 0;
    return envelope(client, 'GET', path, status, check('error', err instanceof Error ? err.message : String(err)), null);
  }
}
