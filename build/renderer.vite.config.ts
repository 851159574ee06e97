import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('../renderer', import.meta.url));
const outDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/**
 * Vite's dev server injects inline scripts and styles (React refresh, CSS hot reload), which the
 * CSP meta tag forbids; drop the tag while serving. Built files keep it.
 */
const relaxCspWhileServing: Plugin = {
  name: 'runner-doctor:relax-csp-while-serving',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

/**
 * The renderer's build, shared by electron-vite (the desktop app) and plain Vite (the browser
 * bridge and the e2e tests), so both ship exactly the same bundle.
 * Relative base: the same files load from app:// in Electron and from the bridge's HTTP root.
 */
export const rendererConfig = {
  root,
  base: './',
  plugins: [react(), relaxCspWhileServing],
  build: {
    outDir,
    emptyOutDir: true,
    // Chromium of Electron 45 and Debian's Chromium both understand ES2023.
    target: 'es2023',
    // No inline scripts or styles: the CSP allows only files from 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rolldownOptions: { input: fileURLToPath(new URL('../renderer/index.html', import.meta.url)) },
  },
};

export default defineConfig(rendererConfig);
