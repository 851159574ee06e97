#!/usr/bin/env node
// Bundle benchmark: the whole `runner-doctor collect --files DIR` command against `zip -q -1 -r`
// over the same generated runner logs, in one run.
// Usage: node build/bench/bundle.mjs [--size 256M|1G|256M,1G] [--files N]
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { best, bestInTurn, figure, measure, shq } from './_measure.mjs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([KMG])?$/i.exec(text.trim());
  if (!m) throw new Error(`--size: cannot read ${JSON.stringify(text)} (use e.g. 256M or 1G)`);
  const unit = { K: 1 << 10, M: 1 << 20, G: 1 << 30 }[(m[2] ?? '').toUpperCase()] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

const MB = 1e6;
const fmt = (bytes, seconds) => `${(bytes / MB / seconds).toFixed(0)} MB/s`;

/** Runner-log-like lines with the variety real logs have (ids, times, hashes), and a rare secret. */
function* logLines(seed) {
  let x = (seed * 2654435761) >>> 0 || 1;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
  const alnum = (n) => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[Math.floor(rnd() * 62)]).join('');
  let t = Date.UTC(2025, 2, 4, 10, 0, 0) + seed * 1000;
  for (let i = 0; ; i++) {
    t += Math.floor(rnd() * 900);
    const ts = new Date(t).toISOString();
    const job = 48_000_000 + Math.floor(rnd() * 900_000);
    const r = rnd();
    if (r < 0.3) yield `${ts} Appending trace to coordinator...ok                 code=202 job=${job} job-log=0-${Math.floor(rnd() * 90000)} job-status=running runner=t1_Xk2P9 sent-log=0-${Math.floor(rnd() * 90000)} status=202 Accepted update-interval=3s\n`;
    else if (r < 0.5) yield `${ts} Checking for jobs... received                       job=${job} repo_url=https://gitlab.example.com/group-${Math.floor(rnd() * 40)}/project-${Math.floor(rnd() * 400)}.git runner=t1_Xk2P9\n`;
    else if (r < 0.65) yield `{"bytesize":${Math.floor(rnd() * 99999)},"checksum":"crc32:${hex(8)}","code":200,"job":${job},"level":"info","msg":"Submitting job to coordinator...ok","runner":"t1_Xk2P9","time":"${ts}"}\n`;
    else if (r < 0.8) yield `${ts} Job succeeded                                       duration_s=${(rnd() * 3000).toFixed(3)} job=${job} project=${Math.floor(rnd() * 9000)} runner=t1_Xk2P9\n`;
    else if (r < 0.9) yield `${ts} $ npm ci --prefer-offline   added ${Math.floor(rnd() * 2000)} packages in ${Math.floor(rnd() * 60)}s; sha ${hex(40)}\n`;
    else if (r < 0.9995) yield `${ts} WARNING: Checking for jobs... failed                runner=t1_Xk2P9 status=couldn't execute POST against https://gitlab.example.com/api/v4/jobs/request: dial tcp 10.20.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}:443: i/o timeout\n`;
    else yield `${ts} debug: using token = "glpat-${alnum(20)}" for the API, PRIVATE-TOKEN: ${alnum(24)}\n`;
  }
}

async function writeLog(path, bytes, seed) {
  const out = createWriteStream(path);
  let written = 0;
  let buf = '';
  for (const line of logLines(seed)) {
    buf += line;
    if (buf.length >= 1 << 20 || written + buf.length >= bytes) {
      const chunk = buf.slice(0, bytes - written);
      written += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      buf = '';
      if (written >= bytes) break;
    }
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
}

const CLI = join(ROOT, 'out', 'cli', 'runner-doctor.js');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

async function benchSize(work, total, files) {
  const logs = join(work, 'logs');
  await rm(logs, { recursive: true, force: true });
  await mkdir(logs, { recursive: true });
  const each = Math.ceil(total / files);
  for (let i = 0; i < files; i++) await writeLog(join(logs, `runner-${String(i).padStart(3, '0')}.log`), Math.min(each, total - i * each), i + 1);

  // zip first also warms the page cache for both; then each in turn, three times.
  const zipOut = join(work, 'zip-1.zip');
  const ours = join(work, 'bundle.zip');
  // The whole user command: read, redact, hash, analyze, write the bundle. Exit 1 = findings.
  const [zip, collect] = await bestInTurn([
    [`rm -f ${shq(zipOut)} && zip -q -1 -r ${shq(zipOut)} logs`, { cwd: work }],
    [`rm -f ${shq(ours)} && ${shq(NODE)} ${shq(CLI)} collect --files logs --out ${shq(ours)} --json`, { cwd: work, okCodes: [1] }],
  ]);
  const oneCore = cores > 1 ? await onOneCore(work, ours) : undefined;
  await rm(logs, { recursive: true, force: true });
  await rm(zipOut, { force: true });
  await rm(ours, { force: true });
  const label = `collect --files, ${(total / (1 << 20)).toFixed(0)} MiB in ${files} runner logs`;
  const ratio = figure(label, collect, zip, 'zip -q -1 -r', {
    text: 'throughput ≥ 0.7× zip, peak RSS < 250 MB',
    ok: (r, o) => 1 / r >= 0.7 && o.rssMB < 250,
  });
  // Cut, not rounded, to two places: a figure just under the target must not print as 0.70×.
  console.log(`  throughput: ours ${fmt(total, collect.seconds)}, zip ${fmt(total, zip.seconds)} → ${(Math.floor(100 / ratio) / 100).toFixed(2)}× zip's`);
  if (oneCore === null) console.log('  scaling with cores: not measured (taskset is not installed)');
  else if (oneCore) console.log(`  scaling with cores: 1 core ${oneCore.seconds.toFixed(2)} s, ${cores} cores ${collect.seconds.toFixed(2)} s → ${(oneCore.seconds / collect.seconds).toFixed(2)}× faster (peak RSS on 1 core ${oneCore.rssMB.toFixed(0)} MB)`);
}

const cores = availableParallelism();

/**
 * The same command held to one core (taskset; Node and Runner Doctor then see one core and start
 * one worker thread): what the other cores bring, on the machine the benchmark runs on. null
 * where taskset is missing.
 */
async function onOneCore(work, ours) {
  if (!(await hasTaskset())) return null;
  return best(`rm -f ${shq(ours)} && taskset -c 0 ${shq(NODE)} ${shq(CLI)} collect --files logs --out ${shq(ours)} --json`, { cwd: work, okCodes: [1] });
}

async function hasTaskset() {
  return (await measure('taskset -c 0 true').catch(() => ({ code: 1 }))).code === 0;
}

async function main() {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '256M' }, files: { type: 'string', default: '16' } } });
  const sizes = values.size.split(',').map(parseSize);
  const files = Number(values.files);
  if (!Number.isInteger(files) || files < 1) throw new Error('--files takes a positive whole number');
  const work = await mkdtemp(join(tmpdir(), 'runner-doctor-bench-'));
  try {
    for (const total of sizes) await benchSize(work, total, files);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
