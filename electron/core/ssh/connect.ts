import type { ServerHostKeyAlgorithm } from 'ssh2';
import { Client } from './ssh2';
import type { Duplex } from 'node:stream';
import { CancelledError } from '../util/abort';
import { makeAuthHandler, type AuthOptions, type AuthState } from './auth';
import { describeConnectError, SshError } from './errors';
import { list, msg, type Message } from '../../../shared/messages';
import { checkHostKey, decideHostKey, knownHostsName, knownKeyTypes, type HostKeyOptions } from './host-key-policy';
import { loadKnownHosts } from './known-hosts';

/**
 * Opens an SSH connection, hop by hop through jump hosts (each hop's key verified), with a
 * connect deadline that pauses while the user is being asked something, keepalives, and
 * cancellation. After setup, `SshConnection` reports a lost connection to whoever waits on it.
 */

export interface Endpoint {
  host: string;
  port: number;
  user: string;
  hostKeyAlias?: string;
  auth: Omit<AuthOptions, 'user' | 'where' | 'whilePrompting'>;
}

export interface ConnectOptions extends HostKeyOptions {
  /** Files to read keys from (the user's known_hosts); the app's file is added. */
  knownHostsFiles: string[];
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  signal?: AbortSignal;
}

const DEFAULT_HOST_KEY_ALGS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

function algorithmsFor(types: string[]): ServerHostKeyAlgorithm[] {
  const first = types.flatMap((t): ServerHostKeyAlgorithm[] =>
    t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : DEFAULT_HOST_KEY_ALGS.filter((a) => a === t),
  );
  return [...new Set([...first, ...DEFAULT_HOST_KEY_ALGS])];
}

