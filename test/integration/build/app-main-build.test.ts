import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyFacts } from '../../../electron/core/diagnosis/facts';
import { builtLogScanWorker, logScanWorkerModule, useLogScanWorkers } from '../../../electron/core/diagnosis/scan/log-scan-module';
import { logScanWorkerStats, scanLogInWorker } from '../../../electron/core/diagnosis/scan/log-scan-pool';
import { runLogScan, type LogScanMessage } from '../../../electron/core/diagnosis/scan/log-scan-task';
import { activeSignatures, hintSet, prepareSignatures } from '../../../electron/core/diagnosis/scan/scan-log';
import { closeScanPool } from '../../../electron/core/evidence/redact/scan-pool';

// The desktop app's main build (electron-vite, electron.vite.config.ts) ships the log scan's
// worker module beside out/main/index.js, as one file that needs nothing beside it: in a
// packaged app it alone is unpacked from app.asar, and the threads start from that copy.
const ROOT = resolve(__dirname, '../../..');
let dir: string;
let before: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-main-build-'));
  before = logScanWorkerModule();
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', join(dir, 'out'), '--logLevel', 'error'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`);
}, 120_000);
afterAll(async () => {
  if (before) useLogScanWorkers(before);
  await closeScanPool();
  await rm(dir, { recursive: true, force: true });
});

async function collect(messages: AsyncIterable<LogScanMessage>): Promise<LogScanMessage[]> {
  const out: LogScanMessage[] = [];
  for await (const m of messages) out.push(m);
  return out;
}

describe('the app main build and its log-scan worker module', () => {
  it('writes log-scan-worker.js beside index.js, importing only Node’s own modules, and index.js registers it', async () => {
    const main = join(dir, 'out', 'main');
    expect(await readdir(main)).toEqual(expect.arrayContaining(['index.js', 'log-scan-worker.js']));
    const worker = await readFile(join(main, 'log-scan-worker.js'), 'utf8');
    const imports = [...worker.matchAll(/(?:^|\n)import\s[^'"]*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((id) => !id!.startsWith('node:'))).toEqual([]);
    expect(worker).toMatch(/export\s*\{[^}]*\bas default\b/);
    const index = await readFile(join(main, 'index.js'), 'utf8');
    expect(index).toContain('useLogScanWorkers(builtLogScanWorker(import.meta.url))');
  });

  it('in the packaged layout, threads start from the unpacked copy and scan as the calling thread does', async () => {
    // resources/app.asar/out/main/index.js is the entry; only the worker module is unpacked.
    const resources = join(dir, 'Runner Doctor', 'resources');
    await mkdir(join(resources, 'app.asar.unpacked', 'out', 'main'), { recursive: true });
    await copyFile(join(dir, 'out', 'main', 'log-scan-worker.js'), join(resources, 'app.asar.unpacked', 'out', 'main', 'log-scan-worker.js'));
    const entry = pathToFileURL(join(resources, 'app.asar', 'out', 'main', 'index.js')).href;
    useLogScanWorkers(builtLogScanWorker(entry));
    expect(logScanWorkerModule()).toBe(pathToFileURL(join(resources, 'app.asar.unpacked', 'out', 'main', 'log-scan-worker.js')).href);

    const log = join(dir, 'runner.log');
    const lines = Array.from({ length: 20_000 }, (_, i) =>
      i % 997 === 0 ? 'ERROR: Checking for jobs... forbidden               runner=t3_qYADwj' : `Checking for jobs... received job=${i} runner=t3_qYADwj`,
    );
    await writeFile(log, lines.join('\n') + '\n');
    const task = { ...hintSet(prepareSignatures(activeSignatures(emptyFacts()))), path: log, file: 'files/runner.log' };
    const onThisThread: LogScanMessage[] = [];
    await runLogScan(task, (m) => onThisThread.push(m));
    const stats = logScanWorkerStats();
    const onWorker = await collect(scanLogInWorker(task).messages);
    expect(onWorker.at(-1)).toEqual({ done: expect.objectContaining({ lines: 20_000 }) });
    expect(onWorker).toEqual(onThisThread);
    expect(logScanWorkerStats()).toEqual({ logs: stats.logs + 1, lines: stats.lines + 20_000 });
  });
});
