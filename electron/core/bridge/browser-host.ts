import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HostServices } from '../app/handler-types';
import { BROWSER_SECRETS_WARNING, memorySecretStore } from '../app/memory-secrets';
import type { Transfers } from './transfers';

export interface BrowserHostOptions {
  /** Where exported bundles go; a browser page cannot show a native save dialog. Default: cwd. */
  saveDir?: string;
  /**
   * The bundle "Open a bundle…" opens (a function is asked each time); without one the action
   * reports that nothing was chosen.
   */
  openPath?: string | (() => string | undefined);
  /**
   * The page's file picker and downloads: with it, "Save bundle…" stages the bundle for the
   * browser to download (saveDir is not used) and "Open a bundle…" opens what the page uploaded.
   */
  transfers?: Transfers;
}

/**
 * Host services for the browser bridge: no native dialogs, so the page's file picker and
 * downloads (with transfers), else fixed, predictable locations; tokens in memory only (no
 * keychain here, and never a plain file).
 */
export function createBrowserHost(options: BrowserHostOptions = {}): HostServices {
  const saveDir = path.resolve(options.saveDir ?? process.cwd());
  const transfers = options.transfers;
  return {
    shell: 'browser',
    secrets: memorySecretStore(BROWSER_SECRETS_WARNING),
    chooseSavePath: async (defaultName) =>
      transfers ? transfers.stagingPath(bundleName(defaultName)) : uniquePath(saveDir, bundleName(defaultName)),
    chooseOpenPath: async () => {
      const chosen = typeof options.openPath === 'function' ? options.openPath() : options.openPath;
      return chosen ? path.resolve(chosen) : undefined;
    },
    ...(transfers
      ? {
          uploadedPath: (id: string) => transfers.uploadedPath(id),
          offerDownload: (file: string) => transfers.offer(file, path.basename(file).replace(/^download-[0-9a-f]+-/, '')),
        }
      : {}),
  };
}

function bundleName(defaultName: string): string {
  const base = path.basename(defaultName);
  if (/^[\w.-]+\.zip$/.test(base)) return base;
  return `runner-doctor-bundle-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`;
}

/** Never overwrite an earlier export: add -1, -2… before the extension. */
function uniquePath(dir: string, name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = path.join(dir, name);
  for (let i = 1; existsSync(candidate); i++) candidate = path.join(dir, `${stem}-${i}${ext}`);
  return candidate;
}
