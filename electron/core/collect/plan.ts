import { join, resolve } from 'node:path';
import type { DemoTarget } from '../../../shared/ipc/channels';
import type { DemoLab } from '../demo-lab/lab';
import { normalizeInstanceUrl } from '../gitlab/url';
import type { ExecApprovalStore, ExecApprover } from '../kube/exec-approval';
import { contextNamespace, defaultKubeconfigPath } from '../kube/kubeconfig';
import type { HostKeyPrompt } from '../ssh/host-key-policy';
import { parseTarget } from '../ssh/ssh-config';
import type { AskSecret } from '../ssh/auth';
import { errorMessage } from '../util/abort';
import { failureTextOrQuoted } from '../util/network-failure';
import { MessageError } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';
import type { CollectPlan, KubePlanTarget, SshPlan } from './collect';

/**
 * The one collection planner, for the CLI and the app: what the user asked for (flags or the
 * wizard's sources) becomes a CollectPlan, with every mistake that can be found before
 * connecting reported as a PlanError (a usage error in the CLI, invalid input in the app).
 */

export class PlanError extends MessageError {
  override name = 'PlanError';

  /** A reader's error (kubeconfig, ssh config, host spec, URL) as a planning mistake, keeping its message id. */
  static from(err: unknown): PlanError {
    return new PlanError(failureTextOrQuoted(err), errorMessage(err));
  }
}

export interface KubeRequest {
  context: string;
  /** Default: KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string;
  /** Namespaces to collect; default the context's own, else `default`. */
  namespaces?: string[];
  /** Every namespace holding runners, among those the user may list. */
  allNamespaces?: boolean;
}

export interface SshRequest {
  /** An ssh config alias, user@host or user@host:port. */
  host: string;
  sshConfig?: string;
  knownHosts?: string[];
}

export interface PlanRequest {
  /** The running demo lab and which of its targets to collect (default all). */
  demo?: { lab: DemoLab; targets?: readonly DemoTarget[] };
  kube?: KubeRequest[];
  ssh?: SshRequest[];
  gitlab?: { url: string; token?: string; caFile?: string; verifyRunnerTokens?: boolean };
  files?: string[];
}

/** Where the user's SSH files are, and how unknown host keys are treated. */
export interface PlanDefaults {
  home?: string;
  knownHostsFiles: string[];
  appKnownHostsFile: string;
  /** Like OpenSSH's StrictHostKeyChecking=accept-new. */
  acceptNewHostKeys: boolean;
}

/** The questions a collection may ask, bound by the caller to a terminal or a window. */
export interface PlanHooks {
  approveExec?: ExecApprover;
  approvals?: ExecApprovalStore;
  askHostKey?: (info: HostKeyPrompt) => Promise<boolean>;
  askSecret?: AskSecret;
}

export async function planCollection(req: PlanRequest, defaults: PlanDefaults): Promise<CollectPlan> {
  const demo = req.demo ? demoPlan(req.demo.lab, req.demo.targets) : undefined;
  if (req.gitlab && demo?.gitlab) throw new PlanError(msg('plan.oneGitlab'));
  const plan: CollectPlan = {
    kube: kubeTargets(demo?.kube ?? [], req.kube ?? []),
    ssh: [...(demo?.ssh ?? []), ...(await sshPlans(req.ssh ?? [], defaults))],
    files: [...new Set(req.files ?? [])],
  };
  const gitlab = req.gitlab ? explicitGitlab(req.gitlab) : demo?.gitlab;
  if (gitlab) plan.gitlab = gitlab;
  if (plan.kube.length === 0 && !plan.gitlab && !plan.ssh?.length && plan.files.length === 0) {
    throw new PlanError(msg('plan.noTarget'));
  }
  return plan;
}

/** The plan with the caller's questions attached to every target that may ask one. */
export function withHooks(plan: CollectPlan, hooks: PlanHooks): CollectPlan {
  return {
    ...plan,
    kube: plan.kube.map((k) => ({
      ...k,
      ...(hooks.approveExec ? { approveExec: hooks.approveExec } : {}),
      ...(hooks.approvals ? { approvals: hooks.approvals } : {}),
    })),
    ssh: (plan.ssh ?? []).map((s) => ({
      targets: s.targets,
      options: {
        ...s.options,
        ...(hooks.askHostKey ? { askHostKey: hooks.askHostKey } : {}),
        ...(hooks.askSecret ? { askSecret: hooks.askSecret } : {}),
      },
    })),
  };
}

