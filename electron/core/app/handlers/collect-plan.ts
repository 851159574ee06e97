import { resolve } from 'node:path';
import { DEMO_TARGETS, type Sources } from '../../../../shared/ipc/channels';
import type { CollectPlan, SshPlan } from '../../collect/collect';
import type { DemoLab } from '../../demo-lab/lab';
import type { ExecApprover } from '../../kube/exec-approval';
import { contextNamespace, defaultKubeconfigPath } from '../../kube/kubeconfig';
import type { HostKeyPrompt } from '../../ssh/host-key-policy';
import { parseTarget } from '../../ssh/ssh-config';
import { loadSshConfigFor } from '../../ssh/target';
import { defaultKnownHosts, type AppDeps } from '../app-deps';
import { UserFacingError } from '../dispatch';
import { demoPlan } from '../collect-session';
import { kubeFailure, sshFailure } from './errors';
import { loadToken, normalizedGitlabUrl } from './gitlab';

/** The questions a collection may need to ask, bound to the operation that asks them. */
export interface PlanHooks {
  approveExec: ExecApprover;
  askHostKey: (info: HostKeyPrompt) => Promise<boolean>;
}

export type PreparedPlan = (hooks: PlanHooks) => CollectPlan;

type KubeSource = NonNullable<Sources['kube']>[number];
type SshSource = NonNullable<Sources['ssh']>[number];

/**
 * Checks collect.start's sources and resolves what can be resolved before anything connects
 * (kubeconfig and context, namespace defaults, ssh config syntax, host specs, the stored token),
 * so mistakes come back as input errors. Each target appears once in the plan.
 */
export async function preparePlan(sources: Sources, deps: AppDeps, lab: DemoLab | undefined): Promise<PreparedPlan> {
  const demo = demoParts(sources, lab);
  const kube = kubeTargets(demo.kube ?? [], sources.kube ?? []);
  const gitlab = await explicitGitlab(sources, deps);
  if (gitlab && demo.gitlab)
    throw new UserFacingError('invalid-input', "Collect from one GitLab instance at a time: the demo lab's or yours.");
  const ssh = await explicitSsh(sources.ssh ?? [], deps);
  if (ssh && demo.ssh)
    throw new UserFacingError('invalid-input', "Collect from the demo lab's SSH host or from your own hosts, not both at once.");
  const files = [...new Set(sources.files ?? [])];
  const sshPlan = ssh ?? demo.ssh;
  if (kube.length === 0 && !gitlab && !demo.gitlab && !sshPlan && files.length === 0) {
    throw new UserFacingError('invalid-input', 'Choose at least one target to collect from.');
  }
  return (hooks) => ({
    kube: kube.map((k) => ({ ...k, approveExec: hooks.approveExec, approvals: deps.approvals })),
    ...(gitlab || demo.gitlab ? { gitlab: gitlab ?? demo.gitlab } : {}),
    ...(sshPlan ? { ssh: { targets: sshPlan.targets, options: { ...sshPlan.options, askHostKey: hooks.askHostKey } } } : {}),
    files,
  });
}

/** The demo lab's targets the user kept (all of them unless `demoTargets` names some). */
function demoParts(sources: Sources, lab: DemoLab | undefined): Partial<CollectPlan> {
  if (!sources.demo) return {};
  if (!lab) throw new UserFacingError('invalid-input', 'Start the demo lab first.');
  const wanted = new Set(sources.demoTargets ?? DEMO_TARGETS);
  const plan = demoPlan(lab);
  return {
    ...(wanted.has('kube') ? { kube: plan.kube } : {}),
    ...(wanted.has('gitlab') && plan.gitlab ? { gitlab: plan.gitlab } : {}),
    ...(wanted.has('ssh') && plan.ssh ? { ssh: plan.ssh } : {}),
  };
}

/** The demo's and the user's contexts/namespaces, each once. */
function kubeTargets(demo: CollectPlan['kube'], targets: KubeSource[]): CollectPlan['kube'] {
  const bySource = new Map<string, { kubeconfig: string; context: string; namespace: string }>();
  for (const d of demo)
    bySource.set(`${d.context}/${d.namespace}`, { kubeconfig: d.kubeconfig, context: d.context, namespace: d.namespace });
  for (const t of targets) {
    const kubeconfig = defaultKubeconfigPath(t.kubeconfig);
    let namespace: string;
    try {
      namespace = t.namespace ?? contextNamespace(kubeconfig, t.context) ?? 'default';
    } catch (err) {
      throw kubeFailure(err);
    }
    // Evidence is filed under kube/<context>/<namespace>: two clusters with the same names would mix.
    const key = `${t.context}/${namespace}`;
    const seen = bySource.get(key);
    if (seen && resolve(seen.kubeconfig) !== resolve(kubeconfig)) {
      throw new UserFacingError(
        'invalid-input',
        `Context ${t.context}, namespace ${namespace} is chosen from two kubeconfigs (${seen.kubeconfig} and ${kubeconfig}); collect them separately.`,
      );
    }
    bySource.set(key, { kubeconfig, context: t.context, namespace });
  }
  return [...bySource.values()];
}

async function explicitGitlab(sources: Sources, deps: AppDeps): Promise<CollectPlan['gitlab']> {
  const g = sources.gitlab;
  if (!g) return undefined;
  const url = normalizedGitlabUrl(g.url);
  const token = g.tokenRef ? await loadToken(deps, g.tokenRef) : undefined;
  return { url, ...(token ? { token } : {}), ...(g.caFile ? { caFile: g.caFile } : {}) };
}

async function explicitSsh(targets: SshSource[], deps: AppDeps): Promise<SshPlan | undefined> {
  if (targets.length === 0) return undefined;
  const first = targets[0] as SshSource;
  if (targets.some((t) => t.sshConfig !== first.sshConfig || t.knownHosts !== first.knownHosts)) {
    throw new UserFacingError('invalid-input', 'All SSH hosts of one collection use the same ssh config and known_hosts file.');
  }
  try {
    // Syntax errors in the config or a host spec are the user's to fix, before any host is tried.
    await loadSshConfigFor({ ...(first.sshConfig ? { sshConfigFile: first.sshConfig } : {}), home: deps.home });
    for (const t of targets) if (/[@:]/.test(t.host)) parseTarget(t.host);
  } catch (err) {
    throw sshFailure(err);
  }
  return {
    targets: [...new Set(targets.map((t) => t.host))],
    options: {
      ...(first.sshConfig ? { sshConfigFile: first.sshConfig } : {}),
      knownHostsFiles: first.knownHosts ? [first.knownHosts] : defaultKnownHosts(deps),
      appKnownHostsFile: deps.appKnownHostsFile,
      // Unknown keys are asked about, never accepted silently; changed keys are refused.
      acceptNewHostKeys: false,
      home: deps.home,
    },
  };
}
