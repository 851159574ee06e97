import type { parseArgs } from 'node:util';
import type { CollectPlan } from '../core/collect/collect';
import { contextNamespace, defaultKubeconfigPath } from '../core/kube/kubeconfig';
import { ttyExecApprover } from '../core/kube/exec-approval';
import { loadSshConfigFor } from '../core/ssh/target';
import { parseTarget, SshConfigError, SshTargetError } from '../core/ssh/ssh-config';
import { appKnownHostsFile } from '../core/util/app-paths';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ttyAskSecret } from './tty-secret';
import { UsageError } from './usage';

export const COLLECT_OPTIONS = {
  demo: { type: 'boolean' },
  'kube-context': { type: 'string', multiple: true },
  namespace: { type: 'string' },
  kubeconfig: { type: 'string' },
  'gitlab-url': { type: 'string' },
  'gitlab-ca-file': { type: 'string' },
  ssh: { type: 'string', multiple: true },
  'ssh-config': { type: 'string' },
  'known-hosts': { type: 'string', multiple: true },
  'accept-new-host-keys': { type: 'boolean' },
  files: { type: 'string', multiple: true },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export type CollectValues = ReturnType<typeof parseArgs<{ options: typeof COLLECT_OPTIONS }>>['values'];

/**
 * Turns the collect flags into a plan, checking what can be checked before connecting:
 * a malformed ssh config or host spec is a usage error (exit 2), not an unreachable host.
 */
export async function planFromArgs(values: CollectValues): Promise<CollectPlan> {
  const kubeconfig = defaultKubeconfigPath(values.kubeconfig);
  // kubeconfig exec plugins (aws eks get-token…) run only after a yes at the terminal.
  const approveExec = process.stdin.isTTY ? ttyExecApprover() : undefined;
  const plan: CollectPlan = {
    kube: (values['kube-context'] ?? []).map((context) => ({
      kubeconfig,
      context,
      namespace: values.namespace ?? contextNamespace(kubeconfig, context) ?? 'default',
      ...(approveExec ? { approveExec } : {}),
    })),
    files: values.files ?? [],
  };
  if (values['gitlab-url']) {
    const token = process.env.GITLAB_TOKEN;
    try {
      new URL(values['gitlab-url']);
    } catch {
      throw new UsageError(`--gitlab-url ${values['gitlab-url']} is not a URL (e.g. https://gitlab.example.com)`);
    }
    plan.gitlab = { url: values['gitlab-url'], ...(token ? { token } : {}), ...(values['gitlab-ca-file'] ? { caFile: values['gitlab-ca-file'] } : {}) };
  }
  if (values.ssh?.length) {
    const sshConfigFile = values['ssh-config'];
    try {
      await loadSshConfigFor(sshConfigFile ? { sshConfigFile } : {});
      for (const target of values.ssh) if (target.includes('@') || target.includes(':')) parseTarget(target);
    } catch (err) {
      if (err instanceof SshConfigError || err instanceof SshTargetError) throw new UsageError(err.message);
      throw err;
    }
    const askSecret = ttyAskSecret();
    plan.ssh = {
      targets: values.ssh,
      options: {
        knownHostsFiles: values['known-hosts'] ?? [join(homedir(), '.ssh', 'known_hosts')],
        appKnownHostsFile: appKnownHostsFile(),
        // Like OpenSSH's StrictHostKeyChecking: unknown keys are refused unless accept-new was asked for.
        acceptNewHostKeys: values['accept-new-host-keys'] ?? false,
        ...(sshConfigFile ? { sshConfigFile } : {}),
        ...(askSecret ? { askSecret } : {}),
      },
    };
  }
  return plan;
}
