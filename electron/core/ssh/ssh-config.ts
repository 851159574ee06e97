import { homedir, hostname as localHostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { hasWildcard, matchPatternList } from './patterns';
import { loadSshConfigFile, type Directive, type MatchCriterion, type ParsedConfig } from './ssh-config-parse';
import { MessageError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';

export { SshConfigError, loadSshConfigFile, parseSshConfigText } from './ssh-config-parse';
export type { ParsedConfig } from './ssh-config-parse';

export class SshTargetError extends MessageError {
  override name = 'SshTargetError';
}

export interface HostSpec {
  user?: string;
  host: string;
  port?: number;
}

/** `alias`, `user@host`, `user@host:port`, `[v6addr]:port`, `ssh://user@host:port`. */
export function parseTarget(text: string): HostSpec {
  let rest = text.trim().replace(/^ssh:\/\//i, '');
  if (!rest || /[\s/,]/.test(rest)) throw new SshTargetError(msg('sshTarget.invalid', { host: text, problem: msg('sshTarget.expected') }));
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!user) throw new SshTargetError(msg('sshTarget.invalid', { host: text, problem: msg('sshTarget.emptyUser') }));
  }
  let host = rest;
  let portText: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (v6) {
    host = v6[1] as string;
    portText = v6[2];
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    [host, portText] = rest.split(':') as [string, string];
  }
  if (!host) throw new SshTargetError(msg('sshTarget.invalid', { host: text, problem: msg('sshTarget.emptyHost') }));
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new SshTargetError(msg('sshTarget.invalid', { host: text, problem: msg('sshTarget.badPort', { port: portText }) }));
  }
  return { ...(user ? { user } : {}), host, ...(port ? { port } : {}) };
}

export interface ResolvedHost {
  /** The name as given (alias or address). */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  /** From the config, expanded; empty means "use the default key files". */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** Agent socket: undefined = $SSH_AUTH_SOCK, 'none' = no agent. */
  identityAgent?: string;
  proxyJump: HostSpec[];
  /** Set when the config wants a ProxyCommand, which we never run. */
  proxyCommand?: string;
  userKnownHostsFiles: string[];
  hostKeyAlias?: string;
  connectTimeoutSec?: number;
  serverAliveIntervalSec?: number;
  serverAliveCountMax?: number;
  /** Things in the config we did not apply (Match exec, ...), for the user to see. */
  warnings: Message[];
}

export interface ResolveOptions {
  localUser?: string;
  home?: string;
  env?: NodeJS.ProcessEnv;
}

interface Ctx {
  name: string;
  cmdUser?: string;
  localUser: string;
  home: string;
  values: Map<string, string[]>;
  identityFiles: string[];
  warnings: Message[];
}

function evalMatch(criteria: MatchCriterion[], ctx: Ctx, where: string): boolean {
  for (const c of criteria) {
    let ok: boolean;
    const list = (c.arg ?? '').split(',');
    if (c.name === 'all' || c.name === 'final') ok = true;
    else if (c.name === 'canonical') ok = false;
    else if (c.name === 'host') ok = matchPatternList(ctx.values.get('hostname')?.[0] ?? ctx.name, list) === 'match';
    else if (c.name === 'originalhost') ok = matchPatternList(ctx.name, list) === 'match';
    else if (c.name === 'user') ok = matchPatternList(ctx.cmdUser ?? ctx.values.get('user')?.[0] ?? ctx.localUser, list) === 'match';
    else if (c.name === 'localuser') ok = matchPatternList(ctx.localUser, list) === 'match';
    else {
      ctx.warnings.push(msg('sshConfig.matchNotEvaluated', { where, criterion: c.name }));
      return false;
    }
    if (ok === c.negated) return false;
  }
  return true;
}

function walk(directives: Directive[], ctx: Ctx, startActive: boolean): void {
  let active = startActive;
  for (const d of directives) {
    const where = `${d.file}:${d.line}`;
    if (d.type === 'host') active = startActive && matchPatternList(ctx.name, d.patterns) === 'match';
    else if (d.type === 'match') active = startActive && evalMatch(d.criteria, ctx, where);
    else if (d.type === 'include') for (const f of d.files) walk(f.directives, ctx, active);
    else if (active) {
      if (d.key === 'identityfile') ctx.identityFiles.push(d.args[0] as string);
      else if (!ctx.values.has(d.key)) ctx.values.set(d.key, d.args);
    }
  }
}

