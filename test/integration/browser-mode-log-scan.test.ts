import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrowserHost } from '../../build/browser-mode-build.mjs';
import { collectFiles, connectBridge } from '../../build/bench/_bridge-client.mjs';
import type * as BrowserMain from '../../electron/core/bridge/browser-main';
import { WORKER_MIN_BYTES } from '../../electron/core/diagnosis/scan/log-scans';
import { runCli } from '../helpers/run-cli';

// The browser-mode host as `npm run dev:browser` builds and starts it (out/browser) analyses a
// collected log above the worker threshold with the byte pass on a worker thread, and finds
// exactly what the CLI finds on the same log.
let dir: string;
let host: typeof BrowserMain;
let running: BrowserMain.BrowserModeHost | undefined;
let lines = 0;

const COMMON = [
  (i: number) => `Checking for jobs... received                       job=${i} repo_url=https://gitlab.example.com/group/project-${i % 97}.git runner=t3_qYADwj`,
  (i: number) => `Job succeeded                                       duration_s=${(i % 3600) / 7} job=${i} project=${i % 400} runner=t3_qYADwj`,
];
const FAILURES = [
  (i: number) => `WARNING: Submitting job to coordinator... job failed  bytesize=20764 code=403 job=${i} job-status= runner=t3_qYADwj status=PUT https://gitlab.example.com/api/v4/jobs/${i}: 403 Forbidden`,
  () => 'ERROR: Checking for jobs... forbidden               runner=t3_qYADwj',
  () => "WARNING: Checking for jobs... failed                   runner=t3_qYADwj status=couldn't execute POST against https://gitlab.example.com/api/v4/jobs/request: dial tcp: lookup gitlab.example.com on 10.96.0.10:53: no such host",
  (i: number) => `WARNING: Job failed (system failure): pods "runner-t3qyadwj-project-${i % 50}-concurrent-0-x" is forbidden: exceeded quota: compute, requested: requests.memory=8Gi, used: requests.memory=60Gi, limited: requests.memory=64Gi`,
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-browser-scan-'));
  // A runner log of about 3 MiB, one line in a thousand a failure.
  const text: string[] = ['Runtime platform                                    arch=amd64 os=linux pid=7 revision=3046fee8 version=17.6.0'];
  let bytes = 0;
  for (let i = 1; bytes < 3 * WORKER_MIN_BYTES; i++) {
    const line = i % 1000 === 0 ? FAILURES[(i / 1000) % FAILURES.length]!(i) : COMMON[i % COMMON.length]!(i);
    text.push(line);
    bytes += line.length + 1;
  }
  lines = text.length;
  await mkdir(join(dir, 'logs'));
  await writeFile(join(dir, 'logs', 'gitlab-runner.log'), text.join('\n') + '\n');
  const renderer = join(dir, 'renderer');
  await mkdir(renderer);
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Runner Doctor</title>');
  host = (await import(pathToFileURL(await buildBrowserHost()).href)) as typeof BrowserMain;
  running = await host.startBrowserMode({ rendererDir: renderer, service: { configDir: join(dir, 'config'), home: join(dir, 'home') } });
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('browser mode: log scans on worker threads', () => {
  it('scans a large collected log on a worker thread and finds what the CLI finds', async () => {
    const client = await connectBridge(running!.bridge.url);
    const before = host.logScanWorkerStats();
    const session = await collectFiles(client, [join(dir, 'logs')]);
    client.close();
    // The one large log's byte pass ran on a worker, to its last line.
    expect(host.logScanWorkerStats()).toEqual({ logs: before.logs + 1, lines: before.lines + lines });
    expect(session.errors).toEqual([]);

    const cli = await runCli(['collect', '--files', join(dir, 'logs'), '--out', join(dir, 'cli.zip'), '--json'], { timeoutMs: 120_000 });
    expect(cli.stderr).toBe('');
    const fromCli = JSON.parse(cli.stdout) as { findings: { id: string }[] };
    expect(fromCli.findings.map((f) => f.id).sort()).toEqual(['gitlab-unreachable', 'job-token-expired', 'quota-exceeded', 'runner-token-invalid']);
    expect(session.findings).toEqual(fromCli.findings);
  }, 180_000);
});
