// `npm start`: runs the desktop app, or says in one line why it cannot and what to use instead.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedElectronBinary } from './electron-binary.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

if (!installedElectronBinary()) {
  console.error(
    'runner-doctor: the Electron binary is not installed on this machine; use the CLI (npx runner-doctor collect --demo) or the browser mode (npm run dev:browser).',
  );
  process.exit(1);
}

// electron-vite preview builds main, preload and renderer, then starts Electron on out/main.
const cli = path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, 'preview', ...process.argv.slice(2)], { cwd: repoRoot, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
