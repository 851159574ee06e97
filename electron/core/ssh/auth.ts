import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyAuthMethod, AuthHandlerMiddleware, ParsedKey } from 'ssh2';
import { utils } from './ssh2';
import { msg, type Message } from '../../../shared/messages';
import { systemReason } from '../util/network-failure';

/**
 * Client authentication in OpenSSH's order: agent, key files, then password (also answered
 * through keyboard-interactive). Secrets come from the caller or a prompt and stay in memory.
 */

export interface SecretRequest {
  kind: 'passphrase' | 'password';
  /** user@host:port, for the prompt text. */
  where: string;
  keyPath?: string;
  /** True when an earlier answer was wrong. */
  retry: boolean;
}
export type AskSecret = (req: SecretRequest) => Promise<string | undefined>;

export interface AuthOptions {
  user: string;
  where: string;
  /** Agent socket path or 'pageant'; undefined = no agent. */
  agent?: string;
  identityFiles: string[];
  password?: string;
  askSecret?: AskSecret;
  /** Waiting for the user must not count against the connect timeout. */
  whilePrompting?: <T>(work: () => Promise<T>) => Promise<T>;
}

type Step = { kind: 'agent' } | { kind: 'key'; path: string } | { kind: 'password' };

const MAX_PASSPHRASE_TRIES = 3;

function isEncryptedKeyError(err: Error): boolean {
  return /encrypted|passphrase/i.test(err.message);
}

export interface AuthState {
  /** What was tried, for the failure message. */
  tried: (string | Message)[];
  /** Keys that could not be used, and why. */
  notes: Message[];
}

async function loadKey(path: string, opts: AuthOptions, state: AuthState): Promise<ParsedKey | undefined> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') state.notes.push(msg('ssh.auth.cannotReadKey', { path, reason: systemReason(err) }));
    return undefined;
  }
  let parsed = utils.parseKey(data);
  for (let attempt = 0; parsed instanceof Error && isEncryptedKeyError(parsed) && attempt < MAX_PASSPHRASE_TRIES; attempt++) {
    if (!opts.askSecret) {
      state.notes.push(msg('ssh.auth.needsPassphrase', { path }));
      return undefined;
    }
    const ask = opts.askSecret;
    const req: SecretRequest = { kind: 'passphrase', where: opts.where, keyPath: path, retry: attempt > 0 };
    const pass = await (opts.whilePrompting ? opts.whilePrompting(() => ask(req)) : ask(req));
    if (pass === undefined) return undefined;
    parsed = utils.parseKey(data, pass);
  }
  if (parsed instanceof Error) {
    state.notes.push(msg('ssh.auth.keyNotUsed', { path, reason: parsed.message }));
    return undefined;
  }
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (!key?.isPrivateKey()) return undefined;
  return key;
}

export function makeAuthHandler(opts: AuthOptions, state: AuthState): AuthHandlerMiddleware {
  const steps: Step[] = [
    ...(opts.agent ? [{ kind: 'agent' } as const] : []),
    ...opts.identityFiles.map((path) => ({ kind: 'key', path }) as const),
    ...(opts.password !== undefined || opts.askSecret ? [{ kind: 'password' } as const] : []),
  ];
  let index = 0;
  let passwordTries = 0;

  async function next(methodsLeft: string[] | null): Promise<AnyAuthMethod | false> {
    const offered = (m: string) => methodsLeft === null || methodsLeft.includes(m);
    while (index < steps.length) {
      const step = steps[index++] as Step;
      if (step.kind === 'agent' && offered('publickey')) {
        state.tried.push('ssh-agent');
        return { type: 'agent', username: opts.user, agent: opts.agent as string };
      }
      if (step.kind === 'key' && offered('publickey')) {
        const key = await loadKey(step.path, opts, state);
        if (!key) continue;
        state.tried.push(msg('ssh.auth.key', { path: step.path }));
        return { type: 'publickey', username: opts.user, key };
      }
      if (step.kind === 'password' && (offered('password') || offered('keyboard-interactive'))) {
        let password = passwordTries === 0 ? opts.password : undefined;
        if (password === undefined && opts.askSecret) {
          const ask = opts.askSecret;
          const req: SecretRequest = { kind: 'password', where: opts.where, retry: passwordTries > 0 };
          password = await (opts.whilePrompting ? opts.whilePrompting(() => ask(req)) : ask(req));
        }
        if (password === undefined) continue;
        passwordTries++;
        state.tried.push(msg('ssh.auth.password'));
        // One wrong password from the caller may be followed by one asked for.
        if (passwordTries === 1 && opts.password !== undefined && opts.askSecret) index--;
        const pw = password;
        if (methodsLeft !== null && !methodsLeft.includes('password')) {
          return {
            type: 'keyboard-interactive',
            username: opts.user,
            prompt: (_n, _i, _l, prompts, finish) => finish(prompts.map(() => pw)),
          };
        }
        return { type: 'password', username: opts.user, password: pw };
      }
    }
    return false;
  }

  return (methodsLeft, _partial, callback) => {
    // ssh2 takes `false` for "no more methods", which its types leave out.
    const done = (m: AnyAuthMethod | false) => callback(m as AnyAuthMethod);
    next(methodsLeft).then(done, () => done(false));
  };
}

/** Default identity files, in OpenSSH's order, when the config names none. */
export function defaultIdentityFiles(home: string): string[] {
  return ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'].map((f) => join(home, '.ssh', f));
}
