import { posix } from 'node:path';

/** What the probe learned about a host, and what config.toml says about where jobs run. */
export interface HostFacts {
  user: string;
  uid?: number;
  home: string;
  tools: Set<string>;
  /** `gitlab-runner run …` command lines: from systemd's ExecStart, then from ps. */
  runnerCommands: { user?: string; args: string[] }[];
}

export function parseProbe(text: string): HostFacts {
  const facts: HostFacts = { user: '', home: '', tools: new Set(), runnerCommands: [] };
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq === -1) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    if (key === 'user') facts.user = value;
    else if (key === 'uid' && /^\d+$/.test(value)) facts.uid = Number(value);
    else if (key === 'home') facts.home = value;
    else if (key === 'has') facts.tools.add(value);
    else if (key === 'execstart') {
      // systemd: "{ path=/usr/bin/gitlab-runner ; argv[]=/usr/bin/gitlab-runner run --config … ; ignore_errors=no ; … }"
      const argv = /argv\[\]=(.*?) ;/.exec(value)?.[1];
      if (argv) facts.runnerCommands.push({ args: argv.split(/\s+/) });
    } else if (key === 'proc') {
      const [user, ...args] = value.split(/\s+/);
      if (user && args.some((a) => a === 'run')) facts.runnerCommands.push({ user, args });
    }
  }
  return facts;
}

function optionValue(args: string[], long: string, short: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === long || a === short) return args[i + 1];
    if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
  }
  return undefined;
}

export interface RunnerService {
  /** From `--config`. */
  configPath?: string;
  /** From `--user`: the user shell-executor jobs run as. */
  jobUser?: string;
  /** The user the runner process itself runs as, when ps showed it. */
  processUser?: string;
}

export function runnerService(facts: HostFacts): RunnerService {
  const out: RunnerService = {};
  for (const cmd of facts.runnerCommands) {
    const config = optionValue(cmd.args, '--config', '-c');
    const user = optionValue(cmd.args, '--user', '-u');
    if (config && !out.configPath) out.configPath = config;
    if (user && !out.jobUser) out.jobUser = user;
    if (cmd.user && !out.processUser) out.processUser = cmd.user;
  }
  return out;
}

/**
 * Where config.toml may be: the service's `--config`, else the runner's defaults
 * (/etc/gitlab-runner for a root runner, ~/.gitlab-runner for a user-mode one).
 */
export function configCandidates(service: RunnerService, homes: Map<string, string>, loginHome: string): string[] {
  if (service.configPath) return [service.configPath];
  const out = ['/etc/gitlab-runner/config.toml'];
  for (const user of [service.processUser, service.jobUser]) {
    const home = user && user !== 'root' ? homes.get(user) : undefined;
    if (home) out.push(posix.join(home, '.gitlab-runner/config.toml'));
  }
  if (loginHome) out.push(posix.join(loginHome, '.gitlab-runner/config.toml'));
  return [...new Set(out)];
}

export interface ConfigFacts {
  urls: string[];
  /** Owners of rootless podman sockets named in `host = "unix:///run/user/<uid>/podman/podman.sock"`. */
  podmanUids: number[];
  /** A rootful podman socket is named. */
  rootPodman: boolean;
}

/** Reads only the few values we need; the diagnosis engine parses config.toml properly. */
export function configFacts(toml: string): ConfigFacts {
  const urls = new Set<string>();
  const uids = new Set<number>();
  let rootPodman = false;
  for (const m of toml.matchAll(/^\s*url\s*=\s*["']([^"']+)["']/gm)) {
    try {
      const u = new URL(m[1] as string);
      if (u.protocol === 'https:' || u.protocol === 'http:') urls.add(`${u.protocol}//${u.host}${u.pathname}`);
    } catch {
      /* not a URL: the diagnosis reports config problems */
    }
  }
  for (const m of toml.matchAll(/^\s*host\s*=\s*["']unix:\/\/([^"']+)["']/gm)) {
    const path = m[1] as string;
    const uid = /^\/run\/user\/(\d+)\//.exec(path)?.[1];
    if (uid) uids.add(Number(uid));
    else if (path.startsWith('/run/podman/')) rootPodman = true;
  }
  return { urls: [...urls], podmanUids: [...uids], rootPodman };
}

/** `getent passwd` line → name, uid, home. */
export function parsePasswd(line: string): { name: string; uid: number; home: string } | undefined {
  const f = line.trim().split(':');
  if (f.length < 7 || !/^\d+$/.test(f[2] ?? '')) return undefined;
  return { name: f[0] as string, uid: Number(f[2]), home: f[5] as string };
}
