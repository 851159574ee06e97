import type { Facts, Located } from '../facts';
import { excerptOf } from '../scan/fields';
import type { ContainerEngineFact, ImageFact } from './containers';

export interface DfRow extends Located {
  filesystem: string;
  type?: string;
  usePercent: number;
  mount: string;
  size: string;
  avail: string;
}

export interface MemoryFact extends Located {
  totalMiB: number;
  availableMiB: number;
}

/** Outcome of a connectivity check the collector ran (curl -v, a DNS lookup). */
export interface NetworkCheckFact extends Located {
  tool: 'curl' | 'dns';
  outcome: 'ok' | 'dns' | 'refused' | 'timeout' | 'tls' | 'http-error' | 'unreachable';
  host?: string;
}

export interface HostFacts {
  df: DfRow[];
  memory: MemoryFact[];
  containerEngines: ContainerEngineFact[];
  images: ImageFact[];
  network: NetworkCheckFact[];
}

const loc = (file: string, lines: string[], i: number): Located => ({ file, line: i + 1, excerpt: excerptOf(lines[i] ?? '') });

/** `df -h`, `df -hT`, `df -k`: one row per filesystem (rows wrapped by long device names are joined). */
export function extractDf(file: string, text: string, facts: Facts): void {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^Filesystem\s+/.test(l));
  if (header < 0) return;
  const typed = /^Filesystem\s+Type\s/.test(lines[header]!);
  for (let i = header + 1; i < lines.length; i++) {
    let cols = lines[i]!.trim().split(/\s+/);
    let at = i;
    if (cols.length === 1 && cols[0] && i + 1 < lines.length) {
      cols = [cols[0], ...lines[i + 1]!.trim().split(/\s+/)];
      at = ++i;
    }
    const pct = cols.findIndex((c) => /^\d+%$/.test(c));
    if (pct < 0) continue;
    facts.host.df.push({
      filesystem: cols[0]!,
      ...(typed ? { type: cols[1]! } : {}),
      size: cols[pct - 3] ?? '',
      avail: cols[pct - 1] ?? '',
      usePercent: Number(cols[pct]!.slice(0, -1)),
      mount: cols.slice(pct + 1).join(' '),
      ...loc(file, lines, at),
    });
  }
}

const UNIT: Record<string, number> = { B: 1 / 1048576, K: 1 / 1024, Ki: 1 / 1024, M: 1, Mi: 1, G: 1024, Gi: 1024, T: 1048576, Ti: 1048576 };

function mib(value: string, defaultUnitMiB: number): number {
  const m = /^([\d.,]+)([KMGT]i?|B)?$/.exec(value);
  if (!m) return NaN;
  const n = Number(m[1]!.replace(',', '.'));
  return m[2] ? n * (UNIT[m[2]] ?? NaN) : n * defaultUnitMiB;
}

/** `free -m`, `free -h`, `free` (KiB). */
export function extractFree(file: string, text: string, facts: Facts): void {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /\btotal\s+used\s+free\b/.test(l));
  const row = lines.findIndex((l) => /^Mem:/.test(l));
  if (header < 0 || row < 0) return;
  const names = lines[header]!.trim().split(/\s+/);
  const values = lines[row]!.trim().split(/\s+/).slice(1);
  // Plain numbers are MiB (`free -m`) or KiB (`free`); no machine has 4 TiB of RAM in MiB terms.
  const unit = /^\d+$/.test(values[0] ?? '') && Number(values[0]) > 4_000_000 ? 1 / 1024 : 1;
  const get = (name: string) => {
    const i = names.indexOf(name);
    return i >= 0 && values[i] !== undefined ? mib(values[i]!, unit) : NaN;
  };
  const total = get('total');
  const available = Number.isNaN(get('available')) ? get('free') : get('available');
  if (Number.isFinite(total) && Number.isFinite(available)) facts.host.memory.push({ totalMiB: total, availableMiB: available, ...loc(file, lines, row) });
}

/** `gitlab-runner --version`. */
export function extractRunnerVersion(file: string, text: string, facts: Facts): void {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^Version:\s+\d+\.\d+\.\d+/.test(l));
  if (i < 0) return;
  const version = /^Version:\s+(\S+)/.exec(lines[i]!)![1]!;
  const revision = text.match(/^Git revision:\s+([0-9a-f]{7,40})/m)?.[1];
  facts.versions.push({ product: 'runner', version, ...(revision ? { revision } : {}), via: '`gitlab-runner --version`', ...loc(file, lines, i) });
}

function hostOf(text: string): string | undefined {
  return /(?:Could not resolve host:?|Connected to|Failed to connect to|Trying|resolve|find|lookup)\s+([A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(text)?.[1];
}

/** `curl -v https://gitlab…`: what stopped the connection, or that it worked. */
export function extractCurl(file: string, text: string, facts: Facts): void {
  const lines = text.split('\n');
  const rules: [RegExp, NetworkCheckFact['outcome']][] = [
    [/Could not resolve host|curl: \(6\)/, 'dns'],
    [/Connection refused|curl: \(7\)/, 'refused'],
    [/Connection timed out|Operation timed out|timed out after|curl: \(28\)/, 'timeout'],
    [/SSL certificate problem|curl: \(60\)|certificate verify failed|unable to get local issuer/, 'tls'],
    [/No route to host|Network is unreachable|Failed to connect to/, 'unreachable'],
    [/^< HTTP\/[\d.]+ 5\d\d/, 'http-error'],
  ];
  for (const [re, outcome] of rules) {
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) {
      const host = hostOf(text);
      facts.host.network.push({ tool: 'curl', outcome, ...(host ? { host } : {}), ...loc(file, lines, i) });
      return;
    }
  }
  const ok = lines.findIndex((l) => /^< HTTP\/[\d.]+ [1-4]\d\d/.test(l));
  if (ok >= 0) {
    const host = hostOf(text);
    facts.host.network.push({ tool: 'curl', outcome: 'ok', ...(host ? { host } : {}), ...loc(file, lines, ok) });
  }
}

/** `nslookup`, `dig`, `host`, `getent hosts` output. */
export function extractDns(file: string, text: string, facts: Facts): void {
  const lines = text.split('\n');
  const fail = lines.findIndex((l) => /NXDOMAIN|server can't find|not found: 3|SERVFAIL|no servers could be reached|connection timed out; no servers/i.test(l));
  const host = /(?:find|Host|QUESTION SECTION:\s*;|^Name:)\s*([A-Za-z0-9.-]+\.[A-Za-z]{2,})/m.exec(text)?.[1];
  if (fail >= 0) {
    facts.host.network.push({ tool: 'dns', outcome: /no servers|timed out/i.test(lines[fail]!) ? 'timeout' : 'dns', ...(host ? { host } : {}), ...loc(file, lines, fail) });
    return;
  }
  const ok = lines.findIndex((l) => /^Address(?:es)?:\s*\d|has address|IN\s+A\s+\d|^\d+\.\d+\.\d+\.\d+\s+\S/.test(l) && !/#53$/.test(l));
  if (ok >= 0) facts.host.network.push({ tool: 'dns', outcome: 'ok', ...(host ? { host } : {}), ...loc(file, lines, ok) });
}
