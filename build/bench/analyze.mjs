// Benchmark: `runner-doctor analyze` on a large runner log against `grep -c -E` with the same
// patterns (the literal hints that decide which lines the analyzer examines), in the same run.
// Usage: node build/bench/analyze.mjs [--size 256M|1G]... (repeatable; default 256M)
// Prints MB/s for both, the ratio, and the analyzer's peak RSS; deletes its temp files.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleChild } from './_bundle-child.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NODE = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([KMG])?B?$/i.exec(s);
  if (!m) throw new Error(`--size takes e.g. 256M or 1G, not ${s}`);
  return Math.round(Number(m[1]) * { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[(m[2] ?? 'M').toUpperCase()]);
}

/** The analyzer as a standalone script: `--hints` prints the prefilter literals, else analyzes argv[2]. */
const ENTRY = `
import { folderReader } from ${JSON.stringify(join(ROOT, 'electron/core/evidence/folder-reader.ts'))};
import { analyze } from ${JSON.stringify(join(ROOT, 'electron/core/diagnosis/analyze.ts'))};
import { activeSignatures, prepareSignatures } from ${JSON.stringify(join(ROOT, 'electron/core/diagnosis/scan/scan-log.ts'))};
import { emptyFacts } from ${JSON.stringify(join(ROOT, 'electron/core/diagnosis/facts.ts'))};
if (process.argv[2] === '--hints') {
  process.stdout.write(JSON.stringify(prepareSignatures(activeSignatures(emptyFacts())).hints));
} else {
  const started = performance.now();
  const reader = await folderReader([process.argv[2]]);
  const analysis = await analyze(reader);
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({
    ms,
    kinds: reader.entries().map((e) => e.kind),
    findings: analysis.findings.map((f) => f.id + ':' + f.evidence.length),
    maxRssKiB: process.resourceUsage().maxRSS,
  }));
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
const RARE_EVERY = 50_000;

async function generate(file, bytes) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  await new Promise((ok) => out.write('Runtime platform                                    arch=amd64 os=linux pid=7 revision=3046fee8 version=17.6.0\nConfiguration loaded                                builds=0 max_builds=10\n', ok));
  let written = 0;
  let i = 1;
  let rare = 0;
  while (written < bytes) {
    let chunk = '';
    for (let k = 0; k < 5000; k++, i++) {
      const line = i % RARE_EVERY === 0 ? RARE[rare++ % RARE.length](i) : COMMON[(i * 7919) % COMMON.length](i);
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
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}

const { values } = parseArgs({ options: { size: { type: 'string', multiple: true } } });
const sizes = (values.size ?? ['256M']).map((s) => ({ label: s, bytes: parseSize(s) }));
const dir = await mkdtemp(join(tmpdir(), 'runner-doctor-bench-'));
try {
  const script = await bundleChild(dir, 'analyze', ENTRY);
  const hints = JSON.parse((await run(NODE, [script, '--hints'])).stdout);
  const pattern = hints.map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  console.log(`patterns: ${hints.length} literal hints (the analyzer's prefilter), grep -c -E with the same alternation`);
  const rows = [];
  for (const { label, bytes } of sizes) {
    const log = join(dir, `runner-${label}.log`);
    const rare = await generate(log, bytes);
    const size = (await stat(log)).size;
    const mb = size / 2 ** 20;
    // grep first also warms the page cache for both.
    const grep = [await run('grep', ['-c', '-E', pattern, log]), await run('grep', ['-c', '-E', pattern, log])];
    const ours = [await run(NODE, [script, log]), await run(NODE, [script, log])];
    for (const r of ours) if (r.code !== 0) throw new Error(`analyzer failed: ${r.stderr}`);
    const grepMs = Math.min(...grep.map((r) => r.ms));
    const oursRun = ours.map((r) => ({ ...JSON.parse(r.stdout), wallMs: r.ms })).sort((a, b) => a.wallMs - b.wallMs)[0];
    rows.push({ label, mb, grepMs, oursMs: oursRun.wallMs, rssMiB: oursRun.maxRssKiB / 1024 });
    console.log(`\n${label}: ${mb.toFixed(0)} MiB, ${rare} rare failure lines, grep counted ${grep[0].stdout.trim()} matching lines`);
    console.log(`  grep -c -E : ${grepMs.toFixed(0)} ms, ${(mb / (grepMs / 1000)).toFixed(0)} MB/s`);
    console.log(`  analyzer   : ${oursRun.wallMs.toFixed(0)} ms wall (${oursRun.ms.toFixed(0)} ms analysis), ${(mb / (oursRun.wallMs / 1000)).toFixed(0)} MB/s, peak RSS ${(oursRun.maxRssKiB / 1024).toFixed(0)} MiB`);
    console.log(`  ratio      : ${(oursRun.wallMs / grepMs).toFixed(2)}× grep; findings: ${oursRun.findings.join(', ')}`);
    await rm(log, { force: true });
  }
  if (rows.length > 1) {
    console.log(`\npeak RSS by size: ${rows.map((r) => `${r.label} ${r.rssMiB.toFixed(0)} MiB`).join(', ')}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
