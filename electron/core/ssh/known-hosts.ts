import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { matchPatternList } from './patterns';

/**
 * known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): plain and hashed (`|1|salt|hmac`)
 * host fields, `[host]:port`, wildcards, negation, and the @revoked / @cert-authority markers.
 * Malformed lines are reported and skipped, as OpenSSH does; parsing never throws.
 */

export type Marker = 'revoked' | 'cert-authority';

export interface KnownHostEntry {
  file: string;
  line: number;
  marker?: Marker;
  /** Plain patterns, or empty when the entry is hashed. */
  patterns: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  key: Buffer;
}

export interface KnownHostsProblem {
  file: string;
  line: number;
  message: string;
}

export interface KnownHostsFile {
  entries: KnownHostEntry[];
  problems: KnownHostsProblem[];
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decode64(text: string): Buffer | undefined {
  if (!BASE64.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, 'base64');
}

/** The key type named inside an SSH public key blob (RFC 4253 §6.6). */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || blob.length < 4 + len) return undefined;
  const type = blob.subarray(4, 4 + len).toString('latin1');
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** `host` for port 22, `[host]:port` otherwise: how OpenSSH names a host in known_hosts. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

function parseHostField(field: string): Pick<KnownHostEntry, 'patterns' | 'hashed'> | string {
  if (!field.startsWith('|')) return { patterns: field.split(',').filter(Boolean) };
  const parts = field.split('|');
  if (parts.length !== 4 || parts[1] !== '1') return 'unsupported hashed host format (expected |1|salt|hash)';
  const salt = decode64(parts[2] as string);
  const hash = decode64(parts[3] as string);
  if (!salt || !hash || salt.length !== 20 || hash.length !== 20) return 'bad base64 in hashed host';
  return { patterns: [], hashed: { salt, hash } };
}

export function parseKnownHosts(text: string, file: string): KnownHostsFile {
  const entries: KnownHostEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: Marker | undefined;
    const problem = (message: string) => problems.push({ file, line: i + 1, message });
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else {
        problem(`unknown marker ${m}`);
        continue;
      }
    }
    const [hostField, keyType, keyText] = fields;
    if (!hostField || !keyType || !keyText) {
      problem('expected "hosts keytype base64-key"');
      continue;
    }
    const host = parseHostField(hostField);
    if (typeof host === 'string') {
      problem(host);
      continue;
    }
    const key = decode64(keyText);
    if (!key) {
      problem('key is not valid base64');
      continue;
    }
    if (keyTypeOfBlob(key) !== keyType) {
      problem(`key blob does not hold a ${keyType} key`);
      continue;
    }
    entries.push({ file, line: i + 1, ...(marker ? { marker } : {}), ...host, keyType, key });
  }
  return { entries, problems };
}

export function entryMatchesHost(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) {
    const mac = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return mac.equals(entry.hashed.hash);
  }
  return matchPatternList(name, entry.patterns) === 'match';
}

/** Reads and parses several files; a missing file is simply empty. */
export async function loadKnownHosts(files: readonly string[]): Promise<KnownHostsFile> {
  const all: KnownHostsFile = { entries: [], problems: [] };
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        all.problems.push({ file, line: 0, message: `cannot read: ${(err as Error).message}` });
      }
      continue;
    }
    const parsed = parseKnownHosts(text, file);
    all.entries.push(...parsed.entries);
    all.problems.push(...parsed.problems);
  }
  return all;
}

/** A plain known_hosts line for `name` ([host]:port form already applied). */
export function formatKnownHostsLine(name: string, blob: Buffer): string {
  const type = keyTypeOfBlob(blob) ?? 'unknown';
  return `${name} ${type} ${blob.toString('base64')}`;
}
