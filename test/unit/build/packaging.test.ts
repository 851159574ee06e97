import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../../../build/electron-binary.mjs';

type Validate = (config: unknown, debugLogger: { isEnabled: boolean; add(): void }) => Promise<void>;
const require = createRequire(import.meta.url);
// electron-builder's own check, with the schema it ships (app-builder-lib/scheme.json).
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: Validate };
const quiet = { isEnabled: false, add: () => undefined };
type Matchers = (config: unknown, name: 'asarUnpack', to: string, options: object) => { createFilter(): (file: string, stat: Stats) => boolean }[] | null;
// electron-builder's own matching of asarUnpack patterns (what it unpacks when it writes app.asar).
const { getFileMatchers } = require('app-builder-lib/out/fileMatcher') as { getFileMatchers: Matchers };
const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
const config = parse(readFileSync('build/electron-builder.yml', 'utf8')) as Record<string, any>;

describe('packaging config (build/electron-builder.yml)', () => {
  it("passes electron-builder's own schema, and the schema does reject a wrong key", async () => {
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, linux: { ...config['linux'], targett: 'deb' } }, quiet)).rejects.toThrow(/configuration\.linux/);
  }, 60_000);

  it('builds AppImage and deb, dmg, and NSIS, with the fuses that close Node backdoors', () => {
    expect(config['linux'].target).toEqual(['AppImage', 'deb']);
    expect(config['mac'].target).toEqual(['dmg']);
    expect(config['win'].target).toEqual(['nsis']);
    expect(config['electronFuses']).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('unpacks tinypool from app.asar: worker_threads start the redaction threads from its worker entry on disk', () => {
    const appDir = resolve('.');
    const [matcher] = getFileMatchers(config, 'asarUnpack', join(appDir, 'dist', 'app'), { macroExpander: (s: string) => s, customBuildOptions: {}, globalOutDir: join(appDir, 'dist'), defaultSrc: appDir }) ?? [];
    const unpacked = matcher!.createFilter();
    // The module the app loads (scan-pool.ts), the entry its threads start from, and every file they import.
    const tinypool = dirname(dirname(require.resolve('tinypool')));
    const files = filesUnder(tinypool);
    expect(files.map((f) => relative(appDir, f))).toEqual(expect.arrayContaining([join('node_modules', 'tinypool', 'dist', 'index.js'), join('node_modules', 'tinypool', 'dist', 'entry', 'worker.js')]));
    expect(files.filter((f) => !unpacked(f, statSync(f))).map((f) => relative(appDir, f))).toEqual([]);
    // Not everything: the app's own code stays in the integrity-checked archive.
    const main = join(appDir, 'package.json');
    expect(unpacked(main, statSync(main))).toBe(false);
  });

  it('unpacks the log scan worker module alone: the main process starts its threads from it (log-scan-module.ts)', () => {
    const appDir = resolve('.');
    const [matcher] = getFileMatchers(config, 'asarUnpack', join(appDir, 'dist', 'app'), { macroExpander: (s: string) => s, customBuildOptions: {}, globalOutDir: join(appDir, 'dist'), defaultSrc: appDir }) ?? [];
    const unpacked = matcher!.createFilter();
    // A file's stat: the filter asks only whether it is a directory.
    const file = statSync('package.json');
    expect(config['files']).toContain('out/main/**');
    expect(unpacked(join(appDir, 'out', 'main', 'log-scan-worker.js'), file)).toBe(true);
    for (const stays of ['index.js', 'log-scan-worker.js.map', 'text-BBcW8Bef.js']) expect(unpacked(join(appDir, 'out', 'main', stays), file)).toBe(false);
  });

  it('has a 1024×1024 PNG icon in resources/', () => {
    const png = readFileSync('resources/icon.png');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
  });

  it('npm run package says plainly that it built nothing where there is no Electron binary', () => {
    if (installedElectronBinary()) return expect(installedElectronBinary()).toBeTruthy();
    const run = spawnSync(process.execPath, ['build/package.mjs'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^runner-doctor: cannot package: the Electron binary is not installed on this machine .*nothing was built/);
  });
});
