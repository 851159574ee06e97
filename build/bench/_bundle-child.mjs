// Bundles a benchmark's TypeScript child script (its source as a string) into one .mjs that a
// separate Node process runs, so its time and peak RSS are measured on their own.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

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
    // Bundled CommonJS dependencies still call require().
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}
