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
import { formatError } from '../../../shared/i18n/text';
import { msg, type Message } from '../../../shared/messages';

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

function label(type: string): string {
  if (type.startsWith('ecdsa')) return 'ECDSA';
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type === 'ssh-rsa') return 'RSA';
  if (type === 'ssh-dss') return 'DSA';
  return type.toUpperCase();
}

/** OpenSSH's warning for a changed key, as a message id (the English is OpenSSH's own wording). */
export function changedKeyMessage(name: string, blob: Buffer, v: { file: string; line: number; knownType: string }): Message {
  const type = label(keyTypeOfBlob(blob) ?? 'unknown');
  return msg('ssh.hostKey.changed', { type, fingerprint: fingerprintSha256(blob), file: v.file, line: v.line, knownType: label(v.knownType), name });
}

export function revokedKeyMessage(name: string, blob: Buffer, v: { file: string; line: number }): Message {
  return msg('ssh.hostKey.revoked', { type: label(keyTypeOfBlob(blob) ?? 'unknown'), name, file: v.file, line: v.line });
}

/** A refusal says why in English (`message`) and as a message id (`text`). */
export type HostKeyOutcome = { ok: true; added: boolean } | { ok: false; message: string; text: Message };

function refused(text: Message): HostKeyOutcome {
  return { ok: false, message: formatError(text), text };
}

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
      return refused(revokedKeyMessage(endpoint.name, blob, verdict));
    case 'changed':
      return refused(changedKeyMessage(endpoint.name, blob, verdict));
    case 'cert-authority':
      return refused(
        msg('ssh.hostKey.certAuthority', { file: verdict.file, line: verdict.line, name: endpoint.name, type: label(type), fingerprint: fp, appFile: opts.appKnownHostsFile }),
      );
    case 'unknown': {
      let accepted = opts.acceptNewHostKeys;
      if (!accepted && opts.askHostKey) {
        accepted = await opts.askHostKey({ host: endpoint.host, port: endpoint.port, fingerprint: fp, keyType: type });
      }
      const other = verdict.otherTypes.length ? msg('ssh.hostKey.otherTypes', { types: verdict.otherTypes.join(', ') }) : '';
      if (!accepted) return refused(msg('ssh.hostKey.unknown', { name: endpoint.name, other, type: label(type), fingerprint: fp }));
      await mkdir(dirname(opts.appKnownHostsFile), { recursive: true, mode: 0o700 });
      await appendFile(opts.appKnownHostsFile, `${formatKnownHostsLine(endpoint.name, blob)}\n`, { mode: 0o600 });
      return { ok: true, added: true };
    }
  }
}

export { knownHostsName };
