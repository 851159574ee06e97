import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../../electron/core/kube/kube-client';

// A Kubernetes API (or a proxy in front of one) that never stops answering: a real HTTP
// server streaming an endless JSON body. The client stops at its byte cap, memory stays flat.
let server: Server;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"kind":"NamespaceList","items":[');
    const chunk = Buffer.from('{"metadata":{"name":"x"}},'.repeat(4096));
    const pump = () => {
      while (res.write(chunk)) if (res.destroyed) return;
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dir = await mkdtemp(join(tmpdir(), 'rd-kube-endless-'));
  kubeconfig = join(dir, 'config');
  const port = (server.address() as AddressInfo).port;
  await writeFile(
    kubeconfig,
    `apiVersion: v1\nkind: Config\ncurrent-context: endless\nclusters:\n- name: endless\n  cluster:\n    server: http://127.0.0.1:${port}\nusers:\n- name: u\n  user:\n    token: abc\ncontexts:\n- name: endless\n  context:\n    cluster: endless\n    user: u\n`,
  );
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('Kubernetes answers are bounded in bytes as well as time', () => {
  it('an endless JSON answer is cut at the cap with one clear error, memory stays well under 250 MB', async () => {
    const client = await KubeClient.connect(kubeconfig, 'endless', { timeoutMs: 60_000 });
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      await expect(client.json('/api/v1/namespaces')).rejects.toThrow(/answer is over \d+ bytes; stopped reading/);
    } finally {
      clearInterval(timer);
    }
    expect(peak - before).toBeLessThan(250 * 1024 * 1024);
  }, 90_000);
});
