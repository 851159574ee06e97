import { spawn } from 'node:child_process';
import type { KubeClusterEntry, KubeUserEntry } from './kubeconfig';
import { findExecutable } from './login-path';
import { WordedError } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';

/** A kubeconfig `user.exec` credential plugin (e.g. `aws eks get-token`). */
export interface ExecPlugin {
  command: string;
  args: string[];
  /** Extra environment the kubeconfig sets for it (values are shown: kubeconfigs keep them in plain text). */
  env: { name: string; value: string }[];
  apiVersion: string;
  installHint?: string;
  provideClusterInfo: boolean;
}

export interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

export class ExecPluginError extends WordedError {
  override name = 'ExecPluginError';
}

export function execPluginOf(user: KubeUserEntry | null | undefined): ExecPlugin | undefined {
  const raw = user?.exec;
  if (!raw?.command) return undefined;
  return {
    command: raw.command,
    args: [...(raw.args ?? [])].map(String),
    env: [...(raw.env ?? [])].map((e) => ({ name: String(e.name), value: String(e.value) })),
    apiVersion: raw.apiVersion ?? 'client.authentication.k8s.io/v1beta1',
    ...(raw.installHint ? { installHint: raw.installHint } : {}),
    provideClusterInfo: raw.provideClusterInfo === true,
  };
}

const SECRET_NAME = /token|secret|key|pass|cred|auth|session/i;

/**
 * The command line as a user would type it, for the approval prompt. Values of variables named
 * like secrets are hidden: the prompt and error messages may end up in logs.
 */
export function describeExec(plugin: ExecPlugin): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const env = plugin.env.map((e) => `${e.name}=${SECRET_NAME.test(e.name) ? '<hidden>' : quote(e.value)} `).join('');
  return `${env}${[plugin.command, ...plugin.args].map(quote).join(' ')}`;
}

export interface RunExecOptions {
  /** PATH to search and to hand to the plugin (a login shell's, see loginShellPath). */
  pathValue: string;
  cluster?: KubeClusterEntry | null;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Runs a credential plugin as kubectl does: KUBERNETES_EXEC_INFO in the environment, stdin
 * closed (never interactive here), ExecCredential JSON on stdout. Missing programs, failures
 * and timeouts become errors that say what to do.
 */
export async function runExecPlugin(plugin: ExecPlugin, opts: RunExecOptions): Promise<ExecCredentialStatus> {
  const program = findExecutable(plugin.command, opts.pathValue);
  if (!program) {
    throw new ExecPluginError(
      msg('kube.exec.notFound', {
        command: plugin.command,
        path: opts.pathValue || msg('kube.exec.emptyPath'),
        // The kubeconfig's own hint is its author's words, quoted as they are.
        hint: plugin.installHint ? ` ${plugin.installHint.trim()}` : msg('kube.exec.installIt'),
      }),
    );
  }
  const info = {
    kind: 'ExecCredential',
    apiVersion: plugin.apiVersion,
    spec: {
      interactive: false,
      ...(plugin.provideClusterInfo && opts.cluster
        ? {
            cluster: {
              server: opts.cluster.server,
              ...(opts.cluster.caData ? { 'certificate-authority-data': opts.cluster.caData } : {}),
              ...(opts.cluster.tlsServerName ? { 'tls-server-name': opts.cluster.tlsServerName } : {}),
              ...(opts.cluster.insecureSkipTlsVerify ? { 'insecure-skip-tls-verify': true } : {}),
              ...(opts.cluster.proxyUrl ? { 'proxy-url': opts.cluster.proxyUrl } : {}),
            },
          }
        : {}),
    },
  };
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: opts.pathValue, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
  for (const e of plugin.env) env[e.name] = e.value;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const { code, stdout, stderr, timedOut } = await new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>(
    (resolve, reject) => {
      const child = spawn(program, plugin.args, {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      let out = '';
      let err = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out.length < 1 << 20 ? (out += d) : undefined));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err.length < 64 << 10 ? (err += d) : undefined));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, stdout: out, stderr: err, timedOut });
      });
    },
  );
  if (timedOut)
    throw new ExecPluginError(msg('kube.exec.timedOut', { command: describeExec(plugin), seconds: Math.round(timeoutMs / 1000) }));
  if (code !== 0) {
    const why = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400);
    throw new ExecPluginError(msg('kube.exec.failed', { command: plugin.command, code: String(code), why: why ? `: ${why}` : '' }));
  }
  let parsed: { kind?: string; status?: ExecCredentialStatus };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    throw new ExecPluginError(msg('kube.exec.notJson', { command: plugin.command }));
  }
  const status = parsed.status;
  if (parsed.kind !== 'ExecCredential' || !status || (!status.token && !(status.clientCertificateData && status.clientKeyData))) {
    throw new ExecPluginError(msg('kube.exec.noCredential', { command: plugin.command }));
  }
  return status;
}
