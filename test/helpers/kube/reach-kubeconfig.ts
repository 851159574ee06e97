import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A kubeconfig as a user with several clusters has it, around the demo lab's API server: one
 * context that answers, and one for each way a context fails (stopped cluster, silent network
 * path, expired token, missing exec plugin, untrusted certificate, broken entry).
 */
export interface ReachKubeconfig {
  path: string;
  /** Context name → what the reachability check must say. */
  expected: Record<string, { state: string; reason?: string }>;
  /** Connections the silent network path holds open now (a check still waiting on it). */
  silentConnections(): number;
  close(): Promise<void>;
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Accepts connections and never says a word, like a firewall that swallows packets after the SYN. */
async function silentServer(): Promise<{ server: Server; sockets: Set<Socket>; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    // Reads and drops what comes (a TLS hello), so a client that hangs up is seen at once.
    s.resume();
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, sockets, port: (server.address() as AddressInfo).port };
}

export async function writeReachKubeconfig(
  labKubeconfig: string,
  dir: string,
  opts: { current?: string } = {},
): Promise<ReachKubeconfig> {
  const doc = parse(await readFile(labKubeconfig, 'utf8')) as {
    'current-context': string;
    clusters: { name: string; cluster: Record<string, unknown> }[];
    users: { name: string; user: Record<string, unknown> }[];
    contexts: { name: string; context: Record<string, unknown> }[];
  };
  const lab = doc.clusters[0]!;
  const labUser = doc.users[0]!;
  const labContext = doc.contexts[0]!;
  const refused = await closedPort();
  const silent = await silentServer();
  const ca = lab.cluster['certificate-authority-data'];
  doc.clusters = [
    lab,
    { name: 'stopped', cluster: { server: `https://127.0.0.1:${refused}`, 'certificate-authority-data': ca } },
    { name: 'behind-vpn', cluster: { server: `https://127.0.0.1:${silent.port}`, 'certificate-authority-data': ca } },
    { name: 'lab-without-ca', cluster: { server: lab.cluster.server } },
  ];
  doc.users = [
    labUser,
    { name: 'expired', user: { token: 'an-expired-token-0123456789' } },
    {
      name: 'eks-user',
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'rd-test-kubelogin-not-installed',
          args: ['get-token'],
          installHint: 'Install it from your cloud provider.',
        },
      },
    },
  ];
  doc.contexts = [
    labContext,
    { name: 'stopped-cluster', context: { cluster: 'stopped', user: labUser.name, namespace: 'ci' } },
    { name: 'behind-vpn', context: { cluster: 'behind-vpn', user: labUser.name } },
    { name: 'expired-token', context: { cluster: lab.name, user: 'expired' } },
    { name: 'eks-prod', context: { cluster: lab.name, user: 'eks-user' } },
    { name: 'untrusted', context: { cluster: 'lab-without-ca', user: labUser.name } },
    { name: 'broken', context: { cluster: 'no-such-cluster', user: labUser.name } },
  ];
  doc['current-context'] = opts.current ?? labContext.name;
  const path = join(dir, 'reach-kubeconfig');
  await writeFile(path, stringify(doc), { mode: 0o600 });
  return {
    path,
    expected: {
      [labContext.name]: { state: 'reachable' },
      'stopped-cluster': { state: 'unreachable', reason: 'refused' },
      'behind-vpn': { state: 'unreachable', reason: 'timeout' },
      'expired-token': { state: 'unreachable', reason: 'unauthorized' },
      'eks-prod': { state: 'unreachable', reason: 'exec-missing' },
      untrusted: { state: 'unreachable', reason: 'tls' },
      broken: { state: 'unreachable', reason: 'kubeconfig' },
    },
    silentConnections: () => silent.sockets.size,
    close: async () => {
      for (const s of silent.sockets) s.destroy();
      await new Promise((resolve) => silent.server.close(resolve));
    },
  };
}
