import { KubeConfig } from '@kubernetes/client-node';
import { describeExec, execPluginOf, runExecPlugin } from '../../../electron/core/kube/exec-credential';
import { ensureExecApproved } from '../../../electron/core/kube/exec-approval';
import type { KubeConnectOptions } from '../../../electron/core/kube/kube-client';
import { loadContext, type ResolvedContext } from '../../../electron/core/kube/kubeconfig';
import { loginShellPath } from '../../../electron/core/kube/login-path';

/**
 * A @kubernetes/client-node KubeConfig for one context of a (merged) kubeconfig, for code that
 * wants client-node's typed APIs. Exec plugins go through runner-doctor's approval and PATH
 * handling first; the KubeConfig then carries the resulting token, so client-node never runs
 * a program itself. Loading client-node is costly (~90 MB), so only import this where needed.
 */
export async function clientNodeConfig(spec: string, context: string | undefined, opts: KubeConnectOptions = {}): Promise<KubeConfig> {
  const resolved = loadContext(spec, context);
  const { user, cluster } = resolved;
  const plugin = execPluginOf(user);
  let token: string | undefined;
  let certData: string | undefined;
  let keyData: string | undefined;
  if (plugin && user) {
    const request = {
      kubeconfig: resolved.merged.origin.users.get(user.name) ?? spec,
      context: resolved.context.name,
      user: user.name,
      plugin,
      commandLine: describeExec(plugin),
    };
    await ensureExecApproved(request, opts);
    const cred = await runExecPlugin(plugin, {
      pathValue: opts.pathValue ?? (await loginShellPath()),
      cluster,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    token = cred.token;
    if (cred.clientCertificateData) certData = Buffer.from(cred.clientCertificateData).toString('base64');
    if (cred.clientKeyData) keyData = Buffer.from(cred.clientKeyData).toString('base64');
  }
  return toKubeConfig(resolved, { token, certData, keyData });
}

function toKubeConfig(
  r: ResolvedContext,
  cred: { token: string | undefined; certData: string | undefined; keyData: string | undefined },
): KubeConfig {
  const { cluster, user, context } = r;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.server,
        caData: cluster.caData,
        caFile: cluster.caFile,
        skipTLSVerify: cluster.insecureSkipTlsVerify,
        tlsServerName: cluster.tlsServerName,
        proxyUrl: cluster.proxyUrl,
      },
    ],
    users: user
      ? [
          {
            name: user.name,
            token: cred.token ?? user.token ?? (user.authProvider?.name === 'oidc' ? user.authProvider.config?.['id-token'] : undefined),
            certData: cred.certData ?? user.certData,
            certFile: cred.certData ? undefined : user.certFile,
            keyData: cred.keyData ?? user.keyData,
            keyFile: cred.keyData ? undefined : user.keyFile,
            username: user.username,
            password: user.password,
            impersonateUser: user.impersonate,
            ...(user.tokenFile && !cred.token ? { authProvider: { name: 'tokenFile', config: { tokenFile: user.tokenFile } } } : {}),
          },
        ]
      : [],
    contexts: [
      {
        name: context.name,
        cluster: cluster.name,
        ...(user ? { user: user.name } : {}),
        ...(context.namespace ? { namespace: context.namespace } : {}),
      },
    ],
    currentContext: context.name,
  });
  return kc;
}
