import { targetId, type SourceTarget } from '../../../shared/source-ids';
import { describeInstance } from '../gitlab/url';
import { targetAlias } from '../ssh/target-alias';
import type { CollectPlan, KubePlanTarget } from './collect';

/**
 * The part of a plan that collects one target again (a namespace, a context's namespace search,
 * a host, the GitLab instance, a path), with the plan's own options; undefined when the plan
 * has no such target. A namespace found by a context's search is collected as if it were named.
 */
export function narrowPlan(plan: CollectPlan, target: SourceTarget): CollectPlan | undefined {
  switch (target.kind) {
    case 'kube': {
      const { context, namespace } = target;
      const inContext = plan.kube.filter((t) => t.context === context);
      if (namespace === undefined) {
        const search = inContext.find((t) => !('namespace' in t));
        return search ? { kube: [search], files: [] } : undefined;
      }
      const named = inContext.find((t) => 'namespace' in t && t.namespace === namespace);
      let kube: KubePlanTarget | undefined = named;
      const search = inContext.find((t) => !('namespace' in t));
      if (!kube && search) {
        const { allNamespaces: _all, ...rest } = search as Extract<KubePlanTarget, { allNamespaces: true }>;
        kube = { ...rest, namespace };
      }
      return kube ? { kube: [kube], files: [] } : undefined;
    }
    case 'ssh': {
      const found = (plan.ssh ?? []).find((p) => p.targets.some((t) => targetAlias(t) === target.alias));
      if (!found) return undefined;
      // The host is still checked against the GitLab instance of the whole plan.
      const gitlabUrl = plan.gitlab && !found.options.gitlabUrl ? { gitlabUrl: plan.gitlab.url } : {};
      return { kube: [], ssh: [{ targets: found.targets.filter((t) => targetAlias(t) === target.alias).slice(0, 1), options: { ...found.options, ...gitlabUrl } }], files: [] };
    }
    case 'gitlab':
      return plan.gitlab && describeInstance(plan.gitlab.url).source.id === targetId(target) ? { kube: [], gitlab: plan.gitlab, files: [] } : undefined;
    case 'files':
      return plan.files.includes(target.path) ? { kube: [], files: [target.path] } : undefined;
    case 'ssh-config':
      return undefined;
  }
}
