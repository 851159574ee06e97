#!/usr/bin/env node
// Bundle benchmark: `zip -1 -r` against our bundle writer over the same generated logs, in one
// run. Usage: node build/bench/bundle.mjs [--size 256M|1G|256M,1G] [--files N]
// Each measurement runs in its own process; wall time and peak RSS (maxRSS) are reported.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

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

/** Runs a command, timing it; `node` children report their own maxRSS on stdout as JSON. */
function run(cmd, args, opts = {}) {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...opts });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`));
      else resolveRun({ seconds, stdout });
    });
  });
}

/** The measured side: fills a store from the files (redacting), then writes the bundle. */
const CHILD_SOURCE = `
import { readdir } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { EvidenceStore } from ${JSON.stringify(join(ROOT, 'electron/core/evidence/store.ts'))};
import { writeBundle } from ${JSON.stringify(join(ROOT, 'electron/core/evidence/bundle/write-bundle.ts'))};
const [dir, target] = process.argv.slice(2);
const store = await EvidenceStore.create();
const t0 = performance.now();
for (const name of (await readdir(dir)).sort()) {
  await store.add({ path: 'bench/' + name, source: 'bench', content: createReadStream(join(dir, name)), maxBytes: 1 << 30 });
}
const t1 = performance.now();
const rssAfterIngest = process.resourceUsage().maxRSS * 1024;
const written = await writeBundle(store, [], target);
const t2 = performance.now();
await store.dispose();
process.stdout.write(JSON.stringify({ ingestSeconds: (t1 - t0) / 1000, writeSeconds: (t2 - t1) / 1000, rssAfterIngest, maxRSS: process.resourceUsage().maxRSS * 1024, zipBytes: written.bytes, redactions: Object.values(written.manifest.redactionSummary ?? {}).reduce((a, b) => a + b, 0) }));
`;

async function benchSize(work, childScript, total, files) {
  const logs = join(work, 'logs');
  await rm(logs, { recursive: true, force: true });
  await mkdir(logs, { recursive: true });
  const each = Math.ceil(total / files);
  for (let i = 0; i < files; i++) await writeLog(join(logs, `runner-${String(i).padStart(3, '0')}.log`), Math.min(each, total - i * each), i + 1);
  const bytes = total;

  const zipOut = join(work, 'zip-1.zip');
  await rm(zipOut, { force: true });
  const zip = await run('zip', ['-q', '-1', '-r', zipOut, 'logs'], { cwd: work });
  const zipBytes = (await stat(zipOut)).size;
  await rm(zipOut, { force: true });

  const ours = join(work, 'bundle.zip');
  const child = await run(process.execPath, [childScript, logs, ours]);
  const r = JSON.parse(child.stdout);
  await rm(ours, { force: true });
  await rm(logs, { recursive: true, force: true });

  const zipRate = bytes / MB / zip.seconds;
  const writeRate = bytes / MB / r.writeSeconds;
  return {
    size: `${(bytes / (1 << 20)).toFixed(0)} MiB in ${files} files`,
    zip: `zip -1 -r: ${zip.seconds.toFixed(2)} s, ${fmt(bytes, zip.seconds)}, ${(zipBytes / MB).toFixed(1)} MB`,
    write: `bundle writer: ${r.writeSeconds.toFixed(2)} s, ${fmt(bytes, r.writeSeconds)}, ${(r.zipBytes / MB).toFixed(1)} MB`,
    ratio: (writeRate / zipRate).toFixed(2),
    ingest: `store ingest (redact + hash): ${r.ingestSeconds.toFixed(2)} s, ${fmt(bytes, r.ingestSeconds)}, ${r.redactions} secrets redacted`,
    rss: `peak RSS: ${(r.rssAfterIngest / (1 << 20)).toFixed(0)} MiB after ingest, ${(r.maxRSS / (1 << 20)).toFixed(0)} MiB after writing`,
    maxRSS: r.maxRSS,
  };
}

async function main() {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '256M' }, files: { type: 'string', default: '16' } } });
  const sizes = values.size.split(',').map(parseSize);
  const files = Number(values.files);
  if (!Number.isInteger(files) || files < 1) throw new Error('--files takes a positive whole number');
  const work = await mkdtemp(join(tmpdir(), 'runner-doctor-bench-'));
  const cleanup = [() => rm(work, { recursive: true, force: true })];
  try {
    const entry = join(work, 'child.ts');
    await writeFile(entry, CHILD_SOURCE);
    // Dependencies load from node_modules, as in the CLI: the child lives where they resolve.
    const cache = join(ROOT, 'node_modules/.cache/runner-doctor-bench');
    await mkdir(cache, { recursive: true });
    const childScript = join(cache, `child-${process.pid}.mjs`);
    cleanup.push(() => rm(childScript, { force: true }));
    await build({ entryPoints: [entry], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node22', outfile: childScript, logLevel: 'warning' });
    for (const total of sizes) {
      const r = await benchSize(work, childScript, total, files);
      process.stdout.write(`\n${r.size}\n  ${r.zip}\n  ${r.write}\n  ratio (ours / zip -1): ${r.ratio}\n  ${r.ingest}\n  ${r.rss}\n`);
    }
  } finally {
    for (const step of cleanup) await step();
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
