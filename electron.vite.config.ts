import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { buildLogScanWorker } from './build/log-scan-worker-build.mjs';
import { rendererConfig } from './build/renderer.vite.config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/**
 * The log scan's worker module, written beside out/main/index.js as one self-contained file
 * (build/log-scan-worker-build.mjs): the main process registers it at start-up.
 */
function logScanWorker(): Plugin {
  let outDir = '';
  return {
    name: 'runner-doctor:log-scan-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await buildLogScanWorker(outDir);
    },
  };
}

/**
 * main → out/main/index.js (ESM, dependencies stay in node_modules) and out/main/log-scan-worker.js,
 * preload → out/preload/index.cjs (one CommonJS file: sandboxed preloads cannot import modules),
 * renderer → out/renderer (see build/renderer.vite.config.ts).
 * `electron-vite build` needs only the electron package's version, not its binary.
 */
export default defineConfig({
  main: {
    plugins: [logScanWorker()],
    build: {
      outDir: here('./out/main'),
      lib: { entry: here('./electron/main/index.ts') },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      // Bundle everything: a sandboxed preload only gets a tiny `require` with 'electron' in it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: here('./electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: rendererConfig,
});
