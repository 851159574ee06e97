import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostServices } from '../../electron/core/app/handler-types';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { formatError, textIn } from '../../shared/i18n/text';
import type { EventPayload } from '../../shared/ipc/events';
import { ENGLISH_PROSE, prose } from '../helpers/english-prose';
import { invoker, openWindow } from './app-harness';

/**
 * A failed operation's operation.finished event carries its error as a message id beside the
 * English: the window words it in its language. Here a GitLab retry after the kept token is gone.
 */
let dir: string;
let lab: DemoLab;
let service: AppService;
const kept = new Map<string, string>();
const host: HostServices = {
  shell: 'browser',
  secrets: { save: async (name, secret) => (kept.set(name, secret), { persisted: false }), load: async (name) => kept.get(name) },
  chooseSavePath: async () => undefined,
  chooseOpenPath: async () => undefined,
};
const { call } = invoker(() => service.handlers);

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-app-finished-text-'));
  service = createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });
}, 60_000);
afterAll(async () => {
  await service?.dispose();
  await lab?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('operation.finished: a failure worded in the window’s language', () => {
  it('a GitLab retry without its token: the text in English and in Russian', async () => {
    const { tokenRef } = await call('gitlab.saveToken', { url: lab.gitlab.url, token: lab.gitlab.token });
    const win = openWindow();
    const { operationId } = await call('collect.start', { sources: { gitlab: { url: lab.gitlab.url, tokenRef, caFile: lab.gitlab.caFile } } }, win);
    const first = await win.next('operation.finished', (f) => f.operationId === operationId, 60_000);
    expect(first.status).toBe('ok');

    kept.clear();
    const retry = await call('collect.retry', { sessionId: first.sessionId!, target: { kind: 'gitlab', host: new URL(lab.gitlab.url).host } }, win);
    const done: EventPayload<'operation.finished'> = await win.next('operation.finished', (f) => f.operationId === retry.operationId, 60_000);
    expect(done).toMatchObject({ status: 'failed', error: 'No GitLab token is kept for this instance any more; type the token again.', text: { key: 'gitlab.token.notKept' } });
    expect(formatError(done.text!, 'en')).toBe(done.error);
    const russian = textIn(done.error!, done.text, 'ru');
    expect(russian).toBe('Токен GitLab для этого инстанса больше не сохранён; введите токен заново.');
    expect(prose(russian, [])).not.toMatch(ENGLISH_PROSE);
  }, 120_000);
});
