import { describe, expect, it } from 'vitest';
import { LOG_SCAN_WORKER_FILE as BUILT_FILE } from '../../../build/log-scan-worker-build.mjs';
import { builtLogScanWorker, LOG_SCAN_WORKER_FILE } from '../../../electron/core/diagnosis/scan/log-scan-module';

describe('builtLogScanWorker: where a build’s log-scan worker threads start from', () => {
  it('is the file beside the entry, named as the builds write it', () => {
    expect(LOG_SCAN_WORKER_FILE).toBe(BUILT_FILE);
    expect(builtLogScanWorker('file:///home/me/runner-doctor/out/cli/runner-doctor-main.js')).toBe('file:///home/me/runner-doctor/out/cli/log-scan-worker.js');
    expect(builtLogScanWorker('file:///home/me/runner-doctor/out/browser/browser-main.mjs')).toBe('file:///home/me/runner-doctor/out/browser/log-scan-worker.js');
  });

  it('in a packaged app, is the copy in app.asar.unpacked: worker threads cannot load from the archive', () => {
    expect(builtLogScanWorker('file:///opt/Runner%20Doctor/resources/app.asar/out/main/index.js')).toBe(
      'file:///opt/Runner%20Doctor/resources/app.asar.unpacked/out/main/log-scan-worker.js',
    );
    expect(builtLogScanWorker('file:///Applications/Runner%20Doctor.app/Contents/Resources/app.asar/out/main/index.js')).toBe(
      'file:///Applications/Runner%20Doctor.app/Contents/Resources/app.asar.unpacked/out/main/log-scan-worker.js',
    );
  });

  it('leaves an unpacked app (electron-builder --dir, `npm start`) where it is', () => {
    expect(builtLogScanWorker('file:///opt/rd/resources/app/out/main/index.js')).toBe('file:///opt/rd/resources/app/out/main/log-scan-worker.js');
  });
});
