import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { SEED_002_NAMESPACE as NS } from '../../electron/core/demo-lab/scenarios/seed-002-kube';
import type { HostServices } from '../../electron/core/app/handler-types';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import type { AuditRecord } from '../../shared/fixes';
import type { Sources } from '../../shared/ipc/channels';
import { labObject } from '../helpers/fix-lab';
import { invoker, kubeconfigToken, openWindow, type Window } from './app-harness';

// Fixes applied in the app, then the app quits: a new app core over the same data directory
// lists what can still be rolled back and rolls it back with the same confirm and precondition
// rules, against the demo lab's Kubernetes API collected as the user's own cluster.
let lab: DemoLab;
let dir: string;
let service: AppService;
const host: HostServices = { shell: 'browser', secrets: memorySecretStore('kept in memory'), chooseSavePath: async () => undefined, chooseOpenPath: async () => undefined };
const { call, raw } = invoker(() => service.handlers);
const start = () => createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-app-rollback-'));
  service = start();
}, 60_000);
afterAll(async () => {
  await service?.dispose();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = (): Sources => ({ kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: NS }] });
type Spec = { template: { spec: { containers: { name: string; volumeMounts?: { name: string; mountPath: string }[] }[]; initContainers?: { name: string }[]; volumes: { name: string }[] } } };
const deployment = () => labObject<{ spec: Spec }>(lab, 'Deployment', NS);
const configMap = () => labObject<{ data: Record<string, string>; metadata: { resourceVersion: string } }>(lab, 'ConfigMap', NS, 'gitlab-runner-config');
const audit = async (fixId: string): Promise<string[]> =>
  (await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditRecord)
    .filter((a) => a.fixId === fixId)
    .map((a) => `${a.step}:${a.result}`);

async function collect() {
  const win = openWindow();
  const { operationId } = await call('collect.start', { sources: sources() }, win);
  const done = await win.next('operation.finished', (f) => f.operationId === operationId);
  expect(done.status).toBe('ok');
  return call('session.get', { sessionId: done.sessionId! });
}

async function applyFix(sessionId: string, findingId: string, win: Window) {
  const { plan } = (await call('fix.plan', { sessionId, findingId })).plans[0]!;
  const { operationId } = await call('fix.apply', { planId: plan.planId, confirm: true }, win);
  const done = await win.next('fix.finished', (f) => f.operationId === operationId, 120_000);
  expect(done.outcome).toMatchObject({ result: 'applied', verified: true });
  return plan;
}

describe('rolling back a fix after the app restarts', () => {
  const applied: Record<string, string> = {};
  const win = openWindow();
  let specBefore = '';

  it('two fixes are applied in the app, which then quits', async () => {
    specBefore = JSON.stringify(deployment().spec.template.spec.volumes);
    const session = await collect();
    applied['config-dir-read-only'] = (await applyFix(session.sessionId, 'config-dir-read-only', win)).planId;
    applied['long-polling-bottleneck'] = (await applyFix(session.sessionId, 'long-polling-bottleneck', win)).planId;
    expect(configMap().data['config.toml']).toMatch(/request_concurrency = 4/);
    expect(deployment().spec.template.spec.initContainers?.map((c) => c.name)).toContain('copy-runner-config');
    await service.dispose();
  });

  it('after the restart the app lists both with target, time and what changed, and keeps no secret to do so', async () => {
    service = start();
    const { rollbacks } = await call('fix.rollbacks', {});
    expect(rollbacks.map((r) => r.findingId).sort()).toEqual(['config-dir-read-only', 'long-polling-bottleneck']);
    for (const r of rollbacks) {
      expect(r.fromApp).toBe(true);
      expect(r.plan.planId).toBe(applied[r.findingId]);
      expect(r.plan.target.namespace).toBe(NS);
      expect(r.plan.changes.length).toBeGreaterThan(0);
      expect(r.plan.rollback.possible).toBe(true);
      expect(Date.now() - Date.parse(r.savedAt)).toBeLessThan(10 * 60_000);
    }
    expect(rollbacks.find((r) => r.findingId === 'long-polling-bottleneck')!.plan.diff).toMatch(/^\+\s+request_concurrency = 4$/m);
    const kept = await readFile(join(dir, 'config', 'rollback-sources.json'), 'utf8');
    expect(kept).toContain(lab.kubeContext);
    expect(kept).not.toContain(await kubeconfigToken(lab.kubeconfigPath));
  });

  it('a ConfigMap changed since the fix is left as it is: the rollback refuses, names why, and stays listed', async () => {
    const { plan } = await call('fix.openRollback', { findingId: 'long-polling-bottleneck' }, win);
    expect(plan.planId).toBe(applied['long-polling-bottleneck']);
    const cm = configMap();
    cm.data['config.toml'] = cm.data['config.toml']!.replace('request_concurrency = 4', 'request_concurrency = 3');
    cm.metadata.resourceVersion = String(Number(cm.metadata.resourceVersion) + 1);
    const { operationId } = await call('fix.rollback', { planId: plan.planId, confirm: true }, win);
    const done = await win.next('fix.finished', (f) => f.operationId === operationId, 120_000);
    expect(done.outcome.result).toBe('failed');
    expect(done.outcome.message).toMatch(/the object changed after the fix, so it is left as it is/);
    expect(configMap().data['config.toml']).toMatch(/request_concurrency = 3/);
    expect((await call('fix.rollbacks', {})).rollbacks.map((r) => r.findingId)).toContain('long-polling-bottleneck');
    expect(await audit('raise-request-concurrency')).toContain('rollback:failed');
  });

  it('Roll back… after an explicit yes only: the Deployment mounts its ConfigMap again, audited, and the entry is gone', async () => {
    const { plan } = await call('fix.openRollback', { findingId: 'config-dir-read-only' }, win);
    expect(plan.fixId).toBe('writable-config-dir');
    const refused = await raw('fix.rollback', { planId: plan.planId, confirm: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(deployment().spec.template.spec.initContainers?.map((c) => c.name)).toContain('copy-runner-config');
    const { operationId } = await call('fix.rollback', { planId: plan.planId, confirm: true }, win);
    const done = await win.next('fix.finished', (f) => f.operationId === operationId, 120_000);
    expect(done.outcome.result).toBe('rolled-back');
    expect(JSON.stringify(deployment().spec.template.spec.volumes)).toBe(specBefore);
    expect(deployment().spec.template.spec.containers[0]!.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/gitlab-runner' });
    expect(await audit('writable-config-dir')).toEqual(expect.arrayContaining(['apply:ok', 'rollback:ok']));
    expect((await call('fix.rollbacks', {})).rollbacks.map((r) => r.findingId)).toEqual(['long-polling-bottleneck']);
    expect(await raw('fix.openRollback', { findingId: 'config-dir-read-only' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(win.transcript()).not.toContain(await kubeconfigToken(lab.kubeconfigPath));
  });
});
