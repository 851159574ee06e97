import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { evidencePaths } from '../../shared/evidence-layout';
import type { Sources } from '../../shared/ipc/channels';
import { sourceIds } from '../../shared/source-ids';
import { invoker, openWindow } from './app-harness';

/**
 * collect.retry over the IPC contract against the demo lab: a namespace whose API reads fail
 * (503) during the first collection is collected again once they work — only that namespace
 * is asked, its evidence joins the same session, and the findings it brings appear.
 */
let dir: string;
let lab: DemoLab;
let service: AppService;
const { raw, call } = invoker(() => service.handlers);
let collected: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-app-retry-'));
  lab = await startDemoLab();
  service = createAppService(
    { shell: 'browser', secrets: memorySecretStore('memory'), chooseSavePath: async () => undefined, chooseOpenPath: async () => undefined },
    { configDir: join(dir, 'config'), home: join(dir, 'home') },
  );
});
afterAll(async () => {
  await service?.dispose();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('collect.retry: one failed source collected again into the same session', () => {
  it('re-collects only that namespace, merges its evidence and re-runs the findings', async () => {
    const failing = lab.namespaces.find((ns) => ns !== lab.namespace)!;
    expect(failing).toBeDefined();
    const failingSource = sourceIds.kubeNamespace(lab.kubeContext, failing);
    const fault = { match: new RegExp(`/namespaces/${failing}(/|$)`), code: 503, message: 'etcdserver: request timed out' };
    lab.kubeFaults.failRequests.push(fault);
    const { tokenRef } = await call('gitlab.saveToken', { url: lab.gitlab.url, token: lab.gitlab.token });
    const sources: Sources = {
      kube: [lab.namespace, failing].map((namespace) => ({ context: lab.kubeContext, namespace, kubeconfig: lab.kubeconfigPath })),
      gitlab: { url: lab.gitlab.url, tokenRef, caFile: lab.gitlab.caFile },
    };

    const win = openWindow();
    const { operationId } = await call('collect.start', { sources }, win);
    const first = await win.next('operation.finished', (f) => f.operationId === operationId, 120_000);
    expect(first.status).toBe('ok');
    const sessionId = first.sessionId!;
    collected = sessionId;
    const before = await call('session.get', { sessionId });
    const lastState = (opId: string, source: string) => win.of('operation.progress').filter((p) => p.operationId === opId && p.source === source).at(-1)?.state;
    expect(lastState(operationId, failingSource)).toBe('failed');
    expect(before.errors.some((e) => e.source === failingSource && /503|Nothing could be read/.test(e.message))).toBe(true);
    const failingFolder = `evidence/${evidencePaths.kubeNamespace(lab.kubeContext, failing)}`;
    const failingFiles = (files: { path: string }[]) => files.filter((f) => f.path.startsWith(`${failingFolder}/`));
    const okFolder = `evidence/${evidencePaths.kubeNamespace(lab.kubeContext, lab.namespace)}`;
    const untouched = before.files.filter((f) => f.path.startsWith(`${okFolder}/`) || f.path.startsWith('evidence/gitlab/'));
    expect(untouched.length).toBeGreaterThan(0);

    // The cluster recovers; the user retries that namespace alone.
    lab.kubeFaults.failRequests.splice(lab.kubeFaults.failRequests.indexOf(fault), 1);
    const kubeBefore = lab.requests.kube().length;
    const gitlabBefore = lab.requests.gitlab().length;
    const retry = await call('collect.retry', { sessionId, target: { kind: 'kube', context: lab.kubeContext, namespace: failing } }, win);
    const done = await win.next('operation.finished', (f) => f.operationId === retry.operationId, 120_000);
    expect(done).toMatchObject({ status: 'ok', sessionId });
    expect(lastState(retry.operationId, failingSource)).toBe('done');
    // Only that source was asked: the other namespace and GitLab were not.
    const asked = lab.requests.kube().slice(kubeBefore);
    expect(asked.some((r) => r.includes(`/namespaces/${failing}/`))).toBe(true);
    expect(asked.filter((r) => r.includes(`/namespaces/${lab.namespace}/`))).toEqual([]);
    expect(lab.requests.gitlab().slice(gitlabBefore)).toEqual([]);
    expect(win.of('operation.progress').filter((p) => p.operationId === retry.operationId && !(p.target.kind === 'kube' && p.target.namespace === failing))).toEqual([]);

    const after = await call('session.get', { sessionId });
    expect(after.sessionId).toBe(sessionId);
    expect(after.errors.filter((e) => e.source === failingSource)).toEqual([]);
    const listed = (files: { path: string }[]) => failingFiles(files).some((f) => f.path === `${failingFolder}/pods.yaml`);
    expect(listed(before.files)).toBe(false);
    expect(listed(after.files)).toBe(true);
    // The other sources' evidence is the same files as before, not collected again.
    for (const f of untouched) expect(after.files.find((g) => g.path === f.path)).toEqual(f);
    // Findings were re-run over the merged evidence: some now cite the retried namespace.
    const cites = (findings: typeof after.findings) => findings.filter((f) => f.evidence.some((e) => e.file.includes(failingFolder)));
    expect(cites(before.findings)).toEqual([]);
    expect(cites(after.findings).length).toBeGreaterThan(0);
    for (const f of before.findings) expect(after.findings.map((g) => g.id)).toContain(f.id);
    // The viewer reads the new evidence.
    const file = `${failingFolder}/pods.yaml`;
    expect((await call('evidence.lines', { sessionId, path: file, fromLine: 1, count: 5 })).lines.length).toBeGreaterThan(0);
  });

  it('refuses a source the collection did not have, and a session that is not open', async () => {
    expect(await raw('collect.retry', { sessionId: 'no-such-session', target: { kind: 'files', path: '/x' } })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const win = openWindow();
    const { operationId } = await call('collect.retry', { sessionId: collected!, target: { kind: 'ssh', alias: 'never-collected' } }, win);
    const finished = await win.next('operation.finished', (f) => f.operationId === operationId);
    expect(finished).toMatchObject({ status: 'failed', error: 'This collection has no source SSH never-collected.' });
  });
});
