// Builds the `runner-doctor` CLI into out/cli with esbuild. Most dependencies stay external
// (they are installed with the package); a small launcher makes sure the CLI runs on Node >= 22.19.
import { build } from 'esbuild';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { buildLogScanWorker } from './log-scan-worker-build.mjs';

const pkg = JSON.parse(await readFile('package.json', 'utf8'));
const BUNDLED = new Set(['zod', 'yaml', 'smol-toml']);

await rm('out/cli/chunks', { recursive: true, force: true });
await mkdir('out/cli', { recursive: true });
await build({
  entryPoints: { 'runner-doctor-main': 'electron/cli/runner-doctor.ts' },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // One chunk per command, loaded on demand: start-up reads only what the command needs.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'node22',
  // Pure-JS libraries the start-up path needs (schemas, YAML, TOML) are bundled in: Node then
  // reads a few files instead of resolving hundreds of modules. The rest load from node_modules.
  external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name)),
  sourcemap: 'linked',
  // Bundled CommonJS libraries still call require() for Node's modules.
  banner: { js: "import { createRequire as __rdRequire } from 'node:module'; const require = __rdRequire(import.meta.url);" },
  logLevel: 'warning',
});
// The log scan's worker threads start from a file of their own (log-scan-module.ts).
await buildLogScanWorker('out/cli');

// The launcher re-runs the CLI under the project's Node 22 when started by an older Node.
const launcher = `#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const node22 = join(here, '..', '..', 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!existsSync(node22) || process.env.RUNNER_DOCTOR_REEXEC) {
    process.stderr.write('runner-doctor: needs Node.js 22.19 or newer (this is ' + process.version + '); run it through npx or npm so the project\\'s Node is used.\\n');
    process.exit(2);
  }
  const r = spawnSync(node22, [join(here, 'runner-doctor-main.js'), ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, RUNNER_DOCTOR_REEXEC: '1' } });
  process.exit(r.status ?? 1);
}
// For a collect, V8's young generation grows no more from here (V8 reads the growth factor
// whenever it would grow it; this comes before the CLI's modules load, which grew it to 32 MiB).
// A collect streams hundreds of megabytes through short-lived objects: left to grow, collect
// --files peaked 20-40 MB higher. Starting a worker thread undoes the flag for the whole
// process: the flags are left where the code that starts them sets them again
// (electron/core/util/young-generation.ts). Other commands keep V8's default: a small analyze
// starts 15 ms sooner with it.
if (process.argv.slice(2).includes('collect')) {
  const flags = '--semi-space-growth-factor=1';
  (await import('node:v8')).setFlagsFromString(flags);
  globalThis[Symbol.for('runner-doctor.young-generation-flags')] = flags;
}
// V8's compiled code is cached on disk between runs: start-up is most of a small analyze.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
await import('./runner-doctor-main.js');
`;
await writeFile('out/cli/runner-doctor.js', launcher);
await chmod('out/cli/runner-doctor.js', 0o755);
