import type { Facts } from '../diagnosis/facts';
import { sleep } from '../gitlab/retry';
import { tokenHintText, tokenKindText } from '../gitlab/tokens';
import type { FixContext, TargetFilter, VerifyResult } from './fix-definition';
import type { TokenStore } from './token-file';
import type { FoundSink } from './token-sink-types';
import type { Message } from '../../../shared/messages';
import { english, msg, verified } from './fix-text';

/** " (mode 0600)" where the token is kept in a file (the CLI); the app keeps it elsewhere. */
export const fileModeText = (store: TokenStore | undefined): Message | '' => (!store || store.fileMode ? msg('token.fileMode', { mode: store?.fileMode ?? '0600' }) : '');
export const fileMode = (store: TokenStore | undefined) => {
  const m = fileModeText(store);
  return m ? english(m) : '';
};

export { tokenHintText, tokenKindText };
export const tokenHint = (token: string) => english(tokenHintText(token));

/** The GitLab runner a sink's runner is: --target RUNNER_ID, config.toml's `id`, or the one runner whose description is one of its names. */
export function runnerIdOf(found: FoundSink, facts: Facts, target: TargetFilter): number | undefined {
  if (target && /^\d+$/.test(target)) return Number(target);
  if (found.runnerId !== undefined) return found.runnerId;
  const matches = [...facts.gitlab.runners.values()].filter((r) => r.description && found.names.includes(r.description));
  return matches.length === 1 ? matches[0]!.id : undefined;
}

/** Whether --target (a runner id, namespace, object, host or runner name) picks this sink. */
export function targetPicks(found: FoundSink, runnerId: number | undefined, target: TargetFilter): boolean {
  if (target === undefined) return true;
  if (/^\d+$/.test(target)) return runnerId === Number(target) || found.runnerId === undefined;
  const s = found.sink;
  const names = [...found.names, s.kind === 'ssh' ? s.alias : s.namespace, s.kind === 'secret' ? s.secret : s.kind === 'configmap' ? s.name : s.path];
  return names.includes(target);
}

/** How long verification waits for GitLab to see the restarted runner (it polls every few seconds). */
const CONTACT_WAIT_MS = 60_000;

/** GitLab's contacted_at for the runner moves past the restart: it authenticates with the new token. */
export async function contactedSince(ctx: FixContext, runnerId: number | undefined, restartedAt: string | undefined): Promise<VerifyResult> {
  const target = ctx.connections.gitlabTarget;
  if (!target?.token || !restartedAt) return verified(true, msg('sink.contact.noToken'));
  if (runnerId === undefined) return verified(true, msg('sink.contact.noId'));
  const gitlab = await ctx.connections.gitlab();
  // contacted_at may be kept to whole seconds.
  const since = Date.parse(restartedAt) - 1_000;
  const deadline = Date.now() + CONTACT_WAIT_MS;
  for (;;) {
    const runner = (await gitlab.get<{ contacted_at?: string | null; status?: string }>(`/runners/${runnerId}`, { signal: ctx.signal })).body;
    if (runner.contacted_at && Date.parse(runner.contacted_at) >= since) {
      return verified(true, msg('sink.contact.seen', { runnerId, at: runner.contacted_at, status: runner.status ?? msg('sink.contact.statusUnknown') }));
    }
    if (Date.now() > deadline) return verified(false, msg('sink.contact.notSeen', { runnerId, last: runner.contacted_at ?? msg('sink.contact.never') }));
    await sleep(3_000, ctx.signal);
  }
}
