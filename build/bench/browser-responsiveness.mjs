// Benchmark: how long the browser-mode host's event loop (the thread that answers the page, as
// the desktop app's main process does) is held while it collects and analyses large runner logs,
// measured inside the host with perf_hooks' monitorEventLoopDelay (_loop-probe.mjs), and the
// slowest answer to a cheap call (app.info, asked every 20 ms) the page would wait for meanwhile.
// Figures for the whole collection and for its analysis (after the last source is stored).
// Usage: node build/bench/browser-responsiveness.mjs [--size 256M] [--host-repo DIR]
//   --host-repo: measure the host of another checkout of the project (e.g. one before a change).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectBridge } from './_bridge-client.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const LOGS = 16;

const { values } = parseArgs({ options: { size: { type: 'string', multiple: true }, 'host-repo': { type: 'string' } } });
const sizes = (values.size ?? ['256M'])
  .flatMap((s) => s.split(','))
  .map((s) => {
    const m = /^(\d+)([MG])$/i.exec(s.trim());
    if (!m) throw new Error(`--size takes e.g. 256M or 1G, not ${s}`);
    return Number(m[1]) * (m[2].toUpperCase() === 'G' ? 2 ** 30 : 2 ** 20);
  });
const hostRepo = resolve(values['host-repo'] ?? ROOT);

/** A runner log of `total` bytes: jobs polled, traced and finished, one line in 1,000 a failure. */
async function writeRunnerLog(file, total, seed) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const failure = [
    (n) =>
      `WARNING: Submitting job to coordinator... job failed  code=403 job=${n} runner=t3_qYADwj status=PUT https://gitlab.example.com/api/v4/jobs/${n}: 403 Forbidden`,
    () => 'ERROR: Checking for jobs... forbidden               runner=t3_qYADwj',
    (n) =>
      `WARNING: Job failed (system failure): pods "runner-t3qyadwj-project-${n % 50}-concurrent-0-x" is forbidden: exceeded quota: compute, requested: requests.memory=8Gi`,
  ];
  let written = 0;
  for (let n = seed * 1e7; written < total;) {
    let chunk = '';
    while (chunk.length < 1 << 20) {
      n++;
      if (n % 1000 === 0) chunk += failure[(n / 1000) % failure.length](n) + '\n';
      else if (n % 3 === 0)
        chunk += `Checking for jobs... received                       job=${n} repo_url=https://gitlab.example.com/group/project-${n % 97}.git runner=t3_qYADwj\n`;
      else if (n % 3 === 1)
        chunk += `Appending trace to coordinator...ok                 code=202 job=${n} job-log=0-${n % 65536} job-status=running runner=t3_qYADwj\n`;
      else
        chunk += `Job succeeded                                       duration_s=${(n % 3600) / 7} job=${n} project=${n % 400} runner=t3_qYADwj\n`;
    }
    chunk = chunk.slice(0, Math.min(chunk.length, total - written));
    written += chunk.length;
    if (!out.write(chunk)) await new Promise((ok) => out.once('drain', ok));
  }
  await new Promise((ok, fail) => out.end((err) => (err ? fail(err) : ok())));
}

/** `npm run dev:browser` of `repo`, with the probe loaded; resolves once it says its URL. */
function startHost(repo, probeOut) {
  const child = spawn(NODE, ['--import', join(ROOT, 'build', 'bench', '_loop-probe.mjs'), join(repo, 'build', 'browser-mode.mjs')], {
    cwd: repo,
    env: { ...process.env, RD_LOOP_PROBE_OUT: probeOut },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      const url = /browser mode on (\S+)/.exec(text)?.[1];
      if (url) ok({ child, url });
    });
    child.on('exit', (code) => fail(new Error(`the browser-mode host exited with ${code} before it listened`)));
  });
}

/** One line per window: its time, longest stall, stalls over 50 ms, how busy the loop was, slowest answer. */
function report(label, samples, pings, from, to) {
  // A sample is read when its 50 ms end: the one read just after `to` still covers the window.
  const inWindow = (rows) => rows.filter(([at]) => at > from && at <= to + 50);
  const stalls = inWindow(samples).map(([, ms]) => ms);
  const busy = inWindow(samples).reduce((sum, [, , elu]) => sum + elu, 0) / Math.max(1, inWindow(samples).length);
  const slowest = Math.max(0, ...inWindow(pings).map(([, ms]) => ms));
  console.log(
    `${label}: ${((to - from) / 1000).toFixed(1)} s · longest event-loop stall ${Math.max(0, ...stalls).toFixed(0)} ms · ${stalls.filter((ms) => ms > 50).length} stalls over 50 ms · loop busy ${(busy * 100).toFixed(0)} % · slowest app.info answer ${slowest} ms`,
  );
}

for (const bytes of sizes) await benchSize(bytes);

async function benchSize(bytes) {
  const work = await mkdtemp(join(tmpdir(), 'rd-bench-responsive-'));
  let host;
  try {
    const logs = join(work, 'logs');
    await mkdir(logs);
    for (let i = 0; i < LOGS; i++)
      await writeRunnerLog(join(logs, `runner-${String(i).padStart(2, '0')}.log`), Math.ceil(bytes / LOGS), i + 1);
    let total = 0;
    for (let i = 0; i < LOGS; i++) total += (await stat(join(logs, `runner-${String(i).padStart(2, '0')}.log`))).size;

    const probeOut = join(work, 'probe.json');
    host = await startHost(hostRepo, probeOut);
    const client = await connectBridge(host.url);
    // The host settles (renderer served, modules loaded) before the measured run.
    await client.call('app.info');
    await new Promise((ok) => setTimeout(ok, 500));

    const pings = [];
    let collecting = true;
    const pinging = (async () => {
      while (collecting) {
        const sent = Date.now();
        await client.call('app.info');
        pings.push([Date.now(), Date.now() - sent]);
        await new Promise((ok) => setTimeout(ok, 20));
      }
    })();
    let lastStored = 0;
    client.on('operation.progress', (p) => {
      if (p.state === 'done') lastStored = Date.now();
    });
    const started = Date.now();
    const finished = client.next('operation.finished');
    const { operationId } = await client.call('collect.start', { sources: { files: [logs] } });
    const done = await finished;
    const ended = Date.now();
    collecting = false;
    await pinging;
    if (done.operationId !== operationId || done.status !== 'ok') throw new Error(`collection ${done.status}: ${done.error ?? ''}`);
    const session = await client.call('session.get', { sessionId: done.sessionId });
    client.close();

    host.child.kill('SIGUSR1');
    await new Promise((ok) => setTimeout(ok, 300));
    const samples = JSON.parse(await readFile(probeOut, 'utf8'));
    const analysing = lastStored || started;
    const mib = (total / 2 ** 20).toFixed(0);
    console.log(
      `host: ${hostRepo === ROOT ? 'this checkout' : hostRepo} · ${mib} MiB in ${LOGS} runner logs · ${session.findings.length} findings`,
    );
    report(`browser-mode collect --files ${mib} MiB`, samples, pings, started, ended);
    report('  of which analysis (after the last log was stored)', samples, pings, analysing, ended);
    if (process.env['RD_BENCH_SAMPLES']) console.log(JSON.stringify({ started, analysing, ended, samples, pings }));
  } finally {
    host?.child.kill('SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
}
