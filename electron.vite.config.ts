import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './build/renderer.vite.config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/**
 * main → out/main/index.js (ESM, dependencies stay in node_modules),
 * preload → out/preload/index.cjs (one CommonJS file: sandboxed preloads cannot import modules),
 * renderer → out/renderer (see build/renderer.vite.config.ts).
 * `electron-vite build` needs only the electron package's version, not its binary.
 */
export default defineConfig({
  main: {
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
