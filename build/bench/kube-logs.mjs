// `node build/bench/kube-logs.mjs`: 200 runner pods (1 MB of log each, every log answer
// delayed 100 ms) in the lab Kubernetes API. Times the whole `runner-doctor collect
// --kube-context` command against `kubectl logs` for the same pods run 8 at a time through
// `xargs -P8`; and, in the collector alone, holds the log phase to 2x (200 / 8) x one pod's
// log time, with the fixed costs (connect, RBAC check, lists) reported apart. The lab server
// and each collector run in their own process, so the collector's peak RSS is its own.
// Options: --pods N --mb N --latency MS --concurrency N --skip-kubectl
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { best, figure, shq } from './_measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// @kubernetes/client-node 2.x needs Node 22.19+; re-run under the project's Node when started by an older one.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  const node22 = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!existsSync(node22) || process.env.RD_BENCH_REEXEC) {
    console.error(`kube-logs bench: needs Node.js 22.19 or newer (this is ${process.version})`);
    process.exit(2);
  }
  const r = spawnSync(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, RD_BENCH_REEXEC: '1' },
  });
  process.exit(r.status ?? 1);
}

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? Number(process.argv[at + 1]) : fallback;
}
const PODS = option('pods', 200);
const MB = option('mb', 1);
const LATENCY = option('latency', 100);
const CONCURRENCY = option('concurrency', 8);
const SKIP_KUBECTL = process.argv.includes('--skip-kubectl');
const LIB = join(root, 'out', 'bench', 'kube-logs-lib.mjs');

/** The product code the bench drives, bundled once (dependencies stay in node_modules). */
const LIB_SOURCE = `
export { startKubeServer } from './electron/core/demo-lab/servers/kube-server';
export { generateLabTls } from './electron/core/demo-lab/tls';
export { emptyWorld } from './electron/core/demo-lab/world';
export { EvidenceStore } from './electron/core/evidence/store';
export { collectKube } from './electron/core/kube/collect-kube';
export { Semaphore } from './electron/core/kube/semaphore';
export { progressText } from './electron/core/collect/progress';
`;

/** Lines as a busy runner writes them; repeated to fill each pod's log. */
function logChunk() {
  const lines = [];
  for (let i = 0; i < 400; i++) {
    const job = 8_540_000_000 + i;
    lines.push(
      `Checking for jobs... received                       job=${job} repo_url=https://gitlab.example.com/acme/web.git runner=t3_qYADwj`,
      `Appending trace to coordinator...ok                 code=202 job=${job} job-log=0-20764 job-status=running runner=t3_qYADwj sent-log=0-20764 status=202 Accepted update-interval=3s`,
      `Job succeeded                                       duration_s=${(i % 600) + 0.4} job=${job} project=42 runner=t3_qYADwj`,
      `Submitting job to coordinator...ok                  bytesize=18231 checksum=crc32:0d5a3e11 code=200 job=${job} job-status=success runner=t3_qYADwj update-interval=0s`,
    );
  }
  return Buffer.from(lines.join('\n') + '\n');
}

async function runServer(lib) {
  const dir = process.env.RD_BENCH_DIR;
  const tls = await lib.generateLabTls();
  const token = 'bench-' + Math.random().toString(36).slice(2);
  const world = lib.emptyWorld('glpat-unused00000000000', token);
  const chunk = logChunk();
  const size = MB * 1024 * 1024;
  const log = () =>
    (function* () {
      for (let sent = 0; sent < size; sent += chunk.length) yield sent + chunk.length <= size ? chunk : chunk.subarray(0, size - sent);
    })();
  const pod = (ns, name) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app: 'gitlab-runner' } },
    spec: { containers: [{ name: 'gitlab-runner', image: 'registry.gitlab.com/gitlab-org/gitlab-runner:alpine-v17.6.0' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'gitlab-runner', ready: true, restartCount: 0, state: { running: {} } }] },
  });
  for (const ns of ['bench', 'bench-single']) world.kube.objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (let i = 0; i < PODS; i++) {
    const name = `gitlab-runner-bench-${String(i).padStart(3, '0')}`;
    world.kube.objects.push(pod('bench', name));
    world.kube.logs.set(`bench/${name}/gitlab-runner`, log);
  }
  world.kube.objects.push(pod('bench-single', 'gitlab-runner-single'));
  world.kube.logs.set('bench-single/gitlab-runner-single/gitlab-runner', log);
  const server = await lib.startKubeServer(world.kube, tls, { faults: { logLatencyMs: LATENCY } });
  const { writeFile } = await import('node:fs/promises');
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'bench',
      clusters: [
        { name: 'bench', cluster: { server: server.url, 'certificate-authority-data': Buffer.from(tls.caPem).toString('base64') } },
      ],
      users: [{ name: 'bench', user: { token } }],
      contexts: [{ name: 'bench', context: { cluster: 'bench', user: 'bench', namespace: 'bench' } }],
    }),
  );
  console.log(JSON.stringify({ kubeconfig }));
  // Runs until the parent closes stdin.
  process.stdin.resume();
  process.stdin.on('end', () => server.close().then(() => process.exit(0)));
}

