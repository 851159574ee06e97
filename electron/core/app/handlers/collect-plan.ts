import type { Sources } from '../../../../shared/ipc/channels';
import type { CollectPlan } from '../../collect/collect';
import { planCollection, PlanError, withHooks, type PlanHooks } from '../../collect/plan';
import type { DemoLab } from '../../demo-lab/lab';
import { defaultKnownHosts, type AppDeps } from '../app-deps';
import { UserFacingError } from '../dispatch';
import { msg } from '../../../../shared/messages';
import { checkAppTokenTransport, loadToken, normalizedGitlabUrl } from './gitlab';

export type { PlanHooks };
export type PreparedPlan = (hooks: Required<Pick<PlanHooks, 'approveExec' | 'askHostKey'>>) => CollectPlan;

/**
 * Checks collect.start's sources through the core planner (the CLI's too) and resolves what
 * can be resolved before anything connects, so mistakes come back as input errors. The
 * questions are bound later, to the operation that asks them.
 */
export async function preparePlan(sources: Sources, deps: AppDeps, lab: DemoLab | undefined): Promise<PreparedPlan> {
  if (sources.demo && !lab) throw new UserFacingError('invalid-input', msg('plan.demoNotStarted'));
  const g = sources.gitlab;
  if (g?.tokenRef) checkAppTokenTransport(normalizedGitlabUrl(g.url), g.allowInsecureHttp);
  const token = g?.tokenRef ? await loadToken(deps, g.tokenRef) : undefined;
  let plan: CollectPlan;
  try {
    plan = await planCollection(
      {
        ...(sources.demo && lab ? { demo: { lab, ...(sources.demoTargets ? { targets: sources.demoTargets } : {}) } } : {}),
        kube: (sources.kube ?? []).map((k) => ({
          context: k.context,
          ...(k.kubeconfig ? { kubeconfig: k.kubeconfig } : {}),
          ...(k.namespace ? { namespaces: [k.namespace] } : {}),
          ...(k.allNamespaces ? { allNamespaces: true } : {}),
        })),
        ssh: (sources.ssh ?? []).map((s) => ({
          host: s.host,
          ...(s.sshConfig ? { sshConfig: s.sshConfig } : {}),
          ...(s.knownHosts ? { knownHosts: [s.knownHosts] } : {}),
        })),
        ...(g ? { gitlab: { url: g.url, ...(token ? { token } : {}), ...(g.caFile ? { caFile: g.caFile } : {}) } } : {}),
        files: sources.files ?? [],
      },
      // Unknown keys are asked about in the window, never accepted silently; changed keys are refused.
      { home: deps.home, knownHostsFiles: defaultKnownHosts(deps), appKnownHostsFile: deps.appKnownHostsFile, acceptNewHostKeys: false },
    );
  } catch (err) {
    if (err instanceof PlanError) throw new UserFacingError('invalid-input', err.message, err.text);
    throw err;
  }
  return (hooks) => withHooks(plan, { ...hooks, approvals: deps.approvals });
}
