import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SafeStorageLike } from '../../../electron/main/secure-storage';
import { formatError } from '../../../shared/i18n/text';

vi.mock('electron', () => ({ dialog: {} }));

const { createElectronHost } = await import('../../../electron/main/host-services');
const { SecureStorage } = await import('../../../electron/main/secure-storage');

function safeStorage(backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>): SafeStorageLike {
  return {
    isAsyncEncryptionAvailable: async () => true,
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
  dir = await mkdtemp(path.join(tmpdir(), 'rd-host-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Electron host secrets', () => {
  it('stores tokens with the OS keychain and reads them back', async () => {
    const host = createElectronHost(() => undefined, new SecureStorage(path.join(dir, 's'), safeStorage('gnome_libsecret'), 'linux'));
    expect(await host.secrets.save('gitlab-abc', 'glpat-secret-value-123456')).toEqual({ persisted: true });
    expect(await readdir(path.join(dir, 's'))).toEqual(['gitlab-abc.secret']);
    // A new run (a new host over the same folder) still has it.
    const next = createElectronHost(() => undefined, new SecureStorage(path.join(dir, 's'), safeStorage('gnome_libsecret'), 'linux'));
    expect(await next.secrets.load('gitlab-abc')).toBe('glpat-secret-value-123456');
  });

  it('without a keyring (basic_text), keeps the token in memory for this run, writes nothing, and says so', async () => {
    const host = createElectronHost(() => undefined, new SecureStorage(path.join(dir, 's'), safeStorage('basic_text'), 'linux'));
    const saved = await host.secrets.save('gitlab-abc', 'glpat-secret-value-123456');
    expect(saved.persisted).toBe(false);
    expect(saved.warning).toMatch(/No keyring .* kept in memory for this run only\.$/);
    expect(saved.warning).not.toContain('glpat-');
    // The same, as a message id, for a window in Russian.
    expect(saved.warningText && formatError(saved.warningText, 'ru')).toBe(
      'Не запущена связка ключей (GNOME Keyring / KWallet): токены можно было бы только обфусцировать, но не зашифровать. Runner Doctor не будет их сохранять; вводите токен каждый раз или запустите GNOME Keyring / KWallet. Токен хранится только в памяти до конца этого запуска.',
    );
    expect(await host.secrets.load('gitlab-abc')).toBe('glpat-secret-value-123456');
    expect(await readdir(dir)).toEqual([]);
  });
});
