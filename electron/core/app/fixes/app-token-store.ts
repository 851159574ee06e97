import type { TokenStore } from '../../fixes/token-file';
import type { HostServices } from '../handler-types';
import { english, msg } from '../../fixes/fix-text';

const SAFE_STORAGE = msg('store.safeStorage');
const MEMORY = msg('store.memory');

export interface AppTokenStore extends TokenStore {
  /** The name the token is kept under in the host's secret store. */
  readonly secretName: string;
}

/**
 * Where the app keeps a token a fix creates or rotates, before any other step: the host's
 * secret store (Electron's safeStorage; in browser mode, or where the OS offers no keychain,
 * this process's memory). The token is read back only on the main side, never sent to the
 * renderer. `kept`: the token an interrupted rotation saved under this name, to resume with.
 * `onSaved` runs once the token is kept (to note where, never what).
 */
export function appTokenStore(host: Pick<HostServices, 'secrets' | 'shell'>, secretName: string, opts: { kept?: string; onSaved?: () => Promise<void> } = {}): AppTokenStore {
  let saved = opts.kept;
  let persisted = host.shell === 'electron';
  return {
    secretName,
    get label() {
      return english(persisted ? SAFE_STORAGE : MEMORY);
    },
    get labelText() {
      return persisted ? SAFE_STORAGE : MEMORY;
    },
    resumeHow: msg('store.resumeHow'),
    afterwards: msg('store.afterwards'),
    saved: () => saved,
    async save(token) {
      persisted = (await host.secrets.save(secretName, token)).persisted;
      saved = token;
      await opts.onSaved?.();
    },
  };
}
