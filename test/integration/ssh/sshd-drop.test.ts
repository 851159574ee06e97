import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { progressText } from '../../../electron/core/collect/progress';
import { EvidenceStore } from '../../../electron/core/evidence/store';
import { collectSshHosts } from '../../../electron/core/ssh/collect-ssh';
import type { SshConnection } from '../../../electron/core/ssh/connect';
import type { SshError } from '../../../electron/core/ssh/errors';
import { runScript } from '../../../electron/core/ssh/exec';
import { connectTarget, type SshConnectOptions } from '../../../electron/core/ssh/target';
import { textIn } from '../../../shared/i18n/text';
import { CLI } from '../../helpers/run-cli';
import { checkPrereqs, requirePrereqs } from '../../helpers/ssh/prereqs';
import { tcpRelay, type Relay } from '../../helpers/ssh/relay';
import { makeKeys, seedUsers, writeText, type TestKeys } from '../../helpers/ssh/seed-hosts';
import { startSshdHost, type SshdHost } from '../../helpers/ssh/sshd-host';

/** Timeouts and lost connections end a command with a clear error, never a hang. */
const pre = await checkPrereqs(['sshd', 'ssh-keygen', 'unshare', 'nsenter', 'openssl']);

describe('OpenSSH sshd: command timeouts and dropped connections', () => {
  if (!requirePrereqs(pre, 'SSH timeout and drop tests')) return;
  let dir: string;
  let keys: TestKeys;
  let host: SshdHost;
  const relays: Relay[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rd-ssh-drop-'));
    keys = await makeKeys(join(dir, 'keys'));
    // A journal that never ends, so that a collection is still running when its connection is cut.
    const slowJournal = { path: 'usr/local/bin/journalctl', content: '#!/bin/sh\nexec sleep 31\n', mode: 0o755 };
    host = await startSshdHost({ hostname: 'drop-host', users: seedUsers(keys).all, files: [slowJournal] });
  });
  afterAll(async () => {
    for (const r of relays) await r.stop();
    await host?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function viaRelay(
    over: Partial<SshConnectOptions> = {},
  ): Promise<{ relay: Relay; conn: SshConnection; opts: SshConnectOptions; target: string }> {
    const relay = await tcpRelay('127.0.0.1', host.port);
    relays.push(relay);
    const known = await writeText(join(dir, `kh-${relay.port}`), `${host.knownHostsLine(`[127.0.0.1]:${relay.port}`)}\n`);
    const opts: SshConnectOptions = {
      knownHostsFiles: [known],
      appKnownHostsFile: join(dir, 'app_kh'),
      acceptNewHostKeys: false,
      agentSocket: null,
      home: join(dir, 'empty-home'),
      sshConfigFile: '/dev/null',
      ...over,
    };
    const target = `gitlab-runner@127.0.0.1:${relay.port}`;
    const conn = await connectTarget({ target, identityFile: keys.plain }, opts);
    return { relay, conn, opts, target };
  }

  it('gives up connecting after the connect timeout when the host never answers', async () => {
    const relay = await tcpRelay('127.0.0.1', host.port);
    relays.push(relay);
    relay.blackhole();
    const started = Date.now();
    const err = (await connectTarget(
      { target: `root@127.0.0.1:${relay.port}`, identityFile: keys.plain },
      {
        knownHostsFiles: [],
        appKnownHostsFile: join(dir, 'app_kh'),
        acceptNewHostKeys: false,
        agentSocket: null,
        home: join(dir, 'empty-home'),
        sshConfigFile: '/dev/null',
        connectTimeoutMs: 1000,
      },
    ).catch((e: unknown) => e)) as SshError;
    expect(err.code).toBe('timeout');
    expect(err.message).toBe(`Timed out after 1 s connecting to root@127.0.0.1:${relay.port}`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('ends a command that runs too long, and the connection stays usable', async () => {
    const { conn } = await viaRelay();
    const started = Date.now();
    const err = (await runScript(conn, 'sleep 30', { label: 'sleep 30', timeoutMs: 1000, maxBytes: 1000 }).catch(
      (e: unknown) => e,
    )) as SshError;
    expect(err.code).toBe('timeout');
    expect(err.message).toBe(`sleep 30 on ${conn.where} did not finish within 1 s`);
    expect(Date.now() - started).toBeLessThan(5000);
    // The command was signalled on the host, not left running there.
    await new Promise((r) => setTimeout(r, 300));
    expect((await host.exec(['ps', '-eo', 'args='])).stdout).not.toMatch(/^sleep 30$/m);
    const ok = await runScript(conn, 'echo still here', { label: 'echo', timeoutMs: 5000, maxBytes: 1000 });
    expect(ok.stdout.toString()).toBe('still here\n');
    conn.close();
  });

  it('keeps the head and tail of output above the limit', async () => {
    const { conn } = await viaRelay();
    const r = await runScript(conn, 'i=0; while [ $i -lt 20000 ]; do echo "line $i"; i=$((i+1)); done', {
      label: 'lines',
      timeoutMs: 20_000,
      maxBytes: 10_000,
    });
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBeLessThan(11_000);
    expect(r.stdout.toString()).toMatch(/^line 0\n[\s\S]*bytes left out here[\s\S]*line 19999\n$/);
    conn.close();
  });

  it('a connection reset mid-command ends it with a clear error', async () => {
    const { relay, conn } = await viaRelay();
    const started = Date.now();
    const pending = runScript(conn, 'echo started; sleep 30', { label: 'journalctl -u gitlab-runner', timeoutMs: 60_000, maxBytes: 1000 });
    setTimeout(() => relay.dropAll(), 500);
    const err = (await pending.catch((e: unknown) => e)) as SshError;
    expect(err.code).toBe('dropped');
    expect(err.message).toMatch(
      /^Connection to gitlab-runner@127\.0\.0\.1:\d+ was (reset|closed) while running journalctl -u gitlab-runner; its output is incomplete$/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a network that goes silent is noticed by keepalives', async () => {
    const { relay, conn } = await viaRelay({ keepaliveIntervalMs: 300, keepaliveCountMax: 2 });
    const pending = runScript(conn, 'sleep 30', { label: 'sleep 30', timeoutMs: 60_000, maxBytes: 1000 });
    setTimeout(() => relay.blackhole(), 200);
    const started = Date.now();
    const err = (await pending.catch((e: unknown) => e)) as SshError;
    expect(err.code).toBe('dropped');
    expect(err.message).toContain('stopped answering (no reply to keepalives) while running sleep 30');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a host whose connection drops during collection is marked failed, with the reason', async () => {
    const relay = await tcpRelay('127.0.0.1', host.port);
    relays.push(relay);
    const known = await writeText(join(dir, 'kh-collect'), `${host.knownHostsLine(`[127.0.0.1]:${relay.port}`)}\n`);
    const store = await EvidenceStore.create();
    try {
      const results = await collectSshHosts([{ target: `root@127.0.0.1:${relay.port}`, identityFile: keys.plain }], store, {
        knownHostsFiles: [known],
        appKnownHostsFile: join(dir, 'app_kh'),
        acceptNewHostKeys: false,
        agentSocket: null,
        home: join(dir, 'empty-home'),
        sshConfigFile: '/dev/null',
        onProgress: (_s, _state, message) => {
          if (/step 3/.test(progressText(message).message)) relay.dropAll();
        },
      });
      expect(results[0]?.state).toBe('failed');
      expect(results[0]?.error).toMatch(/was (reset|closed) while running .*; its output is incomplete/);
      const where = `root@127.0.0.1:${relay.port}`;
      const how = /was reset/.test(results[0]?.error ?? '') ? 'ssh.reset' : 'ssh.closed';
      const entry = store.errors().find((e) => e.source === `ssh:${where}`);
      expect(entry).toEqual({
        source: `ssh:${where}`,
        message: results[0]?.error,
        text: { key: 'ssh.exec.lostWhile', params: { lost: { key: how, params: { where } }, label: expect.any(String) } },
      });
      const label = String(entry?.text?.params?.label);
      expect(results[0]?.error).toBe(`Connection to ${where} was ${how === 'ssh.reset' ? 'reset' : 'closed'} while running ${label}; its output is incomplete`);
      expect(textIn(entry!.message, entry!.text, 'ru')).toBe(
        `Соединение с ${where} ${how === 'ssh.reset' ? 'сброшено' : 'закрыто'} посреди шага «${label}»: его вывод неполный`,
      );
    } finally {
      await store.dispose();
    }
  });

  /** The built CLI collecting from the host through a relay that is cut while the journal is being read. */
  async function collectCut(lang: 'en' | 'ru'): Promise<{ stdout: string; where: string; code: number | null }> {
    const relay = await tcpRelay('127.0.0.1', host.port);
    relays.push(relay);
    const known = await writeText(join(dir, `kh-cli-${lang}`), `${host.knownHostsLine(`[127.0.0.1]:${relay.port}`)}\n`);
    const config = await writeText(
      join(dir, `ssh_config_${lang}`),
      `Host drop\n  HostName 127.0.0.1\n  Port ${relay.port}\n  User root\n  IdentityFile ${keys.plain}\n`,
    );
    const args = ['collect', '--ssh', 'drop', '--ssh-config', config, '--known-hosts', known, '--out', join(dir, `cut-${lang}.zip`), '--lang', lang];
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NO_COLOR: '1', HOME: join(dir, 'empty-home'), SSH_AUTH_SOCK: '', LANG: '', LC_ALL: '', LC_MESSAGES: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Cut the connection once the journal is running on the host.
    const deadline = Date.now() + 20_000;
    while (!/^sleep 31$/m.test((await host.exec(['ps', '-eo', 'args='])).stdout)) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error('the journal never started on the host');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    relay.dropAll();
    // The cut session's journal may outlive it on the host; the next run waits for its own.
    await host.exec(['pkill', '-f', '^sleep 31$']);
    const code = await exited;
    return { stdout, code, where: `root@127.0.0.1:${relay.port}` };
  }

  it('the CLI in Russian says which step lost its connection; English as before', async () => {
    const ru = await collectCut('ru');
    expect(ru.code).toBe(3);
    // Notes of the steps before (systemctl on a host without systemd) are entries of their own.
    const line = ru.stdout.split('\n').find((l) => l.startsWith('не удалось собрать ssh:drop: Соединение')) ?? ru.stdout;
    expect(line).toMatch(
      new RegExp(`^не удалось собрать ssh:drop: Соединение с ${ru.where.replace(/\./g, '\\.')} (сброшено|закрыто) посреди шага «journalctl -u gitlab-runner [^»]+»: его вывод неполный$`),
    );
    const en = await collectCut('en');
    expect(en.stdout).toMatch(
      new RegExp(`\ncould not collect ssh:drop: Connection to ${en.where.replace(/\./g, '\\.')} was (reset|closed) while running journalctl -u gitlab-runner [^;]+; its output is incomplete\n`),
    );
  });
});
