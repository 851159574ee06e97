// `npm run package`: builds the app and packs this platform's targets (AppImage and deb on
// Linux, dmg on macOS, NSIS on Windows) with electron-builder and build/electron-builder.yml.
// Where no Electron binary is installed it says so and builds nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedElectronBinary } from './electron-binary.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const binary = installedElectronBinary();
if (!binary) {
  console.error(
    'runner-doctor: cannot package: the Electron binary is not installed on this machine (npm does not download it here), so nothing was built. Install it (node node_modules/electron/install.js) and run npm run package again.',
  );
  process.exit(1);
}

const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const platform = { linux: '--linux', darwin: '--mac', win32: '--win' }[process.platform];
if (!platform) {
  console.error(`runner-doctor: cannot package on ${process.platform}; the targets are for Linux, macOS and Windows.`);
  process.exit(1);
}
run('npm', ['run', '--silent', 'build']);
// The installed Electron is packed as it is: electron-builder downloads nothing.
const cli = path.join(repoRoot, 'node_modules', 'electron-builder', 'cli.js');
run(process.execPath, [cli, platform, '--config', 'build/electron-builder.yml', `-c.electronDist=${path.dirname(binary)}`, '--publish', 'never']);
console.log(`runner-doctor: packages are in ${path.join(repoRoot, 'dist')}`);
