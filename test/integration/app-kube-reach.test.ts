import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import type { KubeReach } from '../../shared/ipc/targets';
import { writeReachKubeconfig, type ReachKubeconfig } from '../helpers/kube/reach-kubeconfig';
import { invoker, openWindow, type Window } from './app-harness';

/**
 * kube.reach over the IPC contract: every context of a realistic kubeconfig checked at once
 * against the demo lab's API server and the ways a context fails for real — a port nothing
 * listens on, a network path that swallows packets, a token the API server rejects (401), an
 * exec plugin that is not installed, a certificate nobody trusts, a context naming no cluster.
 */
let dir: string;
let lab: DemoLab;
let service: AppService;
let reach: ReachKubeconfig;
const { call } = invoker(() => service.handlers);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-app-reach-'));
  lab = await startDemoLab();
  reach = await writeReachKubeconfig(lab.kubeconfigPath, dir);
  service = createAppService(
    { shell: 'browser', secrets: memorySecretStore('memory'), chooseSavePath: async () => undefined, chooseOpenPath: async () => undefined },
    { configDir: join(dir, 'config'), home: join(dir, 'home') },
  );
});
afterAll(async () => {
  await service?.dispose();
  await reach?.close();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The last state each context reached, once the operation finished. */
async function reachAll(win: Window, kubeconfig: string, contexts: string[]): Promise<Record<string, KubeReach>> {
  const { operationId } = await call('kube.reach', { kubeconfig, contexts }, win);
  const finished = await win.next('operation.finished', (f) => f.operationId === operationId, 30_000);
  expect(finished.status).toBe('ok');
  const last: Record<string, KubeReach> = {};
  for (const e of win.of('kube.reach').filter((e) => e.operationId === operationId)) last[e.context] = e.reach;
  return last;
}

describe('kube.reach: every context checked in parallel, each with its own state', () => {
  it('says which contexts answer and why the others do not, with only GET /version sent', async () => {
    const { contexts } = await call('kube.contexts', { kubeconfig: reach.path });
    const names = contexts.map((c) => c.name);
    expect(names).toEqual(Object.keys(reach.expected));
    const win = openWindow();
    const before = lab.requests.kube().length;
    const started = Date.now();
    const result = await reachAll(win, reach.path, names);
    // In parallel: the silent path's 5 s timeout is paid once, not once per context.
    expect(Date.now() - started).toBeLessThan(12_000);
    for (const [name, want] of Object.entries(reach.expected)) expect({ name, ...result[name] }).toMatchObject({ name, ...want });
    expect(result[lab.kubeContext]).toEqual({ state: 'reachable', version: expect.stringMatching(/^v1\./), latencyMs: expect.any(Number) });
    // Every context was shown as being checked before its answer.
    for (const name of names) expect(win.of('kube.reach').find((e) => e.context === name)?.reach).toEqual({ state: 'checking' });
    const detail = (name: string) => (result[name] as { detail?: string }).detail ?? '';
    expect(detail('stopped-cluster')).toMatch(/connection refused/);
    expect(detail('expired-token')).toMatch(/401/);
    expect(detail('eks-prod')).toMatch(/rd-test-kubelogin-not-installed.*not on PATH.*Install it from your cloud provider/);
    expect(result['eks-prod']).toMatchObject({ command: 'rd-test-kubelogin-not-installed' });
    expect(detail('untrusted')).toMatch(/certificate/);
    expect(detail('broken')).toMatch(/no-such-cluster/);
    // A check reads: the lab's API server saw GET /version and nothing else.
    const sent = lab.requests.kube().slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set(['GET /version']));
  });

  it('runs no exec plugin nobody approved: the context waits for approval and the plugin did not run', async () => {
    const ran = join(dir, 'plugin-ran');
    const plugin = join(dir, 'corp-get-token');
    await writeFile(plugin, `#!/bin/sh\necho ran >> "${ran}"\nexit 1\n`);
    await chmod(plugin, 0o755);
    const doc = parse(await readFile(lab.kubeconfigPath, 'utf8')) as { users: { name: string; user: unknown }[] };
    doc.users = [{ name: 'demo-admin', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, args: ['token'] } } }];
    const kubeconfig = join(dir, 'exec-kubeconfig');
    await writeFile(kubeconfig, stringify(doc));
    const win = openWindow();
    const result = await reachAll(win, kubeconfig, [lab.kubeContext]);
    expect(result[lab.kubeContext]).toEqual({ state: 'needs-approval', command: `${plugin} token` });
    expect(win.of('prompt.request')).toEqual([]);
    expect(existsSync(ran)).toBe(false);
  });

  it('stops at once when cancelled (leaving the step): no result arrives after the cancel', async () => {
    const win = openWindow();
    const { operationId } = await call('kube.reach', { kubeconfig: reach.path, contexts: ['behind-vpn'] }, win);
    await win.next('kube.reach', (e) => e.operationId === operationId);
    await expect.poll(() => reach.silentConnections()).toBeGreaterThan(0);
    const started = Date.now();
    expect(await call('operation.cancel', { operationId })).toEqual({ cancelled: true });
    const finished = await win.next('operation.finished', (f) => f.operationId === operationId, 5_000);
    expect(finished.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2_000);
    // The connection that was being set up is gone too, not left to time out.
    await expect.poll(() => reach.silentConnections(), { timeout: 1000, interval: 50 }).toBe(0);
    expect(win.of('kube.reach').filter((e) => e.operationId === operationId).map((e) => e.reach.state)).toEqual(['checking']);
  });
});
