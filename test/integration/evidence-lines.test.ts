import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostServices } from '../../electron/core/app/handler-types';
import { memorySecretStore } from '../../electron/core/app/memory-secrets';
import { createAppService, type AppService } from '../../electron/core/app/service';
import { EVIDENCE_SEARCH_LIMIT, type SessionSummary } from '../../shared/ipc/channels';
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

  it('searches the whole file for the viewer: every matching line, in one pass, without holding up other calls', async () => {
    const started = performance.now();
    const searching = call('evidence.search', { sessionId: session.sessionId, path: logPath, query: 'l12345' });
    // A page asked for meanwhile is answered long before the search ends.
    const page = await call('evidence.lines', { sessionId: session.sessionId, path: logPath, fromLine: 600_000, count: 10 });
    const pageMs = performance.now() - started;
    const found = await searching;
    const searchMs = performance.now() - started;
    expect(page.lines).toEqual(expected(600_000, 10));
    expect(found).toEqual({ lines: [12_345, ...Array.from({ length: 10 }, (_, i) => 123_450 + i)], truncated: false, totalLines: TOTAL });
    expect(pageMs).toBeLessThan(searchMs);
    console.log(`evidence.search over ${TOTAL.toLocaleString('en')} lines: ${searchMs.toFixed(0)} ms; a page meanwhile: ${pageMs.toFixed(0)} ms`);
  });

  it('stops at EVIDENCE_SEARCH_LIMIT lines and says so; a newer search ends the one before it', async () => {
    const all = await call('evidence.search', { sessionId: session.sessionId, path: logPath, query: 'checking for jobs' });
    expect(all.lines).toHaveLength(EVIDENCE_SEARCH_LIMIT);
    expect(all.lines.slice(0, 3)).toEqual([1, 2, 3]);
    expect(all.truncated).toBe(true);
    const [older, newer] = await Promise.all([
      raw('evidence.search', { sessionId: session.sessionId, path: logPath, query: 'L999999 ' }),
      call('evidence.search', { sessionId: session.sessionId, path: logPath, query: 'L999998 ' }),
    ]);
    expect(older).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(newer.lines).toEqual([999_998]);
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
