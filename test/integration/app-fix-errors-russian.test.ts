import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostServices } from '../../electron/core/app/handler-types';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { SEED_002_NAMESPACE } from '../../electron/core/demo-lab/scenarios/seed-002-kube';
import { textIn } from '../../shared/i18n/text';
import type { EventPayload } from '../../shared/ipc/events';
import { invoker, openWindow } from './app-harness';

// The Fix step's refusals over the IPC contract: each carries its message id beside its English,
// and the app (which words them with textIn in its language) shows them in Russian.
const BUNDLE = resolve(__dirname, '../fixtures/bundles/before-message-ids.zip');
const CLOSED_SESSION = 'not-open-any-more';
let dir: string;
let lab: DemoLab;
let service: AppService;
const host: HostServices = { shell: 'browser', secrets: memorySecretStore('kept in memory'), chooseSavePath: async () => undefined, chooseOpenPath: async () => undefined };
const { call, raw } = invoker(() => service.handlers);

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-app-fix-errors-'));
  service = createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });
}, 60_000);
afterAll(async () => {
  await service?.dispose();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the Fix step refuses in the app language', () => {
  it('planning a fix on an opened bundle: the refusal in English and in Russian', async () => {
    const { session } = await call('bundle.open', { path: BUNDLE });
    const res = await raw('fix.plan', { sessionId: session!.sessionId, findingId: 'job-stuck-running' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toMatchObject({ code: 'invalid-input', message: 'A fix writes to the targets it was diagnosed on: collect from them first (an opened bundle can only be read).' });
    expect(textIn(res.error.message, res.error.text, 'ru')).toBe('Исправление пишет в те цели, на которых шла диагностика: сначала соберите с них данные (открытый бандл можно только читать).');
  });

  it('an opened bundle is not collected again, its runner tokens are not kept, an unknown upload and a closed diagnosis: each in Russian', async () => {
    const { session } = await call('bundle.open', { path: BUNDLE });
    const sessionId = session!.sessionId;
    const refusals = [
      [await raw('collect.retry', { sessionId, target: { kind: 'ssh', alias: 'runner-01' } }), 'Only a collection made in this run can collect a source again.', 'Собрать источник заново можно только в сборе, сделанном в этом запуске приложения.'],
      [
        await raw('gitlab.checkRunnerTokens', { sessionId, ids: ['1'], confirm: true }),
        'Runner tokens are kept only for a collection made in this run, with a GitLab target; collect again to check them.',
        'Токены раннеров хранятся только для сбора, сделанного в этом запуске приложения, если среди целей есть GitLab; чтобы их проверить, соберите данные заново.',
      ],
      [await raw('bundle.open', { upload: '0'.repeat(32) }), 'That upload is not known here; choose the file again.', 'Этот загруженный файл здесь неизвестен; выберите файл ещё раз.'],
      [await raw('session.get', { sessionId: CLOSED_SESSION }), 'That diagnosis is no longer open; collect again or reopen the bundle.', 'Эта диагностика уже закрыта; соберите данные заново или снова откройте бандл.'],
    ] as const;
    for (const [res, en, ru] of refusals) {
      expect(res.ok).toBe(false);
      if (res.ok) continue;
      expect(res.error.message).toBe(en);
      expect(textIn(res.error.message, res.error.text, 'ru')).toBe(ru);
    }
  });

  it('a plan that is no longer open, and a kept rollback that is not there', async () => {
    const closed = await raw('fix.apply', { planId: 'cancel-stuck-job:1', confirm: true });
    expect(!closed.ok && textIn(closed.error.message, closed.error.text, 'ru')).toBe('Этот план уже закрыт; составьте план исправления заново.');
    const none = await raw('fix.openRollback', { findingId: 'long-polling-bottleneck' });
    expect(!none.ok && none.error.message).toBe('No applied fix of long-polling-bottleneck is kept for a rollback (it was rolled back already, or cannot be).');
    expect(!none.ok && textIn(none.error.message, none.error.text, 'ru')).toBe('Для long-polling-bottleneck не сохранено применённого исправления, которое можно откатить (его уже откатили или откатить нельзя).');
  });

  it('a target that fails while the fix is planned: the server’s words inside a Russian sentence', async () => {
    const { tokenRef } = await call('gitlab.saveToken', { url: lab.gitlab.url, token: lab.gitlab.token });
    const win = openWindow();
    const sources = { kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: SEED_002_NAMESPACE }], gitlab: { url: lab.gitlab.url, tokenRef, caFile: lab.gitlab.caFile } };
    const { operationId } = await call('collect.start', { sources }, win);
    const done: EventPayload<'operation.finished'> = await win.next('operation.finished', (f) => f.operationId === operationId);
    expect(done.status).toBe('ok');
    const session = await call('session.get', { sessionId: done.sessionId! });
    expect(session.findings.map((f) => f.id)).toContain('long-polling-bottleneck');
    lab.kubeFaults.failRequests.push({ match: new RegExp(`^GET /api/v1/namespaces/${SEED_002_NAMESPACE}/configmaps/gitlab-runner-config$`), code: 503, message: 'etcdserver: leader changed' });
    try {
      const res = await raw('fix.plan', { sessionId: session.sessionId, findingId: 'long-polling-bottleneck' });
      expect(res.ok).toBe(false);
      if (res.ok) return;
      expect(res.error.code).toBe('server-error');
      expect(res.error.message).toBe('Cannot plan raise-request-concurrency: HTTP 503: etcdserver: leader changed');
      expect(textIn(res.error.message, res.error.text, 'ru')).toBe('Не удаётся составить план raise-request-concurrency: HTTP 503: etcdserver: leader changed');
    } finally {
      lab.kubeFaults.failRequests.length = 0;
    }
  }, 120_000);
});
