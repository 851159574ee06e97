import type { HostKeyPrompt } from '../../ssh/host-key-policy';
import { approvalKey, type ExecApprover } from '../../kube/exec-approval';
import type { HandlerContext } from '../handler-types';
import type { PromptBroker } from '../prompts';

/**
 * Asks the window before a kubeconfig exec plugin runs for the first time. Several namespaces
 * of one context connect at once: they share one question (and its answer) instead of
 * stacking identical dialogs.
 */
export function uiExecApprover(prompts: PromptBroker, ctx: HandlerContext, signal?: AbortSignal): ExecApprover {
  const asked = new Map<string, Promise<boolean>>();
  return (request) => {
    const key = approvalKey(request);
    let answer = asked.get(key);
    if (!answer) {
      answer = prompts.ask(
        ctx,
        {
          kind: 'kube-exec',
          context: request.context,
          user: request.user,
          kubeconfig: request.kubeconfig,
          commandLine: request.commandLine,
        },
        signal,
      );
      asked.set(key, answer);
    }
    return answer;
  };
}

/** Asks the window whether to trust a host key no known_hosts file has; never answers yes by itself. */
export function uiHostKeyAsker(
  prompts: PromptBroker,
  ctx: HandlerContext,
  signal?: AbortSignal,
): (info: HostKeyPrompt) => Promise<boolean> {
  return (info) =>
    prompts.ask(
      ctx,
      { kind: 'ssh-host-key', host: info.host, port: info.port, keyType: info.keyType, fingerprint: info.fingerprint },
      signal,
    );
}