async function runCollector(lib) {
  const { RD_BENCH_KUBECONFIG: kubeconfig, RD_BENCH_NS: namespace } = process.env;
  const store = await lib.EvidenceStore.create();
  let logStart = 0;
  let logEnd = 0;
  const started = performance.now();
  await lib.collectKube({ kubeconfig, context: 'bench', namespace }, store, {
    concurrency: CONCURRENCY,
    logSlots: new lib.Semaphore(CONCURRENCY),
    onProgress: (source, state, message) => {
      // Progress names its source as { id, target, part } (an id string before).
      if ((typeof source === 'string' ? source : source.id) !== `kube:bench/${namespace}`) return;
      // A message is English text or a message id with its English beside it.
      if (lib.progressText(message).message.startsWith('Reading ') && !logStart) logStart = performance.now();
      if (state === 'done') logEnd = performance.now();
    },
  });
  const totalMs = performance.now() - started;
  const logs = store.files().filter((f) => f.path.endsWith('.log'));
  const result = {
    totalMs,
    logMs: logEnd - logStart,
    logs: logs.length,
    bytes: logs.reduce((n, f) => n + f.bytes, 0),
    errors: store.errors().length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  await store.dispose();
  console.log(JSON.stringify(result));
}

function child(env, { keepOpen = false } = {}) {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    env: { ...process.env, ...env },
    stdio: [keepOpen ? 'pipe' : 'ignore', 'pipe', 'inherit'],
  });
  const firstLine = new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    proc.once('exit', (code) => reject(new Error(`bench child ${env.RD_BENCH_ROLE} exited with ${code}`)));
  });
  return { proc, firstLine };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function runParent() {
  await mkdir(dirname(LIB), { recursive: true });
  await build({
    stdin: { contents: LIB_SOURCE, resolveDir: root, loader: 'ts', sourcefile: 'kube-logs-lib.ts' },
    outfile: LIB,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  const dir = await mkdtemp(join(tmpdir(), 'rd-bench-kube-'));
  const server = child({ RD_BENCH_ROLE: 'server', RD_BENCH_DIR: dir }, { keepOpen: true });
  try {
    const { kubeconfig } = await server.firstLine;
    console.log(
      `lab Kubernetes API: ${PODS} runner pods, ${MB} MB of log each, ${LATENCY} ms before each log answer; collector concurrency ${CONCURRENCY}`,
    );
    const collect = (ns) => child({ RD_BENCH_ROLE: 'collect', RD_BENCH_KUBECONFIG: kubeconfig, RD_BENCH_NS: ns }).firstLine;
    const singles = [];
    for (let i = 0; i < 3; i++) singles.push(await collect('bench-single'));
    const single = {
      logMs: median(singles.map((r) => r.logMs)),
      totalMs: median(singles.map((r) => r.totalMs)),
      maxRssMb: median(singles.map((r) => r.maxRssMb)),
    };
    const fleet = await collect('bench');
    const fixed = fleet.totalMs - fleet.logMs;
    const strictBudget = (PODS / CONCURRENCY) * single.logMs;
    const logRatio = fleet.logMs / strictBudget;
    console.log(`one pod (median of 3): log phase ${s(single.logMs)}, whole collection ${s(single.totalMs)}`);
    console.log(
      `${PODS} pods, log phase: ours ${s(fleet.logMs)} · budget (${PODS}/${CONCURRENCY}) x one pod's log phase ${s(strictBudget)} · ratio ${logRatio.toFixed(2)} · peak RSS ${fleet.maxRssMb.toFixed(0)} MB · target ≤ 2×: ${logRatio <= 2 ? 'met' : 'NOT met'}`,
    );
    console.log(`${PODS} pods, fixed costs apart (connect, RBAC check, lists, objects): ${s(fixed)}; ${fleet.logs} logs, ${(fleet.bytes / 1024 / 1024).toFixed(0)} MB stored, ${fleet.errors} errors`);

    // The whole user command against what a user would otherwise run, with the same concurrency.
    const env = { KUBECONFIG: kubeconfig, HOME: dir };
    const cli = join(root, 'out', 'cli', 'runner-doctor.js');
    const node = join(root, 'node_modules', '.bin', 'node');
    const bundle = join(dir, 'bench.zip');
    const ours = await best(`rm -f ${shq(bundle)} && ${shq(node)} ${shq(cli)} collect --kube-context bench --namespace bench --out ${shq(bundle)} --json >/dev/null`, { env, okCodes: [1] }, 1);
    let ok = logRatio <= 2 && fleet.maxRssMb < 250 && fleet.errors === 0 && fleet.logs === PODS;
    const kubectl = spawnSync('sh', ['-c', 'command -v kubectl']).stdout.toString().trim();
    if (!SKIP_KUBECTL && kubectl) {
      const baseline = await best(
        `${shq(kubectl)} get pods -n bench -o name | xargs -P${CONCURRENCY} -n1 ${shq(kubectl)} logs -n bench >/dev/null`,
        { env },
        1,
      );
      figure(`collect --kube-context, ${PODS} pods (whole command: connect, RBAC, lists, logs, analyze, bundle)`, ours, baseline, `kubectl logs via xargs -P${CONCURRENCY}`);
    } else {
      console.log(`collect --kube-context, ${PODS} pods: ours ${ours.seconds.toFixed(2)} s, peak RSS ${ours.rssMB.toFixed(0)} MB; kubectl baseline skipped (no kubectl)`);
    }
    console.log(ok ? 'PASS' : 'FAIL');
    process.exitCode = ok ? 0 : 1;
  } finally {
    server.proc.stdin.end();
    await new Promise((r) => server.proc.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
}

const role = process.env.RD_BENCH_ROLE;
if (role) {
  const lib = await import(LIB);
  await (role === 'server' ? runServer(lib) : runCollector(lib));
} else {
  await runParent();
}
