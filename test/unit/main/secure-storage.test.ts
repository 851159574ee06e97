import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecureStorage, SecureStorageUnavailableError, type SafeStorageLike } from '../../../electron/main/secure-storage';

/** Stands in for Electron's safeStorage: reversible, but visibly not plain text. */
function fakeSafeStorage(backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>, available = true): SafeStorageLike {
  return {
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (s) => Buffer.from(`enc:${Buffer.from(s).toString('base64')}`),
    decryptStringAsync: async (b) => ({
      shouldReEncrypt: false,
      result: Buffer.from(b.toString().replace(/^enc:/, ''), 'base64').toString(),
    }),
  };
}

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'rd-secrets-')), 'secrets');
});
afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

describe('SecureStorage', () => {
  it('round-trips a secret, encrypted, in a 0600 file inside a 0700 directory', async () => {
    const storage = new SecureStorage(dir, fakeSafeStorage('gnome_libsecret'), 'linux');
    await storage.save('gitlab-example', 'glpat-abcdefghijklmnopqrst');
    expect(await storage.load('gitlab-example')).toBe('glpat-abcdefghijklmnopqrst');
    const file = path.join(dir, 'gitlab-example.secret');
    expect((await readFile(file, 'utf8')).includes('glpat-')).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toEqual(['gitlab-example.secret']);
  });

  it('returns undefined for unknown names and forgets removed ones', async () => {
    const storage = new SecureStorage(dir, fakeSafeStorage('kwallet5'), 'linux');
    expect(await storage.load('missing')).toBeUndefined();
    await storage.save('t', 'x');
    await storage.remove('t');
    expect(await storage.load('t')).toBeUndefined();
  });

  it("refuses to store secrets with Linux's basic_text backend and says why", async () => {
    const storage = new SecureStorage(dir, fakeSafeStorage('basic_text'), 'linux');
    expect(await storage.status()).toMatchObject({ available: false, backend: 'basic_text' });
    await expect(storage.save('t', 'secret')).rejects.toBeInstanceOf(SecureStorageUnavailableError);
    await expect(readdir(dir)).rejects.toThrow();
  });

  it('refuses when the OS offers no encryption', async () => {
    const storage = new SecureStorage(dir, fakeSafeStorage('unknown', false), 'darwin');
    await expect(storage.save('t', 'secret')).rejects.toThrow(/no encryption/);
  });

  it('keeps names inside its directory', async () => {
    const storage = new SecureStorage(dir, fakeSafeStorage('gnome_libsecret'), 'linux');
    for (const name of ['../escape', 'a/b', '', '.hidden', 'x'.repeat(65)]) {
      await expect(storage.save(name, 's'), name).rejects.toThrow(/Invalid secret name/);
    }
  });
});
