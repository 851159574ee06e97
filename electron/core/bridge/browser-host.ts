import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HostServices } from '../app/handler-types';
import { BROWSER_SECRETS_WARNING, memorySecretStore } from '../app/memory-secrets';

export interface BrowserHostOptions {
  /** Where exported bundles go; a browser page cannot show a native save dialog. Default: cwd. */
  saveDir?: string;
  /**
   * The bundle "Open a bundle…" opens (a function is asked each time); without one the action
   * reports that nothing was chosen.
   */
  openPath?: string | (() => string | undefined);
}

/**
 * Host services for the browser bridge: no dialogs, so fixed, predictable locations instead;
 * tokens in memory only (no keychain here, and never a plain file).
 */
export function createBrowserHost(options: BrowserHostOptions = {}): HostServices {
  const saveDir = path.resolve(options.saveDir ?? process.cwd());
  return {
    shell: 'browser',
    secrets: memorySecretStore(BROWSER_SECRETS_WARNING),
    chooseSavePath: async (defaultName) => uniquePath(saveDir, bundleName(defaultName)),
    chooseOpenPath: async () => {
      const chosen = typeof options.openPath === 'function' ? options.openPath() : options.openPath;
      return chosen ? path.resolve(chosen) : undefined;
    },
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
