import type { AuditRecord } from '../../../shared/fixes';
import type { RunnerTokenCheckResult, RunnerTokenView } from '../../../shared/ipc/token-checks';
import type { GitlabClient } from './client';
import type { RunnerTokenRef } from './config-tokens';
import type { GitlabEnvelope } from './evidence-shapes';
import { verifyRunnerToken } from './token-check';
import { classifyToken, tokenHintText } from './tokens';
import { formatIn } from '../../../shared/i18n/text';

/**
 * "Check this token against GitLab": the runner tokens found in collected config.toml files,
 * which ones can be checked, and the check itself — `POST /runners/verify`, a write
 * (VERIFY_CHANGES) — for the CLI's `collect --verify-runner-tokens` and the app's explicit
 * check alike. Tokens stay in the main process; what leaves it is their type and last 4.
 */

/** The audit log's name for the check: it is no fix, but a write the user asked for. */
export const CHECK_AUDIT_ID = 'check-runner-token';

/** Each token once per place it was found; empty fields and placeholders are no token to check. */
export function checkableTokens(tokens: readonly RunnerTokenRef[]): RunnerTokenRef[] {
  const seen = new Set<string>();
  return tokens.filter((t) => {
    const key = `${t.token}\u0000${t.ref}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const kind = classifyToken(t.token).kind;
    return kind !== 'empty' && kind !== 'placeholder';
  });
}

/** What a person (and the renderer) may see of a token: where it was found, for which runner, its type and last 4. */
export function tokenView(t: RunnerTokenRef, index: number): RunnerTokenView {
  const hint = tokenHintText(t.token);
  return {
    id: String(index + 1),
    where: t.ref,
    ...(t.runnerName ? { runnerName: t.runnerName } : {}),
    ...(t.url ? { runnerUrl: t.url } : {}),
    token: formatIn(hint, 'en', 'fixes'),
    tokenText: hint,
    ...(t.systemId ? { systemId: t.systemId } : {}),
  };
}

function resultOf(envelope: GitlabEnvelope): Pick<RunnerTokenCheckResult, 'result' | 'status' | 'message' | 'messageText'> {
  const check = envelope.tokenCheck;
  const result = check?.result === 'valid' ? 'valid' : check?.result === 'invalid' ? 'rejected' : 'error';
  return { result, status: envelope.gitlabApi.status, ...(check?.message ? { message: check.message } : {}), ...(check?.text ? { messageText: check.text } : {}) };
}

/** Where each check is recorded: audit.jsonl in the app's data directory, for the CLI and the app alike. */
export type AuditSink = (record: AuditRecord) => Promise<void>;

/**
 * The one way `POST /runners/verify` is sent: the check, then its record in the audit log
 * (target: the runner and where its token was found; never the token). Returns the evidence
 * envelope (for a collection) and what a person may see of the result.
 */
export async function verifyAndAudit(
  client: GitlabClient,
  ref: RunnerTokenRef,
  view: RunnerTokenView,
  audit: AuditSink,
  signal?: AbortSignal,
): Promise<{ envelope: GitlabEnvelope; result: RunnerTokenCheckResult }> {
  const envelope = await verifyRunnerToken(client, ref, signal);
  const result = { ...view, ...resultOf(envelope), systemIdSent: ref.systemId ?? '<legacy>' };
  const runner = view.runnerName ? `runner ${view.runnerName}` : 'a runner';
  await audit({
    time: new Date().toISOString(),
    fixId: CHECK_AUDIT_ID,
    findingId: CHECK_AUDIT_ID,
    target: { label: `${runner}'s token (${view.token}) from ${view.where}, checked on ${client.baseUrl}`, gitlabUrl: client.baseUrl },
    step: 'apply',
    result: result.result === 'error' ? 'failed' : 'ok',
    detail: `POST /api/v4/runners/verify with system_id ${result.systemIdSent}: ${result.status || 'no answer'} ${result.result}${result.message ? ` (${result.message})` : ''}`,
  });
  return { envelope, result };
}

/** Checks each chosen token, one after the other, each call audited. */
export async function checkRunnerTokens(
  client: GitlabClient,
  tokens: readonly { view: RunnerTokenView; ref: RunnerTokenRef }[],
  audit: AuditSink,
  signal?: AbortSignal,
): Promise<RunnerTokenCheckResult[]> {
  const results: RunnerTokenCheckResult[] = [];
  for (const { view, ref } of tokens) results.push((await verifyAndAudit(client, ref, view, audit, signal)).result);
  return results;
}
