import type { VersionFact } from '../facts';
import { compareVersions, parseVersion } from '../versions';
import { list, msg } from '../../../../shared/messages';
import { rangeMessage } from './config-schema';
import { issueText, type ConfigIssue, type ReleaseRange, type RunnerConfigFact } from './config-toml';

const older = (version: string, than: string) => {
  const a = parseVersion(version);
  const b = parseVersion(than);
  return Boolean(a && b && compareVersions(a, b) < 0);
};
const minor = (v: string) => parseVersion(v)?.slice(0, 2).join('.') ?? v;
const within = (version: string, ranges: readonly ReleaseRange[]) => ranges.some((r) => !older(version, r.from) && (!r.until || older(version, r.until)));
const keyOf = (path: string) => path.slice(path.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');

/**
 * A config's problems for the runner release seen in the evidence: keys newer than that runner
 * are ignored by it; keys a newer release dropped are still read by it. Without a version, the
 * schema's own release is assumed.
 */
export function issuesForRunner(config: RunnerConfigFact, runner: VersionFact | undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of config.issues) {
    if (issue.formReadIn && runner && within(runner.version, issue.formReadIn)) {
      const later = issue.formReadIn.find((r) => r.until && !older(runner.version, r.from))?.until;
      issues.push({ ...issue, severity: 'info', ...issueText(later ? 'stillReadsForm.later' : 'stillReadsForm', { key: keyOf(issue.path ?? ''), runner: minor(runner.version), later }) });
    } else if (issue.removedIn && runner && older(runner.version, issue.removedIn)) {
      issues.push({ ...issue, severity: 'info', ...issueText('removed.stillRead', { key: issue.text.params?.key, runner: minor(runner.version), removedIn: issue.removedIn }) });
    } else issues.push(issue);
  }
  if (!runner) return issues;
  for (const r of config.releases) {
    const refusedNow = config.issues.some((i) => i.formReadIn && (i.path === r.path || i.path?.startsWith(`${r.path}[`)));
    if (r.formReadIn && !refusedNow && !older(runner.version, r.since) && !within(runner.version, r.formReadIn)) {
      issues.push({ severity: 'error', ...issueText('cannotDecode', { key: r.key, runner: minor(runner.version), via: runner.via, ranges: list(r.formReadIn.map(rangeMessage), 'comma') }), path: r.path });
    }
    if (!older(runner.version, r.since)) continue;
    const key = r.path.includes('.') ? msg('config-invalid.key.inSection', { key: r.key, section: `[${r.path.slice(0, r.path.lastIndexOf('.')).replace(/\[\d+\]/g, '')}]` }) : msg('config-invalid.key', { key: r.key });
    issues.push({ severity: 'warning', ...issueText('tooNew', { key, runner: minor(runner.version), via: runner.via, since: r.since }), path: r.path });
  }
  return issues;
}

/** The oldest gitlab-runner release the evidence shows: the one a config must work with. */
export function oldestRunner(versions: readonly VersionFact[]): VersionFact | undefined {
  return versions
    .filter((v) => v.product === 'runner' && parseVersion(v.version))
    .sort((a, b) => compareVersions(parseVersion(a.version)!, parseVersion(b.version)!))[0];
}
