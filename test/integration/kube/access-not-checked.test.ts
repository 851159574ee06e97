import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkAccess, KUBE_PERMISSIONS } from '../../../electron/core/kube/access-review';
import { KubeClient } from '../../../electron/core/kube/kube-client';
import { kubeAccessChecks } from '../../../electron/core/fixes/kube-access';
import { formatError, formatIn } from '../../../shared/i18n/text';

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A cluster that does not answer the access reviews: each permission is "could not check",
 * with why, in the reader's language — in the Targets card and in a fix's checks alike.
 */
describe('permissions the cluster could not be asked about', () => {
  let dir: string;
  let client: KubeClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-access-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const server = `https://127.0.0.1:${await closedPort()}`;
    await writeFile(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'down', cluster: { server, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: 'not-a-real-token' } }],
        contexts: [{ name: 'down', context: { cluster: 'down', user: 'u', namespace: 'ci' } }],
        'current-context': 'down',
      }),
      { mode: 0o600 },
    );
    client = await KubeClient.connect(kubeconfig, 'down', { timeoutMs: 5_000 });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('each result says it could not check and why, as a message id beside the English', async () => {
    const report = await checkAccess(client, 'ci');
    expect(report.results.length).toBe(KUBE_PERMISSIONS.length);
    for (const r of report.results) {
      expect(r.allowed).toBeUndefined();
      expect(r.reason).toMatch(/^could not check: connection refused/);
      expect(r.failure && formatError(r.failure)).toBe(r.reason?.replace(/^could not check: /, ''));
      expect(r.failure && formatError(r.failure, 'ru')).toMatch(/^в соединении отказано/);
    }
  });

  it("a fix's RBAC check says the permission was not checked, not that it is denied, in Russian too", async () => {
    const fixId = KUBE_PERMISSIONS.flatMap((p) => p.usedBy).find((u) => u !== 'collect' && u !== 'wizard');
    expect(fixId).toBeDefined();
    const checks = await kubeAccessChecks(client, 'ci', fixId!, AbortSignal.timeout(30_000));
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) {
      expect(c.ok).toBe(false);
      const detail = c.messages?.detail;
      expect(detail).toBeDefined();
      expect(formatIn(detail!, 'en', 'fixes')).toMatch(/^whether .+ is allowed in ci could not be checked \(connection refused.*\): check again, or ask for a Role granting it$/);
      expect(formatIn(detail!, 'ru', 'fixes')).toMatch(/^не удалось проверить, разрешено ли .+ в неймспейсе ci \(в соединении отказано.*\): проверьте ещё раз или попросите Role с этим правом$/);
    }
  });
});
