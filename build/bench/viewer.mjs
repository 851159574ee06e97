// Benchmark: the evidence viewer's paging ('evidence.lines') on a 1M-line runner log (~150 MB)
// in an EvidenceStore. Measures the one-time line index build, then the latency of a 500-line
// page at line 1, 500,000 and 999,500 (median of 20), against one full scan from the start
// (how pages were read before the index), the viewer's search over the whole file
// ('evidence.search', median of 5), and peak RSS before and after.
// Usage: node build/bench/viewer.mjs   (other arguments, e.g. --size, are accepted and ignored)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleChild } from './_bundle-child.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NODE = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
const src = (p) => JSON.stringify(join(ROOT, p));

const ENTRY = `
import { createInterface } from 'node:readline';
import { EvidenceStore } from ${src('electron/core/evidence/store.ts')};
import { storeReader } from ${src('electron/core/evidence/store-reader.ts')};
import { EvidenceLines, filesUnder } from ${src('electron/core/evidence/read-lines.ts')};

const TOTAL = 1_000_000;
const PAD = 'x'.repeat(64);
const line = (i) => \`2025-11-02T10:\${String(i % 60).padStart(2, '0')}:12Z Appending trace to coordinator...ok code=202 job=\${i} \${PAD}\`;
async function* log() {
  for (let i = 1; i <= TOTAL; i += 5000) {
    let chunk = '';
    for (let k = i; k < i + 5000; k++) chunk += line(k) + '\\n';
    yield Buffer.from(chunk);
  }
}
const rssMiB = () => process.resourceUsage().maxRSS / 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const store = await EvidenceStore.create();
try {
  const file = await store.add({ path: 'runner/runner.log', source: 'bench', kind: 'runner-log', content: log(), maxBytes: 1 << 30 });
  const rssAfterIngest = rssMiB();
  const lines = new EvidenceLines(storeReader(store), filesUnder(store.root));
  let t = performance.now();
  const first = await lines.page(file.path, 1, 500);
  const indexMs = performance.now() - t;
  if (first.totalLines !== TOTAL || first.lines[0] !== line(1)) throw new Error('wrong first page');
  const rssAfterIndex = rssMiB();
  const pages = {};
  for (const from of [1, 500_000, 999_500]) {
    const times = [];
    for (let r = 0; r < 20; r++) {
      t = performance.now();
      const page = await lines.page(file.path, from, 500);
      times.push(performance.now() - t);
      if (page.lines.length !== 500 || page.lines[0] !== line(from)) throw new Error('wrong page at ' + from);
    }
    pages[from] = median(times);
  }
  // Before the index: every page read the file from the start.
  t = performance.now();
  const rl = createInterface({ input: store.open(file.path), crlfDelay: Infinity });
  let n = 0;
  for await (const l of rl) if (++n >= 999_500 + 499) break;
  rl.close();
  const scanMs = performance.now() - t;
  const searches = [];
  for (let r = 0; r < 5; r++) {
    t = performance.now();
    const found = await lines.search(file.path, 'JOB=999999 ', 10_000);
    searches.push(performance.now() - t);
    if (found.lines.join() !== '999999') throw new Error('wrong search result ' + found.lines.slice(0, 5));
  }
  const searchMs = median(searches);
  await lines.dispose();
  process.stdout.write(JSON.stringify({ bytes: file.bytes, indexMs, pages, scanMs, searchMs, rssAfterIngest, rssAfterIndex, rssEnd: rssMiB() }));
} finally {
  await store.dispose();
}
`;

function run(cmd, args) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(stdout) : fail(new Error(`viewer bench exited with ${code}`))));
  });
}

const dir = await mkdtemp(join(tmpdir(), 'runner-doctor-bench-'));
try {
  const script = await bundleChild(dir, 'viewer', ENTRY);
  const r = JSON.parse(await run(NODE, [script]));
  const worst = Math.max(...Object.values(r.pages));
  console.log(`1,000,000-line runner log, ${(r.bytes / 2 ** 20).toFixed(0)} MiB in an EvidenceStore`);
  console.log(`  index build (first page)  : ${r.indexMs.toFixed(0)} ms`);
  for (const [from, ms] of Object.entries(r.pages)) console.log(`  500 lines at ${Number(from).toLocaleString('en')}`.padEnd(28) + `: ${ms.toFixed(1)} ms (median of 20)`);
  console.log(`  scan from start to 999,999: ${r.scanMs.toFixed(0)} ms (a page without the index)`);
  console.log(`  search the whole file     : ${r.searchMs.toFixed(0)} ms (median of 5; off the renderer)`);
  console.log(`  peak RSS                  : ${r.rssAfterIngest.toFixed(0)} MiB after ingest, ${r.rssAfterIndex.toFixed(0)} MiB after indexing, ${r.rssEnd.toFixed(0)} MiB after 60 pages`);
  console.log(`  target < 50 ms per page   : ${worst < 50 ? 'met' : 'MISSED'} (worst median ${worst.toFixed(1)} ms)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
