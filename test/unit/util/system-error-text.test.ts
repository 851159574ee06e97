import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyNetworkError, failureText, systemErrorText } from '../../../electron/core/util/network-failure';
import { unreadableReason } from '../../../electron/core/evidence/unreadable';
import { formatError } from '../../../shared/i18n/text';
import { MessageError } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';

/** A Node system error as libuv raises it: code, syscall and what it was about. */
const sys = (code: string, about: Record<string, unknown>, message = `${code}: something, ${String(about.syscall ?? 'op')}`) => Object.assign(new Error(message), { code, ...about });
const inBoth = (err: unknown) => {
  const text = systemErrorText(err);
  return text ? { en: formatError(text, 'en'), ru: formatError(text, 'ru') } : undefined;
};

describe('system errors in words, from the one classifier', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-system-error-'));
    await writeFile(join(dir, 'file.log'), 'x\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('file-system codes, as the system raises them, name the path in English and Russian', async () => {
    const missing = join(dir, 'gone.log');
    expect(inBoth(await stat(missing).catch((e: unknown) => e))).toEqual({ en: `no such file or folder: ${missing}`, ru: `файл или папка не найдены: ${missing}` });
    expect(inBoth(await readFile(dir).catch((e: unknown) => e))).toEqual({ en: 'it is a folder, not a file', ru: 'это папка, а не файл' });
    const under = join(dir, 'file.log', 'inner');
    expect(inBoth(await stat(under).catch((e: unknown) => e))).toEqual({ en: `a part of the path is not a folder: ${under}`, ru: `часть пути — не папка: ${under}` });
    expect(inBoth(sys('EACCES', { syscall: 'open', path: '/etc/gitlab-runner/config.toml' }))).toEqual({
      en: 'permission denied: /etc/gitlab-runner/config.toml',
      ru: 'нет прав доступа: /etc/gitlab-runner/config.toml',
    });
    expect(inBoth(sys('EPERM', { syscall: 'rename', path: '/a', dest: '/b' }))).toEqual({ en: 'operation not permitted: /a → /b', ru: 'операция не разрешена: /a → /b' });
    expect(inBoth(sys('EISDIR', { syscall: 'read' }))?.ru).toBe('это папка, а не файл');
    expect(inBoth(sys('ENOSPC', { syscall: 'write' }))).toEqual({ en: 'no space left on the device', ru: 'на устройстве не осталось места' });
    expect(inBoth(sys('EROFS', { syscall: 'open', path: '/etc/gitlab-runner/config.toml' }))).toEqual({
      en: 'the file system is read-only: /etc/gitlab-runner/config.toml',
      ru: 'файловая система доступна только для чтения: /etc/gitlab-runner/config.toml',
    });
  });

  it('connection codes name the address or host; a refused connection from a real socket', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const refused = await new Promise<unknown>((resolve) => connect(port, '127.0.0.1').on('error', resolve));
    expect(inBoth(refused)).toEqual({ en: `connection refused: 127.0.0.1:${port}`, ru: `в соединении отказано: 127.0.0.1:${port}` });

    const at = { syscall: 'connect', address: '10.0.0.1', port: 443 };
    expect(inBoth(sys('ECONNRESET', {}))).toEqual({ en: 'connection reset', ru: 'соединение сброшено' });
    expect(inBoth(sys('ETIMEDOUT', at))).toEqual({ en: 'connection timed out: 10.0.0.1:443', ru: 'истекло время ожидания соединения: 10.0.0.1:443' });
    expect(inBoth(sys('EHOSTUNREACH', at))).toEqual({ en: 'host unreachable: 10.0.0.1:443', ru: 'хост недоступен по сети: 10.0.0.1:443' });
    const dns = { syscall: 'getaddrinfo', hostname: 'gitlab.example.com' };
    expect(inBoth(sys('ENOTFOUND', dns))).toEqual({ en: 'host name not found in DNS: gitlab.example.com', ru: 'имя хоста не найдено в DNS: gitlab.example.com' });
    expect(inBoth(sys('EAI_AGAIN', dns))).toEqual({ en: 'DNS did not answer for now; try again: gitlab.example.com', ru: 'DNS пока не отвечает; повторите позже: gitlab.example.com' });
  });

  it('certificate codes, also as the cause under a fetch failure', () => {
    const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: sys(code, {}) });
    expect(inBoth(fetchFailed('SELF_SIGNED_CERT_IN_CHAIN'))).toEqual({
      en: 'certificate signed by an unknown authority (SELF_SIGNED_CERT_IN_CHAIN)',
      ru: 'сертификат подписан неизвестным центром сертификации (SELF_SIGNED_CERT_IN_CHAIN)',
    });
    expect(inBoth(fetchFailed('CERT_HAS_EXPIRED'))).toEqual({ en: 'the certificate has expired', ru: 'срок действия сертификата истёк' });
    expect(inBoth(fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID'))).toEqual({ en: 'the certificate is not for this host name', ru: 'сертификат выдан не для этого имени хоста' });
    expect(inBoth(fetchFailed('ERR_SSL_WRONG_VERSION_NUMBER'))).toEqual({ en: 'TLS error (ERR_SSL_WRONG_VERSION_NUMBER)', ru: 'ошибка TLS (ERR_SSL_WRONG_VERSION_NUMBER)' });
  });

  it('an error without a known code has no words here; one with its own message id keeps it', () => {
    expect(systemErrorText(new Error('odd'))).toBeUndefined();
    expect(systemErrorText(sys('EWHATEVER', {}))).toBeUndefined();
    const own = msg('files.skip.pipe');
    expect(failureText(new MessageError(own))).toEqual(own);
    expect(failureText(sys('ENOENT', { path: '/x' }))?.key).toBe('system.at');
  });

  it('file codes do not change what a connection failure is, and a file that cannot be read says why from the same table', async () => {
    expect(classifyNetworkError(sys('ENOENT', { path: '/x' }))).toMatchObject({ kind: 'other', code: 'ENOENT' });
    const { reason, text } = unreadableReason(sys('EACCES', { path: '/x' }, "EACCES: permission denied, open '/x'"));
    expect(reason).toBe("EACCES: permission denied, open '/x'");
    expect(formatError(text, 'ru')).toBe('не удаётся прочитать: нет прав доступа');
    expect(formatError(unreadableReason(sys('EBADF', {}, 'EBADF: bad file descriptor')).text, 'ru')).toBe('не удаётся прочитать: EBADF: bad file descriptor');
  });
});