/** The collection plan that points every collector at the demo lab (all targets unless some are named). */
export function demoPlan(lab: DemoLab, targets: readonly DemoTarget[] = ['kube', 'ssh', 'gitlab']): CollectPlan & { ssh: SshPlan[] } {
  const wanted = new Set(targets);
  return {
    kube: wanted.has('kube') ? lab.namespaces.map((namespace) => ({ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace })) : [],
    ssh: wanted.has('ssh')
      ? [
          {
            targets: [lab.sshAlias],
            options: {
              sshConfigFile: lab.sshConfigPath,
              knownHostsFiles: [lab.knownHostsPath],
              // The lab's own file, so trying the demo never touches the user's known hosts.
              appKnownHostsFile: join(lab.dir, 'app_known_hosts'),
              acceptNewHostKeys: false,
              agentSocket: null,
            },
          },
        ]
      : [],
    ...(wanted.has('gitlab') ? { gitlab: { url: lab.gitlab.url, token: lab.gitlab.token, caFile: lab.gitlab.caFile } } : {}),
    files: [],
  };
}

/** Each context/namespace once; the same names from two kubeconfigs would file evidence together. */
function kubeTargets(demo: readonly KubePlanTarget[], requests: KubeRequest[]): KubePlanTarget[] {
  const byKey = new Map<string, KubePlanTarget>();
  const add = (t: KubePlanTarget) => {
    const key = `${t.context}/${'namespace' in t ? t.namespace : '*'}`;
    const seen = byKey.get(key);
    if (seen && resolve(seen.kubeconfig) !== resolve(t.kubeconfig)) {
      const what = 'namespace' in t ? msg('plan.contextNamespace', { context: t.context, namespace: t.namespace }) : msg('plan.context', { context: t.context });
      throw new PlanError(msg('plan.twoKubeconfigs', { what, first: seen.kubeconfig, second: t.kubeconfig }));
    }
    byKey.set(key, t);
  };
  demo.forEach(add);
  for (const r of requests) {
    const kubeconfig = defaultKubeconfigPath(r.kubeconfig);
    if (r.allNamespaces) {
      add({ kubeconfig, context: r.context, allNamespaces: true });
      continue;
    }
    let namespaces = r.namespaces?.length ? r.namespaces : undefined;
    if (!namespaces) {
      try {
        namespaces = [contextNamespace(kubeconfig, r.context) ?? 'default'];
      } catch (err) {
        throw PlanError.from(err);
      }
    }
    for (const namespace of new Set(namespaces)) add({ kubeconfig, context: r.context, namespace });
  }
  return [...byKey.values()];
}

function explicitGitlab(g: NonNullable<PlanRequest['gitlab']>): NonNullable<CollectPlan['gitlab']> {
  let url: string;
  try {
    url = normalizeInstanceUrl(g.url);
  } catch (err) {
    throw PlanError.from(err);
  }
  return { url, ...(g.token ? { token: g.token } : {}), ...(g.caFile ? { caFile: g.caFile } : {}), ...(g.verifyRunnerTokens ? { verifyRunnerTokens: true } : {}) };
}

/** One SSH plan per ssh config and known_hosts pair, so hosts from several configs can mix. */
async function sshPlans(requests: SshRequest[], defaults: PlanDefaults): Promise<SshPlan[]> {
  const groups = new Map<string, { sshConfig: string | undefined; knownHosts: string[]; hosts: Set<string> }>();
  for (const r of requests) {
    const knownHosts = r.knownHosts?.length ? r.knownHosts : defaults.knownHostsFiles;
    const key = JSON.stringify([r.sshConfig ?? null, knownHosts]);
    const group = groups.get(key) ?? { sshConfig: r.sshConfig, knownHosts, hosts: new Set<string>() };
    group.hosts.add(r.host.trim());
    groups.set(key, group);
  }
  const plans: SshPlan[] = [];
  // The SSH client loads only when SSH hosts are asked for.
  const { loadSshConfigFor } = groups.size ? await import('../ssh/target') : { loadSshConfigFor: undefined };
  for (const g of groups.values()) {
    try {
      // Syntax errors in the config or a host spec are the user's to fix, before any host is tried.
      await loadSshConfigFor?.({ ...(g.sshConfig ? { sshConfigFile: g.sshConfig } : {}), ...(defaults.home ? { home: defaults.home } : {}) });
      for (const host of g.hosts) if (/[@:]/.test(host)) parseTarget(host);
    } catch (err) {
      throw PlanError.from(err);
    }
    plans.push({
      targets: [...g.hosts],
      options: {
        ...(g.sshConfig ? { sshConfigFile: g.sshConfig } : {}),
        knownHostsFiles: g.knownHosts,
        appKnownHostsFile: defaults.appKnownHostsFile,
        acceptNewHostKeys: defaults.acceptNewHostKeys,
        ...(defaults.home ? { home: defaults.home } : {}),
      },
    });
  }
  return plans;
}
