import { dialog, type BrowserWindow } from 'electron';
import type { HostServices, SecretStore } from '../core/app/handler-types';
import { memorySecretStore } from '../core/app/memory-secrets';
import { formatError } from '../../shared/i18n/text';
import { msg } from '../../shared/messages';
import type { SecureStorage } from './secure-storage';

const BUNDLE_FILTERS = [{ name: 'Runner Doctor bundle', extensions: ['zip'] }];

/** Native dialogs, attached to the app window when there is one so they are modal to it. */
export function createElectronHost(getWindow: () => BrowserWindow | undefined, storage: SecureStorage): HostServices {
  return {
    shell: 'electron',
    secrets: keychainSecrets(storage),
    async chooseSavePath(defaultName) {
      const win = getWindow();
      const options = { title: 'Save evidence bundle', defaultPath: defaultName, filters: BUNDLE_FILTERS };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
    async chooseOpenPath() {
      const win = getWindow();
      const options = {
        title: 'Open evidence bundle',
        filters: BUNDLE_FILTERS,
        properties: ['openFile' as const],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}

/**
 * Tokens in the OS keychain (SecureStorage). Where it refuses (no keyring: safeStorage would
 * only obfuscate), the token is kept in memory for this run and the user is told so.
 */
function keychainSecrets(storage: SecureStorage): SecretStore {
  const fallback = memorySecretStore('');
  return {
    async save(name, secret) {
      const status = await storage.status();
      if (status.available) {
        try {
          await storage.save(name, secret);
          return { persisted: true };
        } catch {
          // Fall through: keep it for this run rather than lose what the user typed.
        }
      }
      await fallback.save(name, secret);
      const warningText = msg('secrets.keptInMemoryBecause', { why: status.problemText ?? msg('secrets.keychainFailed') });
      return { persisted: false, warning: formatError(warningText), warningText };
    },
    async load(name) {
      if (fallback.has(name)) return fallback.load(name);
      try {
        return await storage.load(name);
      } catch {
        return undefined;
      }
    },
  };
}
