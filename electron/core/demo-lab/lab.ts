import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateLabTls } from './tls';
import { emptyWorld, type LabWorld, type Scenario } from './world';
import { SCENARIOS } from './scenarios';
import { startGitlabServer } from './servers/gitlab-server';
import { startKubeServer, type KubeFaults } from './servers/kube-server';
import { runnerContact } from './servers/lab-runner-contact';
import { startDemoSshHost } from './servers/ssh-host';

export const DEMO_KUBE_CONTEXT = 'runner-doctor-demo';
export const DEMO_SSH_ALIAS = 'demo-runner-host';

export interface DemoLab {
  dir: string;
  world: LabWorld;
  scenarios: Scenario[];
  kubeconfigPath: string;
  kubeContext: string;
  namespace: string;
  /** Every namespace the scenarios put runners in (`namespace` first); the demo collects each. */
  namespaces: string[];
  sshConfigPath: string;
  knownHostsPath: string;
  sshAlias: string;
  gitlab: { url: string; token: string; caFile: string; settingsPath: string };
  /** What the lab's servers were asked, oldest first (`METHOD path`, no bodies, so no tokens). */
  requests: { gitlab: () => string[]; kube: () => string[] };
  /** Fault switches of the lab's Kubernetes API (failing requests, latency), for tests of failures. */
  kubeFaults: KubeFaults;
  stop(): Promise<void>;
}

/**
 * Starts the demo lab: a GitLab API, a Kubernetes API (both HTTPS, with a CA made for this
 * run) and an SSH host, all on 127.0.0.1 and free ports, reproducing the seed incidents. It
 * writes a kubeconfig, an ssh config, a known_hosts file and GitLab settings into a temp dir.
 */
export async function startDemoLab(opts: { scenarios?: readonly Scenario[] } = {}): Promise<DemoLab> {
  const dir = await mkdtemp(join(tmpdir(), 'runner-doctor-lab-'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const tls = await generateLabTls();
    const caFile = join(dir, 'lab-ca.pem');
    await writeFile(caFile, tls.caPem);
    const adminToken = `glpat-${randomBytes(15).toString('base64url').slice(0, 20)}`;
    const kubeToken = randomBytes(24).toString('hex');
    const world = emptyWorld(adminToken, kubeToken);

    const gitlab = await startGitlabServer(world.gitlab, tls);
    stops.push(() => gitlab.close());
    const kube = await startKubeServer(world.kube, tls);
    world.kube.onRollout = (pods) => runnerContact(world, gitlab.url, pods);
    stops.push(() => kube.close());

    const scenarios = [...(opts.scenarios ?? SCENARIOS)];
    const now = new Date();
    for (const s of scenarios) s.apply(world, { gitlabUrl: gitlab.url, now });

    const namespace = 'gitlab-runner';
    const kubeconfigPath = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfigPath,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': DEMO_KUBE_CONTEXT,
        clusters: [{ name: 'demo-lab', cluster: { server: kube.url, 'certificate-authority-data': Buffer.from(tls.caPem).toString('base64') } }],
        users: [{ name: 'demo-admin', user: { token: kubeToken } }],
        contexts: [{ name: DEMO_KUBE_CONTEXT, context: { cluster: 'demo-lab', user: 'demo-admin', namespace } }],
      }),
      { mode: 0o600 },
    );

    const sshDir = join(dir, 'ssh');
    await mkdir(sshDir, { recursive: true });
    const ssh = await startDemoSshHost({ dir: sshDir, gitlabUrl: gitlab.url });
    stops.push(() => ssh.stop());
    const sshConfigPath = join(dir, 'ssh_config');
    const knownHostsPath = join(dir, 'known_hosts');
    await writeFile(
      sshConfigPath,
      [`Host ${DEMO_SSH_ALIAS}`, `  HostName ${ssh.host}`, `  Port ${ssh.port}`, `  User ${ssh.user}`, `  IdentityFile ${ssh.privateKeyPath}`, ''].join('\n'),
    );
    await writeFile(knownHostsPath, `${ssh.hostKeyLine}\n`);

    const settingsPath = join(dir, 'gitlab.json');
    await writeFile(settingsPath, JSON.stringify({ url: gitlab.url, caFile, tokenEnv: 'GITLAB_TOKEN' }, null, 2) + '\n');

    return {
      dir,
      world,
      scenarios,
      kubeconfigPath,
      kubeContext: DEMO_KUBE_CONTEXT,
      namespace,
      namespaces: labNamespaces(world, namespace),
      sshConfigPath,
      knownHostsPath,
      sshAlias: DEMO_SSH_ALIAS,
      gitlab: { url: gitlab.url, token: adminToken, caFile, settingsPath },
      requests: { gitlab: () => gitlab.requests.map((r) => `${r.method} ${r.path}`), kube: () => [...kube.requestLog] },
      kubeFaults: kube.faults,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The namespaces the scenarios created, the default one first. */
function labNamespaces(world: LabWorld, first: string): string[] {
  const names = world.kube.objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
  const ordered = [first, ...names.filter((n) => n !== first).sort()].filter((n) => names.includes(n));
  return ordered.length ? ordered : [first];
}
