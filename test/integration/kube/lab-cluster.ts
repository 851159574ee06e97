import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateLabTls, type TlsMaterial } from '../../../electron/core/demo-lab/tls';
import { emptyWorld, type KubeIdentity, type LabWorld, type Scenario } from '../../../electron/core/demo-lab/world';
import { startKubeServer, type KubeServer } from '../../../electron/core/demo-lab/servers/kube-server';

export interface LabCluster {
  dir: string;
  world: LabWorld;
  server: KubeServer;
  tls: TlsMaterial;
  adminToken: string;
  /** A kubeconfig with context `lab` (admin, namespace gitlab-runner) and any extra identities. */
  kubeconfig: string;
  /** Adds a restricted identity and a context `name` that uses it; returns the context name. */
  addIdentity(name: string, identity: KubeIdentity, namespace?: string): Promise<string>;
  stop(): Promise<void>;
}

let tlsOnce: Promise<TlsMaterial> | undefined;

/** A real HTTPS lab Kubernetes API on 127.0.0.1 with the given scenarios, and a kubeconfig for it. */
export async function startLabCluster(scenarios: readonly Scenario[] = [], opts: { gitlabUrl?: string } = {}): Promise<LabCluster> {
  tlsOnce ??= generateLabTls();
  const tls = await tlsOnce;
  const dir = await mkdtemp(join(tmpdir(), 'rd-kube-test-'));
  const adminToken = randomBytes(16).toString('hex');
  const world = emptyWorld('glpat-unused00000000000', adminToken);
  const server = await startKubeServer(world.kube, tls);
  for (const s of scenarios) s.apply(world, { gitlabUrl: opts.gitlabUrl ?? 'https://gitlab.example.test', now: new Date() });
  const kubeconfig = join(dir, 'kubeconfig');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'lab',
    clusters: [{ name: 'lab', cluster: { server: server.url, 'certificate-authority-data': Buffer.from(tls.caPem).toString('base64') } }],
    users: [{ name: 'admin', user: { token: adminToken } }] as object[],
    contexts: [{ name: 'lab', context: { cluster: 'lab', user: 'admin', namespace: 'gitlab-runner' } }] as object[],
  };
  const save = () => writeFile(kubeconfig, stringify(doc), { mode: 0o600 });
  await save();
  return {
    dir,
    world,
    server,
    tls,
    adminToken,
    kubeconfig,
    async addIdentity(name, identity, namespace = 'gitlab-runner') {
      const token = randomBytes(16).toString('hex');
      world.kube.identities ??= new Map();
      world.kube.identities.set(token, identity);
      doc.users.push({ name, user: { token } });
      doc.contexts.push({ name, context: { cluster: 'lab', user: name, namespace } });
      await save();
      return name;
    },
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Read access to what the collector lists, in one namespace; tests remove rules to deny a verb. */
export function readerRules(namespace: string) {
  return [
    {
      verbs: ['get', 'list'],
      apiGroups: [''],
      resources: ['pods', 'pods/log', 'configmaps', 'secrets', 'events', 'resourcequotas'],
      namespace,
    },
    { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'], namespace },
  ];
}
