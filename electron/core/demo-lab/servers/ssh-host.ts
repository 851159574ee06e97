import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Connection, ServerChannel } from 'ssh2';
import { Server, utils } from '../../ssh/ssh2';
import { fingerprintSha256, formatKnownHostsLine, knownHostsName } from '../../ssh/known-hosts';
import { demoFixReply, type DemoHostFiles } from './ssh-host-fixes';
import * as seed from './ssh-host-seed003';

/**
 * The demo lab's runner host: an SSH server (ssh2) on 127.0.0.1 that answers Runner Doctor's
 * fixed collection scripts with what the seed-003 host prints, for users without sshd and
 * podman. It accepts one generated client key and answers nothing but those scripts and the
 * fix scripts of pin-helper-image (ssh-host-fixes.ts).
 */

export interface DemoSshHost {
  host: '127.0.0.1';
  port: number;
  user: string;
  /** The client key the lab made for this host (OpenSSH format, mode 0600). */
  privateKeyPath: string;
  /** known_hosts line for this host's key. */
  hostKeyLine: string;
  fingerprint: string;
  stop(): Promise<void>;
}

type Reply = { stdout?: string; stderr?: string; code: number };

const CONFIG = '/etc/gitlab-runner/config.toml';

/** The collector's command body is the single-quoted argument of `sh -c`; undo that quoting. */
function body(script: string): string {
  const arg = /\$rd_t sh -c '([\s\S]*)'\n\} <\/dev\/null/.exec(script)?.[1] ?? '';
  return arg.replace(/'\\''/g, "'");
}

function quoted(script: string, re: RegExp): string | undefined {
  return re.exec(body(script))?.[1]?.replace(/'\\''/g, "'");
}

/** Answers by the id on the script's first line (`# runner-doctor: <id>`). */
export function demoReply(script: string, gitlabUrl: string, now = new Date(), state: DemoHostFiles = { files: new Map([[CONFIG, seed.configToml(gitlabUrl)]]), restarts: [] }): Reply {
  const id = /^# runner-doctor: (\S+)/.exec(script)?.[1];
  const fixed = id ? demoFixReply(id, body(script), state) : undefined;
  if (fixed) return fixed;
  switch (id) {
    case 'probe':
      return {
        code: 0,
        stdout: [
          `user=${seed.USER}`,
          'uid=1001',
          `home=/home/${seed.USER}`,
          ...['gitlab-runner', 'systemctl', 'journalctl', 'podman', 'sudo', 'curl', 'getent'].map((t) => `has=${t}`),
          `execstart=${seed.execStart()}`,
          '',
        ].join('\n'),
      };
    case 'runner-version':
      return { code: 0, stdout: seed.runnerVersion() };
    case 'systemctl-status':
      return { code: 0, stdout: seed.systemctlStatus(now, state.restarts) };
    case 'journal':
    case 'journal-sudo':
      return { code: 0, stdout: seed.journal(now, state.restarts) };
    case 'config-toml':
    {
      const text = state.files.get(quoted(script, /\bp='((?:[^']|'\\'')*)'/) ?? '');
      return text !== undefined ? { code: 0, stdout: text } : { code: 66, stderr: 'does not exist\n' };
    }
    case 'podman-info':
      return { code: 0, stdout: seed.podmanInfo() };
    case 'podman-images':
      return { code: 0, stdout: seed.podmanImages(now) };
    case 'lookup-user':
    case 'lookup-uid':
      return /gitlab-runner|1001/.test(body(script)) ? { code: 0, stdout: seed.passwd() } : { code: 2 };
    case 'df':
      return { code: 0, stdout: seed.df() };
    case 'free':
      return { code: 0, stdout: seed.free() };
    case 'uname':
      return { code: 0, stdout: seed.uname() };
    case 'dns-lookup':
      return { code: 0, stdout: seed.dns(quoted(script, /\bh='((?:[^']|'\\'')*)'/) ?? 'gitlab.example.com') };
    case 'curl-verbose': {
      const url = quoted(script, /--max-time \d+ '((?:[^']|'\\'')*)'/);
      return url && URL.canParse(url) ? { code: 0, stdout: seed.curlVerbose(url) } : { code: 3, stdout: 'curl: (3) URL rejected\n' };
    }
    default:
      return { code: 127, stderr: `sh: ${id ?? 'command'}: not found on the demo host\n` };
  }
}

function answer(channel: ServerChannel, reply: Reply): void {
  if (reply.stdout) channel.write(reply.stdout);
  if (reply.stderr) channel.stderr.write(reply.stderr);
  channel.exit(reply.code);
  channel.end();
}

/**
 * An ed25519 pair ssh2 can read back. ssh2's generator drops leading zero bytes of the public
 * key, so about one pair in 256 fails its own parser ("Malformed OpenSSH public key",
 * mscdex/ssh2#1513) and the lab would not start; such a pair is drawn again.
 */
export function readableKeyPair(comment?: string): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519', comment ? { comment } : {});
    if (!(utils.parseKey(pair.public) instanceof Error) && !(utils.parseKey(pair.private) instanceof Error)) return pair;
  }
}

export async function startDemoSshHost(opts: { dir: string; gitlabUrl?: string }): Promise<DemoSshHost> {
  const gitlabUrl = opts.gitlabUrl ?? 'https://gitlab.example.com/';
  // The host keeps its files while the lab runs, so a fix shows on the next collection.
  const state: DemoHostFiles = { files: new Map([[CONFIG, seed.configToml(gitlabUrl)]]), restarts: [] };
  const hostKey = readableKeyPair();
  const clientKey = readableKeyPair('runner-doctor-demo');
  const allowed = utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  const privateKeyPath = join(opts.dir, 'id_ed25519');
  await writeFile(privateKeyPath, clientKey.private, { mode: 0o600 });
  await writeFile(`${privateKeyPath}.pub`, `${clientKey.public}\n`);

  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    // Each collection step is a few small round trips; Nagle would add tens of ms to each.
    (client as Connection & { setNoDelay(v: boolean): void }).setNoDelay(true);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      const ok =
        ctx.method === 'publickey' &&
        ctx.username === seed.USER &&
        ctx.key.algo === allowed.type &&
        ctx.key.data.equals(allowed.getPublicSSH());
      if (!ok) return ctx.reject(['publickey']);
      if (ctx.method === 'publickey' && ctx.signature && ctx.blob) {
        return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) ? ctx.accept() : ctx.reject(['publickey']);
      }
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (acceptExec, _reject, info) => {
          const channel = acceptExec();
          if (info.command.trim() !== 'sh -s') {
            return answer(channel, { code: 127, stderr: 'This demo host only answers Runner Doctor collection scripts.\n' });
          }
          let script = '';
          let answered = false;
          const reply = () => {
            if (answered) return;
            answered = true;
            answer(channel, demoReply(script, gitlabUrl, new Date(), state));
          };
          // The collector keeps stdin open and ends its script with "exit".
          channel.on('data', (d: Buffer) => {
            script += d.toString('utf8');
            if (/\nexit \$\?\n$/.test(script)) reply();
          });
          channel.on('end', reply);
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostPublic = utils.parseKey(hostKey.public);
  if (hostPublic instanceof Error) throw hostPublic;
  const blob = hostPublic.getPublicSSH();
  return {
    host: '127.0.0.1',
    port,
    user: seed.USER,
    privateKeyPath,
    hostKeyLine: formatKnownHostsLine(knownHostsName('127.0.0.1', port), blob),
    fingerprint: fingerprintSha256(blob),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}
