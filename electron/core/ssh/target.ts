import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defaultIdentityFiles, type AskSecret } from './auth';
import { connectSsh, type Endpoint, type SshConnection } from './connect';
import { SshError } from './errors';
import type { HostKeyPrompt } from './host-key-policy';
import { loadSshConfigFile, resolveHost, type HostSpec, type ParsedConfig, type ResolvedHost } from './ssh-config';
import { targetAlias, type SshTargetInput } from './target-alias';
import { msg, type Message } from '../../../shared/messages';

/**
 * From "what the user typed or picked" to an open connection: ssh config resolution, jump
 * hosts, identity files, agent, and the host key policy. Also usable for a wizard's
 * "test connection" button.
 */

/** A host as typed or picked: alias or user@host:port, with optional secrets kept in memory. */
export { targetAlias, type SshTargetInput } from './target-alias';

export interface SshConnectOptions {
  /** The user's known_hosts files (read only). */
  knownHostsFiles: string[];
  /** The app's own known_hosts: read, and where accepted keys are added. */
  appKnownHostsFile: string;
  acceptNewHostKeys: boolean;
  askHostKey?: (info: HostKeyPrompt) => Promise<boolean>;
  /** Key passphrases and passwords, asked only when needed. */
  askSecret?: AskSecret;
  /** Default ~/.ssh/config when it exists. */
  sshConfigFile?: string;
  /** Agent socket; default $SSH_AUTH_SOCK (pageant on Windows); null = no agent. */
  agentSocket?: string | null;
  home?: string;
  localUser?: string;
  connectTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  signal?: AbortSignal;
}

const MAX_JUMP_DEPTH = 8;


function defaultAgent(): string | undefined {
  if (process.platform === 'win32') return 'pageant';
  return process.env.SSH_AUTH_SOCK || undefined;
}

/** Reads the ssh config to use; throws SshConfigError when it is unreadable or malformed. */
export async function loadSshConfigFor(opts: Pick<SshConnectOptions, 'sshConfigFile' | 'home'>): Promise<ParsedConfig | undefined> {
  const home = opts.home ?? homedir();
  if (opts.sshConfigFile) return loadSshConfigFile(opts.sshConfigFile, { home });
  const file = join(home, '.ssh', 'config');
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  return exists ? loadSshConfigFile(file, { home }) : undefined;
}

/** The hops to `spec`: its jump hosts (the first one's own ProxyJump honoured), then itself. */
export function resolveHops(
  config: ParsedConfig | undefined,
  spec: string | HostSpec,
  ropts: { home: string; localUser?: string },
  depth = 0,
): ResolvedHost[] {
  if (depth > MAX_JUMP_DEPTH) throw new SshError('unsupported', msg('sshConfig.jumpTooDeep', { max: MAX_JUMP_DEPTH }));
  const host = resolveHost(config, spec, ropts);
  if (host.proxyCommand) {
    throw new SshError('unsupported', msg('sshConfig.proxyCommand', { alias: host.alias, command: host.proxyCommand }));
  }
  const [first, ...rest] = host.proxyJump;
  if (!first) return [host];
  const jumps = [
    ...resolveHops(config, first, ropts, depth + 1),
    ...rest.map((j) => ({ ...resolveHost(config, j, ropts), proxyJump: [] })),
  ];
  return [...jumps, host];
}

export interface PlannedTarget {
  alias: string;
  hops: ResolvedHost[];
  /** "user@host:port via user@jump:port", for sources and progress. */
  description: string;
  /** The same as a message id, for the reader's language, when it goes through jump hosts. */
  descriptionText?: Message;
  warnings: Message[];
}

export function planTarget(
  input: SshTargetInput,
  config: ParsedConfig | undefined,
  opts: Pick<SshConnectOptions, 'home' | 'localUser'>,
): PlannedTarget {
  const alias = targetAlias(input);
  const hops = resolveHops(config, alias, { home: opts.home ?? homedir(), ...(opts.localUser ? { localUser: opts.localUser } : {}) });
  const target = hops[hops.length - 1] as ResolvedHost;
  const via = hops.slice(0, -1).map((h) => `${h.user}@${h.hostName}:${h.port}`);
  return {
    alias,
    hops,
    description: `${target.user}@${target.hostName}:${target.port}${via.length ? ` via ${via.join(' → ')}` : ''}`,
    ...(via.length ? { descriptionText: msg('ssh.targetVia', { target: `${target.user}@${target.hostName}:${target.port}`, via: via.join(' → ') }) } : {}),
    warnings: hops.flatMap((h) => h.warnings),
  };
}

export async function connectPlanned(plan: PlannedTarget, input: SshTargetInput, opts: SshConnectOptions): Promise<SshConnection> {
  const home = opts.home ?? homedir();
  const extra: { password?: string; identityFile?: string } = typeof input === 'string' ? {} : input;
  const agent = opts.agentSocket === null ? undefined : (opts.agentSocket ?? defaultAgent());
  const target = plan.hops[plan.hops.length - 1] as ResolvedHost;
  const endpoints: Endpoint[] = plan.hops.map((h, i) => {
    const isTarget = i === plan.hops.length - 1;
    const keys = [
      ...(isTarget && extra.identityFile ? [extra.identityFile] : []),
      ...(h.identityFiles.length ? h.identityFiles : defaultIdentityFiles(home)),
    ];
    const hopAgent = h.identityAgent === 'none' ? undefined : (h.identityAgent ?? agent);
    return {
      host: h.hostName,
      port: h.port,
      user: h.user,
      ...(h.hostKeyAlias ? { hostKeyAlias: h.hostKeyAlias } : {}),
      auth: {
        // IdentitiesOnly with named keys: offer those keys only, as OpenSSH does.
        ...(hopAgent && !(h.identitiesOnly && h.identityFiles.length) ? { agent: hopAgent } : {}),
        identityFiles: [...new Set(keys)],
        ...(isTarget && extra.password !== undefined ? { password: extra.password } : {}),
        ...(opts.askSecret ? { askSecret: opts.askSecret } : {}),
      },
    };
  });
  return connectSsh(endpoints, {
    knownHostsFiles: [...opts.knownHostsFiles, ...plan.hops.flatMap((h) => h.userKnownHostsFiles)],
    appKnownHostsFile: opts.appKnownHostsFile,
    acceptNewHostKeys: opts.acceptNewHostKeys,
    ...(opts.askHostKey ? { askHostKey: opts.askHostKey } : {}),
    connectTimeoutMs: opts.connectTimeoutMs ?? (target.connectTimeoutSec ? target.connectTimeoutSec * 1000 : 20_000),
    keepaliveIntervalMs: opts.keepaliveIntervalMs ?? (target.serverAliveIntervalSec ? target.serverAliveIntervalSec * 1000 : 15_000),
    keepaliveCountMax: opts.keepaliveCountMax ?? target.serverAliveCountMax ?? 3,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

/** Resolves and connects one target (e.g. for a "test connection" button). */
export async function connectTarget(input: SshTargetInput, opts: SshConnectOptions, config?: ParsedConfig): Promise<SshConnection> {
  const cfg = config ?? (await loadSshConfigFor(opts));
  return connectPlanned(planTarget(input, cfg, opts), input, opts);
}
