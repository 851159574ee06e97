import type { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CollectPlan } from '../core/collect/collect';
import { planCollection, PlanError, withHooks, type PlanRequest } from '../core/collect/plan';
import type { DemoLab } from '../core/demo-lab/lab';
import { ttyExecApprover } from '../core/kube/exec-approval';
import { appKnownHostsFile } from '../core/util/app-paths';
import { ttyAskSecret } from './tty-secret';
import { UsageError } from './usage';
import { cliText, errorInLanguage } from './language';

export const COLLECT_OPTIONS = {
  demo: { type: 'boolean' },
  'kube-context': { type: 'string', multiple: true },
  namespace: { type: 'string', multiple: true },
  'all-namespaces': { type: 'boolean' },
  kubeconfig: { type: 'string' },
  'gitlab-url': { type: 'string' },
  'gitlab-ca-file': { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
  'verify-runner-tokens': { type: 'boolean' },
  ssh: { type: 'string', multiple: true },
  'ssh-config': { type: 'string' },
  'known-hosts': { type: 'string', multiple: true },
  'accept-new-host-keys': { type: 'boolean' },
  files: { type: 'string', multiple: true },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export type CollectValues = ReturnType<typeof parseArgs<{ options: typeof COLLECT_OPTIONS }>>['values'];

/** What the flags ask for, in the planner's terms. */
export function requestFromArgs(values: CollectValues, lab: DemoLab | undefined): PlanRequest {
  if (values['all-namespaces'] && values.namespace?.length) throw new UsageError(cliText()('args.namespaceOrAll'));
  if ((values.namespace?.length || values['all-namespaces']) && !values['kube-context']?.length) {
    throw new UsageError(cliText()('args.needsKubeContext', { flag: values['all-namespaces'] ? '--all-namespaces' : '--namespace' }));
  }
  const token = process.env.GITLAB_TOKEN;
  return {
    ...(lab ? { demo: { lab } } : {}),
    kube: (values['kube-context'] ?? []).map((context) => ({
      context,
      ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
      ...(values.namespace?.length ? { namespaces: values.namespace } : {}),
      ...(values['all-namespaces'] ? { allNamespaces: true } : {}),
    })),
    ssh: (values.ssh ?? []).map((host) => ({
      host,
      ...(values['ssh-config'] ? { sshConfig: values['ssh-config'] } : {}),
      ...(values['known-hosts']?.length ? { knownHosts: values['known-hosts'] } : {}),
    })),
    ...(values['gitlab-url']
      ? {
          gitlab: {
            url: values['gitlab-url'],
            ...(token ? { token } : {}),
            ...(values['gitlab-ca-file'] ? { caFile: values['gitlab-ca-file'] } : {}),
            ...(values['verify-runner-tokens'] ? { verifyRunnerTokens: true } : {}),
          },
        }
      : {}),
    files: values.files ?? [],
  };
}

/**
 * Turns the collect flags into a plan through the core planner, checking what can be checked
 * before connecting: a malformed ssh config or host spec is a usage error (exit 2), not an
 * unreachable host. Questions (exec plugins, key passphrases) are asked at the terminal.
 */
export async function planFromArgs(values: CollectValues, lab?: DemoLab): Promise<CollectPlan> {
  let plan: CollectPlan;
  try {
    plan = await planCollection(requestFromArgs(values, lab), {
      knownHostsFiles: [join(homedir(), '.ssh', 'known_hosts')],
      appKnownHostsFile: appKnownHostsFile(),
      // Like OpenSSH's StrictHostKeyChecking: unknown keys are refused unless accept-new was asked for.
      acceptNewHostKeys: values['accept-new-host-keys'] ?? false,
    });
  } catch (err) {
    if (err instanceof PlanError) throw new UsageError(errorInLanguage(err));
    throw err;
  }
  // kubeconfig exec plugins (aws eks get-token…) run only after a yes at the terminal.
  const approveExec = process.stdin.isTTY ? ttyExecApprover() : undefined;
  const askSecret = ttyAskSecret();
  return withHooks(plan, { ...(approveExec ? { approveExec } : {}), ...(askSecret ? { askSecret } : {}) });
}
