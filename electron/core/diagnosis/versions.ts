import type { Facts, VersionFact } from './facts';
import { msg, type Message } from '../../../shared/messages';

export type Semver = readonly [number, number, number];

export function parseVersion(v: string | undefined): Semver | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export function compareVersions(a: Semver, b: Semver): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Inclusive range check; either end may be open. */
export function inRange(v: string | undefined, min?: string, max?: string): boolean {
  const p = parseVersion(v);
  if (!p) return false;
  const lo = parseVersion(min);
  const hi = parseVersion(max);
  return (!lo || compareVersions(p, lo) >= 0) && (!hi || compareVersions(p, hi) <= 0);
}

/** Distinct versions of a product seen in the evidence, first sighting of each. */
export function versionsOf(facts: Facts, product: VersionFact['product'], inFiles?: (file: string) => boolean): VersionFact[] {
  const seen = new Map<string, VersionFact>();
  for (const v of facts.versions) {
    if (v.product !== product || (inFiles && !inFiles(v.file))) continue;
    const key = parseVersion(v.version)?.join('.') ?? v.version;
    if (!seen.has(key)) seen.set(key, v);
  }
  return [...seen.values()];
}

/**
 * Known-bad version ranges the findings quote, with what fixes them (FIELD-NOTES.md §3).
 * Fixed-in versions are stated only where a fix is documented; each range's words are
 * `versions.<name>` in shared/i18n/findings.*.json.
 */
export const KNOWN_RANGES = {
  podmanPermissionContainer: {
    product: 'runner' as const,
    min: '16.6.0',
    max: '16.6.1',
  },
  jobTokenTtl: {
    product: 'gitlab' as const,
    max: '18.8.99',
    fixedIn: '18.9',
  },
  secretLeak: {
    product: 'runner' as const,
    max: '14.1.99',
    fixedIn: '14.2.0',
  },
  registrationTokens: {
    product: 'gitlab' as const,
    min: '17.0.0',
  },
};

/** A known range in words, with the version the evidence shows: "…; this runner: 16.6.1". */
export function rangeText(range: keyof typeof KNOWN_RANGES, seen?: string): Message {
  const text = msg(`versions.${range}`);
  if (!seen) return text;
  return msg(KNOWN_RANGES[range].product === 'gitlab' ? 'versions.seen.gitlab' : 'versions.seen.runner', { range: text, version: seen });
}
