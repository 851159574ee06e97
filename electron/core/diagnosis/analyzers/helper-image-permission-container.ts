import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { configuredRunners } from '../derive/config-runners';
import { matchesOf, type Facts, type Located } from '../facts';
import { claim, evidence, fix, LOG_KINDS } from '../finding';
import { inRange, KNOWN_RANGES, rangeText, versionsOf } from '../versions';

const HELPER_REPO = 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper';

/** The registry's helper image for a runner revision: what pin-helper-image writes. */
export const helperImageFor = (revision: string) => `${HELPER_REPO}:x86_64-${revision}`;

/**
 * A failure from before the fix: the same host's (or folder's) config.toml now pins the
 * registry's helper image for the runner's revision, and the runner's log shows it loaded a
 * config after the failure (the reload or restart that took the pin in).
 */
function pinnedSince(facts: Facts, failure: Located): boolean {
  const dir = failure.file.slice(0, failure.file.lastIndexOf('/') + 1);
  const inDir = (f: string) => f.startsWith(dir);
  const revision = runnerRevisionOf(facts, inDir);
  if (!revision) return false;
  const pinned = configuredRunners(facts).some((r) => inDir(r.config.source.file) && r.runner.helperImage === helperImageFor(revision));
  return pinned && matchesOf(facts, 'config-loaded').some((m) => m.file === failure.file && m.line > failure.line);
}

/** The runner's revision from `gitlab-runner --version` / job headers, else from a `Using helper image … default would be …` line. */
export function runnerRevisionOf(facts: Facts, inFiles?: (file: string) => boolean): string | undefined {
  const versions = versionsOf(facts, 'runner', inFiles);
  const affected = versions.filter((v) => inRange(v.version, KNOWN_RANGES.podmanPermissionContainer.min, KNOWN_RANGES.podmanPermissionContainer.max));
  const version = affected.find((v) => v.revision) ?? versions.find((v) => v.revision);
  const overrides = matchesOf(facts, 'helper-image').filter((m) => m.fields.default && (!inFiles || inFiles(m.file)));
  return version?.revision ?? /x86_64-([0-9a-f]{8,40})/.exec(overrides[0]?.fields.default ?? '')?.[1];
}

/**
 * Seed 003: with gitlab-runner 16.6.0/16.6.1 and rootless podman, every job with a cache
 * volume fails: `Job failed: adding cache volume: set volume permissions: running permission
 * container "<id>" for volume "…": waiting for permission container to finish: exit code 127`
 * (ERROR in the job log, WARNING in the runner's own log). 16.5.0 works; pinning
 * `helper_image` to the registry's `x86_64-<revision>` image works around it. Correlates the
 * runner version (job log header, `gitlab-runner --version`, managers API), podman (podman
 * info/images, a podman socket in config.toml) and the exit code.
 * Not fired by: `Job failed: exit code 127` from a job script (a missing command).
 */
export const helperImagePermissionContainer: Analyzer = {
  id: 'helper-image-permission-container',
  label: msg('helper-image-permission-container.label'),
  explains: ['permission-container-failed'],
  analyze(facts: Facts): Draft[] {
    const failures = matchesOf(facts, 'permission-container-failed').filter((m) => m.fields.exitCode === '127' && !pinnedSince(facts, m));
    if (!failures.length) return [];
    const runnerVersions = versionsOf(facts, 'runner');
    const affected = runnerVersions.filter((v) => inRange(v.version, KNOWN_RANGES.podmanPermissionContainer.min, KNOWN_RANGES.podmanPermissionContainer.max));
    const version = affected[0] ?? runnerVersions[0];
    const podmanEngines = facts.host.containerEngines.filter((e) => e.engine === 'podman');
    const podmanSockets: Located[] = configuredRunners(facts).filter((r) => /podman/.test(r.runner.dockerHost ?? '')).map((r) => r.config.at(`runners[${r.runner.index}].docker.host`));
    const rootless = podmanEngines.find((e) => e.rootless === true);
    const helperImages = facts.host.images.filter((i) => i.repository.endsWith('gitlab-runner-helper'));
    const overrides = matchesOf(facts, 'helper-image').filter((m) => m.fields.default);
    const revision = version?.revision ?? runnerRevisionOf(facts);
    const pinned = helperImageFor(revision ?? '${CI_RUNNER_REVISION}');
    const podmanSeen = podmanEngines.length > 0 || podmanSockets.length > 0;
    const P = 'helper-image-permission-container';
    return [
      {
        id: 'helper-image-permission-container',
        severity: affected.length || podmanSeen ? 'error' : 'warning',
        title: msg(`${P}.title`),
        summary: [
          msg(`${P}.summary.what`),
          ...(version
            ? [msg(affected.length ? `${P}.summary.version.affected` : `${P}.summary.version.outside`, { version: `${version.version}${version.revision ? ` (${version.revision})` : ''}` })]
            : []),
          ...(podmanSeen ? [msg(rootless ? `${P}.summary.podman.rootless` : `${P}.summary.podman`)] : []),
          helperImages[0] ? msg(`${P}.summary.helperImage.localId`, { id: helperImages[0].id }) : msg(`${P}.summary.helperImage`),
        ],
        evidence: evidence(failures.slice(0, 3), version, rootless ?? podmanEngines[0], podmanSockets, helperImages.slice(0, 2), overrides.slice(0, 1)),
        fixes: [
          fix('pin-helper-image', msg(`${P}.fix.pin-helper-image.title`, { image: pinned })),
          fix('upgrade-runner', msg(`${P}.fix.upgrade-runner.title`), msg(`${P}.fix.upgrade-runner.manual`)),
        ],
        references: ['gitlab-runner#37336', 'gitlab-runner#36950', 'gitlab-runner#29576'],
        ruledOut: [
          claim(facts, LOG_KINDS, msg(`${P}.ruledOut.permissionContainer`)),
          ...(helperImages.length ? [claim(facts, ['podman-images', 'docker-images'], msg(`${P}.ruledOut.helperPresent`))] : []),
        ],
        versions: rangeText('podmanPermissionContainer', version?.version),
      },
    ];
  },
};
