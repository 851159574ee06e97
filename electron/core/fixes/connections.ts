import type { CollectPlan, GitlabTarget, KubePlanTarget } from '../collect/collect';
import { GitlabClient } from '../gitlab/client';
import { readCaFile } from '../gitlab/tls-trust';
import type { KubeTarget } from '../kube/collect-kube';
import { KubeClient } from '../kube/kube-client';
import type { SshConnection } from '../ssh/connect';
import { connectTarget, targetAlias } from '../ssh/target';
import { FixInputError } from './fix-definition';
import { msg } from '../../../shared/messages';
import type { TokenStore } from './token-file';

/**
 * The connections a fix writes through: the same sources as collection (CONTRACTS.md §1),
 * opened on first use and closed once at the end.
 */
export class FixConnections {
  private gitlabClient: GitlabClient | undefined;
  private runnerSideClient: GitlabClient | undefined;
  private readonly kubeClients = new Map<string, Promise<KubeClient>>();
  private readonly sshConnections = new Map<string, Promise<SshConnection>>();

  /**
   * @param tokenStore where a fix that creates or rotates a runner token keeps it before any
   *   other step (`--token-file`); token fixes refuse to apply without one.
   */
  constructor(
    private readonly sources: CollectPlan,
    readonly tokenStore?: TokenStore,
  ) {}

  get gitlabTarget(): GitlabTarget | undefined {
    return this.sources.gitlab;
  }

  get kubeTargets(): readonly KubePlanTarget[] {
    return this.sources.kube;
  }

  /** The GitLab API with the user's token; a fix that needs it and has none says so. */
  async gitlab(): Promise<GitlabClient> {
    const target = this.sources.gitlab;
    if (!target) throw new FixInputError(msg('fix.input.needsGitlabWithToken'));
    if (!target.token) throw new FixInputError(msg('fix.input.needsGitlabToken', { url: target.url }));
    this.gitlabClient ??= new GitlabClient({
      url: target.url,
      token: target.token,
      ...(target.caFile ? { caPem: await readCaFile(target.caFile) } : {}),
    });
    return this.gitlabClient;
  }

  /** The GitLab API for runner-side calls, which carry a runner token in the body: no personal access token needed. */
  async gitlabRunnerSide(): Promise<GitlabClient> {
    const target = this.sources.gitlab;
    if (!target) throw new FixInputError(msg('fix.input.needsGitlab'));
    if (target.token) return this.gitlab();
    this.runnerSideClient ??= new GitlabClient({ url: target.url, ...(target.caFile ? { caPem: await readCaFile(target.caFile) } : {}) });
    return this.runnerSideClient;
  }

  /** The cluster of a kubeconfig context, connected once. */
  kube(target: Pick<KubeTarget, 'kubeconfig' | 'context' | 'approveExec' | 'approvals'>, signal?: AbortSignal): Promise<KubeClient> {
    const key = `${target.kubeconfig}\n${target.context}`;
    let client = this.kubeClients.get(key);
    if (!client) {
      client = KubeClient.connect(target.kubeconfig, target.context, {
        ...(signal ? { signal } : {}),
        ...(target.approveExec ? { approve: target.approveExec } : {}),
        ...(target.approvals ? { approvals: target.approvals } : {}),
      });
      this.kubeClients.set(key, client);
    }
    return client;
  }

  /** The runner hosts named with --ssh, as collection names them. */
  get sshAliases(): string[] {
    return [...new Set((this.sources.ssh ?? []).flatMap((p) => p.targets.map(targetAlias)))];
  }

  /** A runner host named with --ssh (its alias as collection saw it), connected once with the same options. */
  ssh(alias: string, signal?: AbortSignal): Promise<SshConnection> {
    let conn = this.sshConnections.get(alias);
    if (!conn) {
      const plan = this.sources.ssh?.find((p) => p.targets.some((t) => targetAlias(t) === alias));
      const input = plan?.targets.find((t) => targetAlias(t) === alias);
      if (!plan || input === undefined) return Promise.reject(new FixInputError(msg('fix.input.needsHost', { alias })));
      conn = connectTarget(input, { ...plan.options, ...(signal ? { signal } : {}) });
      this.sshConnections.set(alias, conn);
    }
    return conn;
  }

  async close(): Promise<void> {
    await this.gitlabClient?.close();
    await this.runnerSideClient?.close();
    for (const c of this.kubeClients.values()) await c.then((k) => k.close()).catch(() => undefined);
    for (const c of this.sshConnections.values()) await c.then((s) => s.close()).catch(() => undefined);
  }
}
