// Builds the browser-mode host (electron/core/bridge/browser-main.ts) for Node into out/browser,
// with the log scan's worker module beside it. Shared by `npm run dev:browser`, its tests and
// build/bench/browser-responsiveness.mjs.
import path from 'node:path';
import { build } from 'esbuild';
import { buildLogScanWorker } from './log-scan-worker-build.mjs';
import { repoRoot } from './renderer-build.mjs';

export const browserHostOutDir = path.join(repoRoot, 'out', 'browser');

/** Resolves the path of the built host module (its exports: browser-main.ts's). */
export async function buildBrowserHost() {
  const outfile = path.join(browserHostOutDir, 'browser-main.mjs');
  // The bridge and handlers are TypeScript; bundled once for Node, dependencies stay external.
  await build({
    entryPoints: [path.join(repoRoot, 'electron', 'core', 'bridge', 'browser-main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: true,
    logLevel: 'error',
  });
  await buildLogScanWorker(browserHostOutDir);
  return outfile;
}
