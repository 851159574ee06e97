import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real HTTP server posing as a Kubernetes API (or a proxy in front of one) that answers every
 * request with `head` and then `chunk` again and again, never ending; and a kubeconfig for it
 * (context `endless`). `asked` holds the request URLs.
 */
export async function startEndlessKube(contentType: string, head: string, chunk: Buffer) {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.writeHead(200, { 'content-type': contentType });
    res.write(head);
    const pump = () => {
      while (res.write(chunk)) if (res.destroyed) return;
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = await mkdtemp(join(tmpdir(), 'rd-kube-endless-'));
  const kubeconfig = join(dir, 'config');
  const port = (server.address() as AddressInfo).port;
  await writeFile(
    kubeconfig,
    `apiVersion: v1\nkind: Config\ncurrent-context: endless\nclusters:\n- name: endless\n  cluster:\n    server: http://127.0.0.1:${port}\nusers:\n- name: u\n  user:\n    token: abc\ncontexts:\n- name: endless\n  context:\n    cluster: endless\n    user: u\n`,
  );
  return {
    kubeconfig,
    asked,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
