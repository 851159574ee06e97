import type { VersionFact } from '../facts';
import { compareVersions, parseVersion } from '../versions';
import type { ConfigIssue, RunnerConfigFact } from './config-toml';

const older = (version: string, than: string) => {
  const a = parseVersion(version);
  const b = parseVersion(than);
  return Boolean(a && b && compareVersions(a, b) < 0);
};
const minor = (v: string) => parseVersion(v)?.slice(0, 2).join('.') ?? v;

/**
 * A config's problems for the runner release seen in the evidence: keys newer than that runner
 * are ignored by it; keys a newer release dropped are still read by it. Without a version, the
 * schema's own release is assumed.
 */
export function issuesForRunner(config: RunnerConfigFact, runner: VersionFact | undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of config.issues) {
    if (issue.removedIn && runner && older(runner.version, issue.removedIn)) {
      issues.push({ ...issue, severity: 'info', message: `${issue.message.replace(/ is no longer read since .*$/, '')} is still read by your runner ${minor(runner.version)}; gitlab-runner ${issue.removedIn} and later no longer read it.` });
    } else issues.push(issue);
  }
  if (!runner) return issues;
  for (const r of config.releases) {
    if (!older(runner.version, r.since)) continue;
    const where = r.path.includes('.') ? ` in [${r.path.slice(0, r.path.lastIndexOf('.')).replace(/\[\d+\]/g, '')}]` : '';
    issues.push({ severity: 'warning', message: `\`${r.key}\`${where} is not supported by your runner ${minor(runner.version)} (${runner.via}), added in ${r.since}: this runner ignores it.`, path: r.path });
  }
  return issues;
}

/** The oldest gitlab-runner release the evidence shows: the one a config must work with. */
export function oldestRunner(versions: readonly VersionFact[]): VersionFact | undefined {
  return versions
    .filter((v) => v.product === 'runner' && parseVersion(v.version))
    .sort((a, b) => compareVersions(parseVersion(a.version)!, parseVersion(b.version)!))[0];
}
