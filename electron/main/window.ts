import path from 'node:path';
import { BrowserWindow } from 'electron';
import type { AppUrl } from './app-url';

/** The app window with Electron's secure defaults spelled out, so a later edit cannot drift. */
export function createMainWindow(appUrl: AppUrl, preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1180,
    height: 820,
    minWidth: 760,
    minHeight: 560,
    show: false,
    title: 'Runner Doctor',
    webPreferences: {
      preload: path.resolve(preloadPath),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl.entry);
  return win;
}
