/**
 * Keeps GitLab tokens on disk, encrypted with Electron's safeStorage.
 *
 * Threat model: protects tokens at rest against other users and against copies of the app's
 * data directory (backups, support bundles, a stolen disk image) by encrypting them with a key
 * held by the OS keychain (macOS Keychain, Windows DPAPI, libsecret/kwallet on Linux). It does
 * NOT protect against code running as the same user while the session is unlocked; such code
 * can ask the keychain too. On Linux without a keyring, safeStorage falls back to 'basic_text'
 * (a hard-coded key, i.e. obfuscation only): we refuse to store secrets then and tell the user,
 * rather than pretend they are protected.
 *
 * Files: <dir>/<name>.secret, mode 0600, in a 0700 directory, written atomically (temp file,
 * fsync, rename) so a crash never leaves half a token behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { formatError } from '../../shared/i18n/text';
import { msg, type Message } from '../../shared/messages';

/** The part of Electron's safeStorage this module uses; injected so it can be tested under Node. */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export interface StorageStatus {
  available: boolean;
  /** Linux only: the backend safeStorage picked ('gnome_libsecret', 'kwallet5', 'basic_text'…). */
  backend?: string;
  /** Why secrets cannot be kept, in English… */
  problem?: string;
  /** …and as a message id, for the reader's language. */
  problemText?: Message;
}

function unavailable(text: Message, backend?: string): StorageStatus {
  return { available: false, ...(backend ? { backend } : {}), problem: formatError(text), problemText: text };
}

export class SecureStorageUnavailableError extends Error {
  override name = 'SecureStorageUnavailableError';
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class SecureStorage {
  constructor(
    private readonly dir: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Call after the app's 'ready' event; before it the backend is still 'unknown'. */
  async status(): Promise<StorageStatus> {
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) {
      return unavailable(msg('secrets.noEncryption'));
    }
    if (this.platform === 'linux') {
      const backend = this.safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') {
        return unavailable(msg('secrets.noKeyring'), backend);
      }
      return { available: true, backend };
    }
    return { available: true };
  }

  async save(name: string, secret: string): Promise<void> {
    const file = this.fileFor(name);
    await this.assertAvailable();
    const encrypted = await this.safeStorage.encryptStringAsync(secret);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(encrypted);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** The secret, or undefined when none is stored under this name. */
  async load(name: string): Promise<string | undefined> {
    const file = this.fileFor(name);
    let encrypted: Buffer;
    try {
      encrypted = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    await this.assertAvailable();
    const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(encrypted);
    // The keychain rotated its key: store the secret again under the new one.
    if (shouldReEncrypt) await this.save(name, result);
    return result;
  }

  async remove(name: string): Promise<void> {
    await rm(this.fileFor(name), { force: true });
  }

  private async assertAvailable(): Promise<void> {
    const status = await this.status();
    if (!status.available) throw new SecureStorageUnavailableError(status.problem ?? 'Secure storage is unavailable');
  }

  /** Names become file names: a strict pattern keeps them inside the directory. */
  private fileFor(name: string): string {
    if (!NAME.test(name)) throw new Error(`Invalid secret name ${JSON.stringify(name)}`);
    return path.join(this.dir, `${name}.secret`);
  }
}
