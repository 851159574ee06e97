import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../../../build/electron-binary.mjs';

type Validate = (config: unknown, debugLogger: { isEnabled: boolean; add(): void }) => Promise<void>;
const require = createRequire(import.meta.url);
// electron-builder's own check, with the schema it ships (app-builder-lib/scheme.json).
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: Validate };
const quiet = { isEnabled: false, add: () => undefined };
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
