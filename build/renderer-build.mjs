// Builds out/renderer with plain Vite (same config electron-vite uses) when it is missing or
// older than its sources. Shared by `npm run dev:browser` and the e2e tests.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const rendererOutDir = path.join(repoRoot, 'out', 'renderer');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function rendererIsStale() {
  const index = path.join(rendererOutDir, 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'renderer')),
    newestMtime(path.join(repoRoot, 'shared')),
    statSync(path.join(repoRoot, 'build', 'renderer.vite.config.ts')).mtimeMs,
  );
  return sources > statSync(index).mtimeMs;
}

/** Runs `vite build -c build/renderer.vite.config.ts` in a child process; rejects on failure. */
export function buildRenderer({ quiet = false } = {}) {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '-c', path.join(repoRoot, 'build', 'renderer.vite.config.ts'), '--logLevel', quiet ? 'warn' : 'info'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`renderer build failed (${signal ?? `exit ${code}`})`))));
  });
}

export async function ensureRenderer(options) {
  if (rendererIsStale()) await buildRenderer(options);
}
