import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as tls from 'node:tls';
import { GitlabError } from './errors';
import { msg } from '../../../shared/messages';

export interface CaBundle {
  /** One PEM string per certificate. */
  pems: string[];
  /** Subjects, for showing the user what they gave. */
  subjects: string[];
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Parses a user-supplied CA bundle (PEM). Refuses what is not one, with what to do instead. */
export function parseCaBundle(text: string): CaBundle {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) throw new GitlabError('invalid-input', msg('gitlab.caFile.privateKey'));
  const blocks = text.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) throw new GitlabError('invalid-input', msg('gitlab.caFile.noPem'));
  const subjects = blocks.map((pem, i) => {
    try {
      return new X509Certificate(pem).subject.replace(/\n/g, ', ');
    } catch {
      throw new GitlabError('invalid-input', msg('gitlab.caFile.badCertificate', { n: i + 1, total: blocks.length }));
    }
  });
  return { pems: blocks.map((b) => `${b}\n`), subjects };
}

let systemAndDefault: string[] | undefined;

/**
 * The CAs Node trusts by default (bundled roots plus NODE_EXTRA_CA_CERTS) and, where this
 * Node can read it, the operating system's store, where company CAs usually live.
 */
function baseTrust(): string[] {
  if (systemAndDefault) return systemAndDefault;
  const get = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  const set = new Set<string>(get ? get('default') : tls.rootCertificates);
  if (get) {
    try {
      for (const pem of get('system')) set.add(pem);
    } catch {
      // No readable system store here; the default set still applies.
    }
  }
  systemAndDefault = [...set];
  return systemAndDefault;
}

/** The `ca` option for TLS connections: base trust plus the user's bundle. */
export function trustedCas(bundle?: CaBundle): string[] {
  return bundle ? [...baseTrust(), ...bundle.pems] : baseTrust();
}

/** Reads a CA bundle file, with a message that names the file when it cannot. */
export async function readCaFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GitlabError('invalid-input', msg('gitlab.caFile.unreadable', { path, code: code ? ` (${code})` : '' }));
  }
}
