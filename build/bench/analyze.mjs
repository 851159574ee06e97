// Benchmark: the whole `runner-doctor analyze FILE` command against `grep -c -E` with the same
// patterns (the literal hints that decide which lines the analyzer examines), in the same run,
// on a log with a few failures and on one where one line in a thousand is a failure; and
// `analyze` on a one-line file against `node -e 0` (start-up).
// Usage: node build/bench/analyze.mjs [--size 256M|1G]... (repeatable; default 256M)
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleChild } from './_bundle-child.mjs';
import { bestInTurn, figure, shq } from './_measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NODE = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([KMG])?B?$/i.exec(s);
  if (!m) throw new Error(`--size takes e.g. 256M or 1G, not ${s}`);
  return Math.round(Number(m[1]) * { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[(m[2] ?? 'M').toUpperCase()]);
}

/** Prints the scanner's prefilter literals: the patterns grep is given. */
const ENTRY = `
import { activeSignatures, prepareSignatures } from ${JSON.stringify(join(ROOT, 'electron/core/diagnosis/scan/scan-log.ts'))};
import { emptyFacts } from ${JSON.stringify(join(ROOT, 'electron/core/diagnosis/facts.ts'))};
if (process.argv[2] === '--hints') {
  process.stdout.write(JSON.stringify(prepareSignatures(activeSignatures(emptyFacts())).hints));
}
`;

// Realistic runner service log: text format before the config loads, then a mix of the
// runner's own format, JSON lines and journald-prefixed lines, with rare failures.
const COMMON = [
  (i) => `Checking for jobs... received                       job=${i} repo_url=https://gitlab.example.com/group/project-${i % 97}.git runner=t3_qYADwj`,
  (i) => `Appending trace to coordinator...ok                 code=202 job=${i} job-log=0-${i % 65536} job-status=running runner=t3_qYADwj sent-log=${i % 4096}-${i % 65536} status=202 Accepted update-interval=3s`,
  (i) => `Updating job...                                     bytesize=${i % 99991} checksum=crc32:${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')} job=${i} runner=t3_qYADwj`,
  (i) => `Submitting job to coordinator...ok                  bytesize=${i % 99991} checksum=crc32:75754b1d code=200 job=${i} job-status= runner=t3_qYADwj update-interval=0s`,
  (i) => `Job succeeded                                       duration_s=${(i % 3600) / 7} job=${i} project=${i % 400} runner=t3_qYADwj`,
  (i) => `{"job":${i},"level":"info","msg":"Appending trace to coordinator...ok","runner":"t3_qYADwj","time":"2025-11-02T10:11:12Z"}`,
  (i) => `Nov 12 10:11:12 runner-host gitlab-runner[1234]: Checking for jobs... received  job=${i} repo_url=https://gitlab.example.com/a/b.git runner=abc`,
  (i) => `WARNING: Appending trace to coordinator... aborted  code=403 job=${i} job-log= job-status=canceled runner=t3_qYADwj sent-log=0-100 status=403 Forbidden`,
];
const RARE = [
  (i) => `WARNING: Submitting job to coordinator... job failed  bytesize=20764 checksum=crc32:75754b1d code=403 job=${i} job-status= runner=t3_qYADwj status=PUT https://gitlab.example.com/api/v4/jobs/${i}: 403 Forbidden update-interval=0s`,
  () => 'ERROR: Checking for jobs... forbidden               runner=t3_qYADwj',
  () => 'WARNING: Checking for jobs... failed                   runner=t3_qYADwj status=couldn\'t execute POST against https://gitlab.example.com/api/v4/jobs/request: dial tcp: lookup gitlab.example.com on 10.96.0.10:53: no such host',
  (i) => `WARNING: Job failed (system failure): pods "runner-t3qyadwj-project-${i % 50}-concurrent-0-x" is forbidden: exceeded quota: compute, requested: requests.memory=8Gi, used: requests.memory=60Gi, limited: requests.memory=64Gi`,
];

async function generate(file, bytes, every) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  await new Promise((ok) => out.write('Runtime platform                                    arch=amd64 os=linux pid=7 revision=3046fee8 version=17.6.0\nConfiguration loaded                                builds=0 max_builds=10\n', ok));
  let written = 0;
  let i = 1;
  let rare = 0;
  while (written < bytes) {
    let chunk = '';
    for (let k = 0; k < 5000; k++, i++) {
      const line = i % every === 0 ? RARE[rare++ % RARE.length](i) : COMMON[(i * 7919) % COMMON.length](i);
      chunk += line + '\n';
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await new Promise((ok) => out.once('drain', ok));
  }
  await new Promise((ok, fail) => out.end((err) => (err ? fail(err) : ok())));
  return rare;
}

function run(cmd, args) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout }));
  });
}

const CLI = join(ROOT, 'out', 'cli', 'runner-doctor.js');
const { values } = parseArgs({ options: { size: { type: 'string', multiple: true } } });
const sizes = (values.size ?? ['256M']).map((s) => ({ label: s, bytes: parseSize(s) }));
const dir = await mkdtemp(join(tmpdir(), 'runner-doctor-bench-'));
// Exit 1 means findings were printed: a normal outcome of analyze.
const analyzeOpts = { okCodes: [1] };
try {
  const script = await bundleChild(dir, 'analyze-hints', ENTRY);
  const hints = JSON.parse((await run(NODE, [script, '--hints'])).stdout);
  const pattern = hints.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  console.log(`patterns: ${hints.length} literal hints (the scanner's prefilter), grep -c -E with the same alternation`);

  const one = join(dir, 'one-line.log');
  await writeFile(one, 'Checking for jobs... received job=1 runner=t3_qYADwj\n');
  const [start, bare] = await bestInTurn([[`${shq(NODE)} ${shq(CLI)} analyze ${shq(one)} >/dev/null`, analyzeOpts], [`${shq(NODE)} -e 0`]], 5);
  figure('analyze one-line file (start-up)', start, bare, 'node -e 0', { text: 'within 0.15 s', ok: () => start.seconds - bare.seconds <= 0.15 });

  for (const { label, bytes } of sizes) {
    for (const [density, every] of [['a few failures (1 line in 50,000)', 50_000], ['dense failures (1 line in 1,000)', 1_000]]) {
      const log = join(dir, `runner-${label}.log`);
      const rare = await generate(log, bytes, every);
      const mb = (await stat(log)).size / 2 ** 20;
      // grep first also warms the page cache for both; then each in turn, three times.
      const [grep, ours] = await bestInTurn([
        [`grep -c -E ${shq(pattern)} ${shq(log)}`, { okCodes: [1] }],
        [`${shq(NODE)} ${shq(CLI)} analyze ${shq(log)} >/dev/null`, analyzeOpts],
      ]);
      figure(`analyze ${mb.toFixed(0)} MiB log, ${density}, ${rare} failure lines`, ours, grep, `grep -c -E, ${grep.stdout.trim()} lines matched`, { text: '≤ 2×', ok: (r) => r <= 2 });
      await rm(log, { force: true });
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
