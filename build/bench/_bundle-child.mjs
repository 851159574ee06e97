// Bundles a benchmark's TypeScript child script (its source as a string) into one .mjs that a
// separate Node process runs, so its time and peak RSS are measured on their own.
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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

export async function bundleChild(dir, name, source) {
  const entry = join(dir, `${name}-entry.ts`);
  const outfile = join(dir, `${name}.mjs`);
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
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}