function expandTokens(value: string, t: Record<string, string>): string {
  const tilde = value.startsWith('~/') ? join(t.d as string, value.slice(2)) : value === '~' ? (t.d as string) : value;
  return tilde.replace(/%(.)/g, (all, c: string) => (c === '%' ? '%' : (t[c] ?? all)));
}

function num(values: Map<string, string[]>, key: string): number | undefined {
  const v = values.get(key)?.[0];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** Applies the config to `target` the way ssh(1) would (first value wins), without running anything. */
export function resolveHost(config: ParsedConfig | undefined, target: string | HostSpec, opts: ResolveOptions = {}): ResolvedHost {
  const spec = typeof target === 'string' ? parseTarget(target) : target;
  const home = opts.home ?? homedir();
  const localUser = opts.localUser ?? userInfo().username;
  const ctx: Ctx = {
    name: spec.host,
    localUser,
    home,
    values: new Map(),
    identityFiles: [],
    warnings: [],
    ...(spec.user ? { cmdUser: spec.user } : {}),
  };
  if (config) walk(config.directives, ctx, true);
  const v = ctx.values;
  const hostName = (v.get('hostname')?.[0] ?? '%h').replace(/%(.)/g, (all, c: string) => (c === 'h' ? spec.host : c === '%' ? '%' : all));
  const user = spec.user ?? v.get('user')?.[0] ?? localUser;
  const port = spec.port ?? num(v, 'port') ?? 22;
  const tokens = { '%': '%', d: home, h: hostName, n: spec.host, p: String(port), r: user, u: localUser, l: localHostname() };
  const jump = v.get('proxyjump')?.[0];
  const proxyCommand = v.get('proxycommand');
  const agent = v.get('identityagent')?.[0];
  const env = opts.env ?? process.env;
  const alias = typeof target === 'string' ? target.trim().replace(/^ssh:\/\//i, '') : spec.host;
  return {
    alias,
    hostName,
    port,
    user,
    identityFiles: [...new Set(ctx.identityFiles.map((f) => expandTokens(f, tokens)))],
    identitiesOnly: v.get('identitiesonly')?.[0]?.toLowerCase() === 'yes',
    ...(agent === undefined || agent === 'SSH_AUTH_SOCK'
      ? {}
      : {
          identityAgent:
            agent.toLowerCase() === 'none' ? 'none' : agent.startsWith('$') ? (env[agent.slice(1)] ?? 'none') : expandTokens(agent, tokens),
        }),
    proxyJump: !jump || jump.toLowerCase() === 'none' ? [] : jump.split(',').map((j) => parseTarget(j)),
    ...(proxyCommand && proxyCommand[0]?.toLowerCase() !== 'none' ? { proxyCommand: proxyCommand.join(' ') } : {}),
    userKnownHostsFiles: (v.get('userknownhostsfile') ?? []).filter((f) => f.toLowerCase() !== 'none').map((f) => expandTokens(f, tokens)),
    ...(v.get('hostkeyalias') ? { hostKeyAlias: v.get('hostkeyalias')?.[0] as string } : {}),
    ...(num(v, 'connecttimeout') !== undefined ? { connectTimeoutSec: num(v, 'connecttimeout') } : {}),
    ...(num(v, 'serveraliveinterval') !== undefined ? { serverAliveIntervalSec: num(v, 'serveraliveinterval') } : {}),
    ...(num(v, 'serveralivecountmax') !== undefined ? { serverAliveCountMax: num(v, 'serveralivecountmax') } : {}),
    warnings: ctx.warnings,
  };
}

function collectAliases(directives: Directive[], out: Set<string>): void {
  for (const d of directives) {
    if (d.type === 'host') for (const p of d.patterns) if (!hasWildcard(p)) out.add(p);
    if (d.type === 'include') for (const f of d.files) collectAliases(f.directives, out);
  }
}

/** Host aliases a user can pick in the wizard: every `Host` name without wildcards or negation. */
export async function sshTargetsFromConfig(file: string, opts: { home?: string } = {}): Promise<string[]> {
  const out = new Set<string>();
  collectAliases((await loadSshConfigFile(file, opts)).directives, out);
  return [...out];
}