/** A timer that can stop counting while we wait for the user. */
class Deadline {
  private timer: NodeJS.Timeout | undefined;
  private left: number;
  private started = 0;
  constructor(
    ms: number,
    private readonly onExpire: () => void,
  ) {
    this.left = ms;
    this.resume();
  }
  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.left -= Date.now() - this.started;
  }
  resume(): void {
    if (this.timer) return;
    this.started = Date.now();
    this.timer = setTimeout(this.onExpire, Math.max(0, this.left));
  }
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export class SshConnection {
  private lostError: SshError | undefined;
  private readonly listeners = new Set<(err: SshError) => void>();

  constructor(
    readonly client: Client,
    private readonly chain: Client[],
    readonly where: string,
  ) {
    for (const c of chain) {
      c.on('error', (err: Error & { level?: string }) => {
        if (err.level !== 'agent') this.lose(describeConnectError(err, where));
      });
      c.on('close', () => this.lose(new SshError('dropped', msg('ssh.closed', { where }))));
    }
  }

  get lost(): SshError | undefined {
    return this.lostError;
  }

  /** Calls `fn` once if the connection is lost; returns an unsubscribe function. */
  onLost(fn: (err: SshError) => void): () => void {
    if (this.lostError) {
      fn(this.lostError);
      return () => {};
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private lose(err: SshError): void {
    if (this.lostError) return;
    this.lostError = err;
    for (const fn of this.listeners) fn(err);
    this.listeners.clear();
  }

  close(): void {
    this.lose(new SshError('dropped', msg('ssh.closedByUs', { where: this.where })));
    for (const c of [...this.chain].reverse()) c.end();
  }
}

async function connectHop(ep: Endpoint, sock: Duplex | undefined, opts: ConnectOptions): Promise<Client> {
  const where = `${ep.user}@${ep.host}:${ep.port}`;
  const name = ep.hostKeyAlias ?? knownHostsName(ep.host, ep.port);
  const known = await loadKnownHosts([...opts.knownHostsFiles, opts.appKnownHostsFile]);
  const types = knownKeyTypes(known, name);
  return new Promise<Client>((resolve, reject) => {
    const client = new Client();
    const state: AuthState = { tried: [], notes: [] };
    // Where the connection got to, for the message of a timeout or a close.
    let stage: 'connect' | 'auth' | 'hostKey' = 'connect';
    let refusal: Message | undefined;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      deadline.clear();
      opts.signal?.removeEventListener('abort', onAbort);
      client.destroy();
      reject(err);
    };
    const deadline = new Deadline(opts.connectTimeoutMs, () =>
      fail(new SshError('timeout', msg(`ssh.timedOut.${stage}`, { seconds: Math.round(opts.connectTimeoutMs / 1000), where }))),
    );
    const onAbort = () => fail(new CancelledError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const whilePrompting = async <T>(work: () => Promise<T>): Promise<T> => {
      deadline.pause();
      try {
        return await work();
      } finally {
        if (!settled) deadline.resume();
      }
    };
    client.on('handshake', () => (stage = 'auth'));
    client.on('ready', () => {
      if (settled) return;
      // Each command is a few small round trips; Nagle would add tens of ms to each.
      client.setNoDelay(true);
      settled = true;
      deadline.clear();
      opts.signal?.removeEventListener('abort', onAbort);
      client.removeAllListeners('error').removeAllListeners('close');
      // Errors after setup are SshConnection's business; until it listens, keep them harmless.
      client.on('error', () => {});
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string }) => {
      if (err.level === 'agent') return void state.notes.push(msg('ssh.auth.agentError', { reason: err.message }));
      if (refusal) return fail(new SshError('host-key', refusal));
      if (err.level === 'client-authentication') {
        const tried = state.tried.length ? list(state.tried, 'comma') : msg('ssh.auth.nothingUsable');
        const notes = state.notes.length ? list(state.notes, 'semicolon') : undefined;
        return fail(new SshError('auth', msg(notes ? 'ssh.auth.failedTriedNotes' : 'ssh.auth.failedTried', { where, tried, notes })));
      }
      fail(describeConnectError(err, where));
    });
    client.on('close', () => fail(new SshError('dropped', msg(`ssh.closedWhile.${stage}`, { where }))));
    const verify = (key: Buffer, done: (ok: boolean) => void) => {
      stage = 'hostKey';
      const verdict = checkHostKey(known, name, key);
      whilePrompting(() => decideHostKey(verdict, { host: ep.host, port: ep.port, name }, key, opts)).then(
        (outcome) => {
          if (!outcome.ok) refusal = outcome.text;
          done(outcome.ok);
        },
        (err: Error) => {
          refusal = msg('ssh.hostKey.couldNotCheck', { where, reason: err.message });
          done(false);
        },
      );
    };
    client.connect({
      ...(sock ? { sock } : { host: ep.host, port: ep.port }),
      username: ep.user,
      hostVerifier: verify,
      authHandler: makeAuthHandler({ ...ep.auth, user: ep.user, where, whilePrompting }, state),
      readyTimeout: 0,
      keepaliveInterval: opts.keepaliveIntervalMs,
      keepaliveCountMax: opts.keepaliveCountMax,
      ...(types.length ? { algorithms: { serverHostKey: algorithmsFor(types) } } : {}),
    });
  });
}

function forwardOut(via: Client, ep: Endpoint, viaWhere: string, opts: ConnectOptions): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | undefined, stream?: Duplex) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(stream as Duplex);
    };
    const onAbort = () => done(new CancelledError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const secs = Math.round(opts.connectTimeoutMs / 1000);
    const timer = setTimeout(
      () => done(new SshError('timeout', msg('ssh.jumpTimeout', { jump: viaWhere, host: `${ep.host}:${ep.port}`, seconds: secs }))),
      opts.connectTimeoutMs,
    );
    via.forwardOut('127.0.0.1', 0, ep.host, ep.port, (err, stream) => {
      if (err) done(new SshError('connect', msg('ssh.jumpFailed', { jump: viaWhere, host: `${ep.host}:${ep.port}`, reason: err.message })));
      else done(undefined, stream);
    });
  });
}

/** Connects through `hops` (jump hosts first, the target last). */
export async function connectSsh(hops: Endpoint[], opts: ConnectOptions): Promise<SshConnection> {
  const chain: Client[] = [];
  const target = hops[hops.length - 1];
  if (!target) throw new SshError('connect', msg('ssh.noHost'));
  try {
    let sock: Duplex | undefined;
    for (const [i, ep] of hops.entries()) {
      if (i > 0) {
        const prev = hops[i - 1] as Endpoint;
        sock = await forwardOut(chain[i - 1] as Client, ep, `${prev.user}@${prev.host}:${prev.port}`, opts);
      }
      chain.push(await connectHop(ep, sock, opts));
    }
  } catch (err) {
    for (const c of chain.reverse()) c.end();
    throw err;
  }
  return new SshConnection(chain[chain.length - 1] as Client, chain, `${target.user}@${target.host}:${target.port}`);
}
