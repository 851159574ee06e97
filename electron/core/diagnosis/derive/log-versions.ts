import { matchesOf, type Facts } from '../facts';

/** Runner versions the logs state: `Runtime platform … version=…` and a job log's `Running with gitlab-runner X (rev)`. */
export function extractLogVersions(facts: Facts): void {
  for (const m of matchesOf(facts, 'runtime-platform', 'job-runner-version')) {
    const version = m.fields.version;
    if (!version || !/^\d+\.\d+\.\d+/.test(version)) continue;
    facts.versions.push({
      product: 'runner',
      version,
      ...(m.fields.revision ? { revision: m.fields.revision } : {}),
      via: m.signature === 'runtime-platform' ? 'runner log' : 'job log',
      file: m.file,
      line: m.line,
      excerpt: m.excerpt,
    });
  }
}
