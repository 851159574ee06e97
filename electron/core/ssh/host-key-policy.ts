import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  entryMatchesHost,
  fingerprintSha256,
  formatKnownHostsLine,
  keyTypeOfBlob,
  knownHostsName,
  type KnownHostsFile,
} from './known-hosts';

/**
 * Host key decisions, mirroring OpenSSH's StrictHostKeyChecking=yes / accept-new: a known key
 * passes; a revoked or changed key is refused with OpenSSH's warning; an unknown key needs an
 * explicit yes (a prompt, or accept-new) and is then stored in the app's own known_hosts only.
 */

export type HostKeyVerdict =
  | { status: 'known'; file: string; line: number }
  | { status: 'revoked'; file: string; line: number }
  | { status: 'changed'; file: string; line: number; knownType: string }
  | { status: 'cert-authority'; file: string; line: number }
  | { status: 'unknown'; otherTypes: string[] };

export interface HostKeyPrompt {
  host: string;
  port: number;
  fingerprint: string;
  keyType: string;
}

export interface HostKeyOptions {
  acceptNewHostKeys: boolean;
  askHostKey?: (info: HostKeyPrompt) => Promise<boolean>;
  appKnownHostsFile: string;
}

export function checkHostKey(known: KnownHostsFile, name: string, blob: Buffer): HostKeyVerdict {
  // A revoked key is refused wherever it appears, whatever host field its line has.
  const revoked = known.entries.find((e) => e.marker === 'revoked' && e.key.equals(blob));
  if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line };
  const type = keyTypeOfBlob(blob);
  const forHost = known.entries.filter((e) => e.marker !== 'revoked' && entryMatchesHost(e, name));
  const plain = forHost.filter((e) => !e.marker);
  const same = plain.find((e) => e.key.equals(blob));
  if (same) return { status: 'known', file: same.file, line: same.line };
  const changed = plain.find((e) => e.keyType === type);
  if (changed) return { status: 'changed', file: changed.file, line: changed.line, knownType: changed.keyType };
  const ca = forHost.find((e) => e.marker === 'cert-authority');
  if (ca) return { status: 'cert-authority', file: ca.file, line: ca.line };
  return { status: 'unknown', otherTypes: [...new Set(plain.map((e) => e.keyType))] };
}

/** Key types known for a host, so the handshake can prefer them as OpenSSH does. */
export function knownKeyTypes(known: KnownHostsFile, name: string): string[] {
  const types = known.entries.filter((e) => !e.marker && entryMatchesHost(e, name)).map((e) => e.keyType);
  return [...new Set(types)];
}

const BAR = '@'.repeat(59);

function label(type: string): string {
  if (type.startsWith('ecdsa')) return 'ECDSA';
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type === 'ssh-rsa') return 'RSA';
  if (type === 'ssh-dss') return 'DSA';
  return type.toUpperCase();
}

export function changedKeyMessage(name: string, blob: Buffer, v: { file: string; line: number; knownType: string }): string {
  const type = label(keyTypeOfBlob(blob) ?? 'unknown');
  return [
    BAR,
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    BAR,
    'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
    'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
    'It is also possible that a host key has just been changed.',
    `The fingerprint for the ${type} key sent by the remote host is`,
    `${fingerprintSha256(blob)}.`,
    'Please contact your system administrator.',
    `Add correct host key in ${v.file} to get rid of this message.`,
    `Offending ${label(v.knownType)} key in ${v.file}:${v.line}`,
    `Host key for ${name} has changed and you have requested strict checking.`,
    'Host key verification failed.',
  ].join('\n');
}

export function revokedKeyMessage(name: string, blob: Buffer, v: { file: string; line: number }): string {
  return [
    BAR,
    '@       WARNING: REVOKED HOST KEY DETECTED!               @',
    BAR,
    `The ${label(keyTypeOfBlob(blob) ?? 'unknown')} host key for ${name} is marked as revoked (${v.file}:${v.line}).`,
    'This could mean that a stolen key is being used to',
    'impersonate this host.',
    'Host key verification failed.',
  ].join('\n');
}

export type HostKeyOutcome = { ok: true; added: boolean } | { ok: false; message: string };

/** Applies the policy to one verdict; may ask the user and may append to the app's known_hosts. */
export async function decideHostKey(
  verdict: HostKeyVerdict,
  endpoint: { host: string; port: number; name: string },
  blob: Buffer,
  opts: HostKeyOptions,
): Promise<HostKeyOutcome> {
  const fp = fingerprintSha256(blob);
  const type = keyTypeOfBlob(blob) ?? 'unknown';
  switch (verdict.status) {
    case 'known':
      return { ok: true, added: false };
    case 'revoked':
      return { ok: false, message: revokedKeyMessage(endpoint.name, blob, verdict) };
    case 'changed':
      return { ok: false, message: changedKeyMessage(endpoint.name, blob, verdict) };
    case 'cert-authority':
      return {
        ok: false,
        message:
          `${verdict.file}:${verdict.line} trusts an SSH certificate authority (@cert-authority) for ${endpoint.name}, ` +
          `but Runner Doctor cannot verify host certificates, so it will not connect. If you have checked the host's own ` +
          `${label(type)} key (${fp}), add it to ${opts.appKnownHostsFile}.`,
      };
    case 'unknown': {
      let accepted = opts.acceptNewHostKeys;
      if (!accepted && opts.askHostKey) {
        accepted = await opts.askHostKey({ host: endpoint.host, port: endpoint.port, fingerprint: fp, keyType: type });
      }
      const other = verdict.otherTypes.length ? ` (keys of another type are known for it: ${verdict.otherTypes.join(', ')})` : '';
      if (!accepted) {
        return {
          ok: false,
          message:
            `The authenticity of host '${endpoint.name}' can't be established${other}. ${label(type)} key fingerprint is ${fp}. ` +
            `Not connecting to a host with an unknown key: check the fingerprint with the host's administrator, then accept it ` +
            `(CLI: --accept-new-host-keys) or add it to known_hosts.`,
        };
      }
      await mkdir(dirname(opts.appKnownHostsFile), { recursive: true, mode: 0o700 });
      await appendFile(opts.appKnownHostsFile, `${formatKnownHostsLine(endpoint.name, blob)}\n`, { mode: 0o600 });
      return { ok: true, added: true };
    }
  }
}

export { knownHostsName };
