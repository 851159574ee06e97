// Bundles a benchmark's TypeScript child script (its source as a string) into one .mjs that a
// separate Node process runs, so its time and peak RSS are measured on their own.
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// A worker pool starts its threads from a file of its own package: it is loaded from
// node_modules (by absolute path, the child lives in a temporary folder), never bundled.
const fromProject = createRequire(new URL('../../package.json', import.meta.url));
const WORKER_POOLS = ['tinypool'];
const workerPoolsFromNodeModules = {
  name: 'worker-pools-from-node-modules',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(?:${WORKER_POOLS.join('|')})$`) }, (args) => ({ path: fromProject.resolve(args.path), external: true }));
  },
};

// The bundle itself lives inside the project, so what it resolves at run time (tinypool's
// path, for its worker entry) is found in node_modules as in the built CLI.
const CHILD_DIR = fileURLToPath(new URL('../../node_modules/.cache/runner-doctor-bench/', import.meta.url));

export async function bundleChild(dir, name, source) {
  const entry = join(dir, `${name}-entry.ts`);
  await mkdir(CHILD_DIR, { recursive: true });
  const outfile = join(CHILD_DIR, `${name}.mjs`);
  await writeFile(entry, source);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
    plugins: [workerPoolsFromNodeModules],
    // Bundled CommonJS dependencies still call require().
    // An alias: the bundled code may import createRequire itself.
    banner: { js: "import { createRequire as __rdRequire } from 'node:module'; const require = __rdRequire(import.meta.url);" },
  });
  return outfile;
}
