import path from 'node:path';
import { app, BrowserWindow, safeStorage } from 'electron';
import { createAppService } from '../core/app/service';
import { builtLogScanWorker, useLogScanWorkers } from '../core/diagnosis/scan/log-scan-module';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { resolveAppUrl } from './app-url';
import { createElectronHost } from './host-services';
import { registerIpc } from './ipc';
import { SecureStorage } from './secure-storage';
import { applySecurityRestrictions } from './security';
import { createMainWindow } from './window';

// out/main/index.js → out/preload/index.cjs and out/renderer/.
const outDir = path.resolve(import.meta.dirname, '..');
const preloadPath = path.join(outDir, 'preload', 'index.cjs');
const rendererDir = path.join(outDir, 'renderer');
const appUrl = resolveAppUrl(process.env['ELECTRON_RENDERER_URL'], app.isPackaged);
// The log scan's byte pass runs on worker threads (out/main/log-scan-worker.js, written by
// electron.vite.config.ts), not on the thread that answers the window.
useLogScanWorkers(builtLogScanWorker(import.meta.url));

let mainWindow: BrowserWindow | undefined;

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow(appUrl, preloadPath);
    mainWindow.on('closed', () => (mainWindow = undefined));
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function main(): Promise<void> {
  // A second launch focuses the running window instead of fighting over the same sessions.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', showWindow);
  registerAppScheme();

  await app.whenReady();
  // Sessions exist only once the app is ready; no web contents exist before this either.
  applySecurityRestrictions(appUrl);
  serveRenderer(rendererDir);
  const secrets = new SecureStorage(path.join(app.getPath('userData'), 'secrets'), safeStorage);
  const service = createAppService(createElectronHost(() => mainWindow, secrets));
  registerIpc(service.handlers, appUrl);
  // Stop the demo lab and cancel collections before exiting; quit once that is done.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    void service.dispose().finally(() => app.quit());
  });

  showWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showWindow();
  });
  const storage = await secrets.status();
  if (!storage.available) console.warn(`runner-doctor: tokens will be kept in memory only: ${storage.problem ?? 'unavailable'}`);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

main().catch((err: unknown) => {
  console.error('runner-doctor: failed to start:', err);
  app.exit(1);
});
