import { describe, expect, it } from 'vitest';
import { tinypoolModule } from '../../../electron/core/evidence/redact/scan-pool';
import { unpackedPath } from '../../../electron/core/util/asar-unpacked';

describe('unpackedPath: a file inside app.asar, as its copy in app.asar.unpacked', () => {
  it('maps packaged paths on Linux, macOS and Windows', () => {
    expect(unpackedPath('/opt/Runner Doctor/resources/app.asar/node_modules/tinypool/dist/index.js')).toBe('/opt/Runner Doctor/resources/app.asar.unpacked/node_modules/tinypool/dist/index.js');
    expect(unpackedPath('/Applications/Runner Doctor.app/Contents/Resources/app.asar/node_modules/tinypool/dist/index.js')).toBe(
      '/Applications/Runner Doctor.app/Contents/Resources/app.asar.unpacked/node_modules/tinypool/dist/index.js',
    );
    expect(unpackedPath('C:\\Users\\me\\AppData\\Local\\Programs\\Runner Doctor\\resources\\app.asar\\node_modules\\tinypool\\dist\\index.js')).toBe(
      'C:\\Users\\me\\AppData\\Local\\Programs\\Runner Doctor\\resources\\app.asar.unpacked\\node_modules\\tinypool\\dist\\index.js',
    );
  });

  it('leaves alone paths outside an archive, already unpacked ones, and names that only end in app.asar', () => {
    for (const p of [
      '/work/runner-doctor/node_modules/tinypool/dist/index.js',
      '/opt/Runner Doctor/resources/app.asar.unpacked/node_modules/tinypool/dist/index.js',
      '/home/me/my-app.asar/node_modules/tinypool/dist/index.js',
      '/opt/app.asar',
    ]) {
      expect(unpackedPath(p)).toBe(p);
    }
  });
});

describe('tinypoolModule: where the redaction scan loads its thread pool from', () => {
  it('is the unpacked copy in a packaged app, and the installed one elsewhere', () => {
    expect(tinypoolModule(() => '/opt/Runner Doctor/resources/app.asar/node_modules/tinypool/dist/index.js')).toBe('/opt/Runner Doctor/resources/app.asar.unpacked/node_modules/tinypool/dist/index.js');
    expect(tinypoolModule()).toMatch(/[\\/]node_modules[\\/]tinypool[\\/]dist[\\/]index\.js$/);
  });
});
