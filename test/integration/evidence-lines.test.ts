import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostServices } from '../../electron/core/app/handler-types';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import type { SessionSummary } from '../../shared/ipc/channels';
import { invoker, openWindow } from './app-harness';

const TOTAL = 1_000_000;
const lineAt = (n: number) => `L${n} Checking for jobs... ok${n % 3 === 0 ? '\r' : ''}`;
const expected = (from: number, count: number) =>
  Array.from({ length: Math.max(0, Math.min(count, TOTAL - from + 1)) }, (_, i) => lineAt(from + i).replace(/\r$/, ''));

let dir: string;
let service: AppService;
let savePath: string | undefined;
const host: HostServices = {
  shell: 'browser',
  secrets: memorySecretStore('kept in memory'),
  chooseSavePath: async () => savePath,
  chooseOpenPath: async () => undefined,
};
const { call, raw } = invoker(() => service.handlers);

async function writeLog(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let n = 1; n <= TOTAL; n += 10_000) {
    let chunk = '';
    for (let k = n; k < n + 10_000 && k <= TOTAL; k++) chunk += `${lineAt(k)}\n`;
    if (!out.write(chunk)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  }
  await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
}

let session: SessionSummary;
let logPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-lines-'));
  service = createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });
  const log = join(dir, 'runner.log');
  await writeLog(log);
  const win = openWindow();
  const { operationId } = await call('collect.start', { sources: { files: [log] } }, win);
  const done = await win.next('operation.finished', (f) => f.operationId === operationId, 110_000);
  if (done.status !== 'ok' || !done.sessionId) throw new Error(`collection failed: ${JSON.stringify(done)}`);
  session = await call('session.get', { sessionId: done.sessionId });
  const file = session.files.find((f) => f.path.endsWith('runner.log'));
  if (!file) throw new Error(`runner.log not collected: ${session.files.map((f) => f.path).join(', ')}`);
  logPath = file.path;
});
afterAll(async () => {
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("'evidence.lines' on a 1M-line log", () => {
  it('pages from the start, the middle and the end of a collected session, with the line count', async () => {
    for (const from of [1, 999, 1000, 1001, 500_000, 777_777, 999_500]) {
      const page = await call('evidence.lines', { sessionId: session.sessionId, path: logPath, fromLine: from, count: 500 });
      expect(page.totalLines).toBe(TOTAL);
      expect(page.lines).toEqual(expected(from, 500));
    }
  });

  it('returns a short last page and nothing past the end', async () => {
    const tail = await call('evidence.lines', { sessionId: session.sessionId, path: logPath, fromLine: 999_900, count: 500 });
    expect(tail.lines).toEqual(expected(999_900, 500));
    expect(tail.lines).toHaveLength(101);
    const past = await call('evidence.lines', { sessionId: session.sessionId, path: logPath, fromLine: TOTAL + 1, count: 10 });
    expect(past).toEqual({ lines: [], totalLines: TOTAL });
  });

  it('answers concurrent first pages from one index', async () => {
    const pages = await Promise.all(
      [3, 250_001, 640_123].map((fromLine) => call('evidence.lines', { sessionId: session.sessionId, path: logPath, fromLine, count: 5 })),
    );
    expect(pages.map((p) => p.lines)).toEqual([expected(3, 5), expected(250_001, 5), expected(640_123, 5)]);
  });

  it('refuses a file the session does not have, and a bad line number', async () => {
    const missing = await raw('evidence.lines', { sessionId: session.sessionId, path: 'evidence/nope.log', fromLine: 1, count: 1 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const bad = await raw('evidence.lines', { sessionId: session.sessionId, path: logPath, fromLine: 0, count: 1 } as never);
    expect(bad.ok).toBe(false);
  });

  it('pages the same file inside an exported bundle, and removes its temp copy on dispose', async () => {
    savePath = join(dir, 'big.zip');
    await call('bundle.export', { sessionId: session.sessionId });
    const opened = await call('bundle.open', { path: savePath });
    const bundled = opened.session!;
    for (const from of [1, 500_000, 999_500]) {
      const page = await call('evidence.lines', { sessionId: bundled.sessionId, path: logPath, fromLine: from, count: 500 });
      expect(page).toEqual({ lines: expected(from, 500), totalLines: TOTAL });
    }
    const copies = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('runner-doctor-lines-'));
    const before = await copies();
    expect(before.length).toBeGreaterThan(0);
    await service.dispose();
    const after = await copies();
    expect(after.filter((n) => before.includes(n))).toEqual([]);
    service = createAppService(host, { configDir: join(dir, 'config'), home: join(dir, 'home') });
  });
});
