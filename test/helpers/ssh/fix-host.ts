import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixConnections } from '../../../electron/core/fixes/connections';
import type { FixContext, FixDefinition, FixPlan } from '../../../electron/core/fixes/fix-definition';
import { runFix } from '../../../electron/core/fixes/lifecycle';
import type { FixOutcome } from '../../../shared/fixes';
import type { HostFile } from './host-files';
import { makeKeys, seedUsers } from './seed-hosts';
import { startSshdHost, type SshdHost } from './sshd-host';

/**
 * A runner host for the SSH fix tests: a real sshd with the seed users (root, gitlab-runner,
 * ops, admin), the gitlab-runner stand-in as its service, and the CLI flags and fix
 * connections that reach it with a plain key and a pinned host key.
 */
export interface FixHost {
  host: SshdHost;
  dir: string;
  /** `user@127.0.0.1:port`: the host as `--ssh` names it, and its alias in plans. */
  target(user: string): string;
  /** `--ssh … --ssh-config … --known-hosts …` */
  args(user: string): string[];
  /** The CLI's environment: its own data directory, no GitLab token, no agent. */
  env(extra?: Record<string, string>): Record<string, string>;
  configDir: string;
  /** Runs a shell script on the host as root; its stdout. */
  onHost(script: string): Promise<string>;
  /** Fix connections to the host as `user` (and the other sources given). */
  connections(user: string, more?: Partial<ConstructorParameters<typeof FixConnections>[0]>, store?: ConstructorParameters<typeof FixConnections>[1]): FixConnections;
  context(connections: FixConnections): FixContext;
  /**
   * Runs a plan whose file someone edits right after the yes (a comment as its second line):
   * the fix must plan again and ask again; the second plan gets no yes.
   */
  runEditedAfterYes<D>(def: FixDefinition<D>, plan: FixPlan<D>, connections: FixConnections, path: string): Promise<{ asked: boolean[]; outcome: FixOutcome }>;
  stop(): Promise<void>;
}

export async function startFixHost(opts: { name: string; files: HostFile[]; sudoers: string }): Promise<FixHost> {
  const dir = await mkdtemp(join(tmpdir(), `rd-fix-${opts.name}-`));
  const keys = await makeKeys(join(dir, 'keys'));
  const host = await startSshdHost({ hostname: `runner-host-${opts.name}`, users: seedUsers(keys).all, sudoers: opts.sudoers, files: opts.files, runnerService: true });
  const sshConfig = join(dir, 'ssh_config');
  await writeFile(sshConfig, `Host *\n  IdentityFile ${keys.plain}\n  IdentitiesOnly yes\n`);
  const known = join(dir, 'known_hosts');
  await writeFile(known, `${host.knownHostsLine()}\n`);
  const target = (user: string) => `${user}@127.0.0.1:${host.port}`;
  const configDir = join(dir, 'config');
  return {
    host,
    dir,
    target,
    args: (user) => ['--ssh', target(user), '--ssh-config', sshConfig, '--known-hosts', known],
    env: (extra = {}) => ({ RUNNER_DOCTOR_CONFIG_DIR: configDir, GITLAB_TOKEN: '', SSH_AUTH_SOCK: '', ...extra }),
    configDir,
    onHost: async (script) => (await host.exec(['sh', '-c', script])).stdout,
    connections: (user, more = {}, store) =>
      new FixConnections(
        {
          kube: [],
          files: [],
          ...more,
          ssh: [{ targets: [target(user)], options: { knownHostsFiles: [known], appKnownHostsFile: join(dir, 'app_known_hosts'), acceptNewHostKeys: false, agentSocket: null, sshConfigFile: sshConfig, home: dir } }],
        },
        store,
      ),
    context: (connections) => ({ connections, signal: new AbortController().signal, changed: () => undefined, progress: () => undefined }),
    async runEditedAfterYes(def, plan, connections, path) {
      const asked: boolean[] = [];
      const hooks = {
        confirm: async (_p: unknown, _pre: unknown, again: boolean) => {
          asked.push(again);
          if (!again) await host.exec(['sh', '-c', `sed -i '1a # edited by someone else' ${path}`]);
          return !again;
        },
        audit: async () => undefined,
      };
      return { asked, outcome: await runFix(def, plan, connections, hooks, new AbortController().signal) };
    },
    stop: async () => {
      await host.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
