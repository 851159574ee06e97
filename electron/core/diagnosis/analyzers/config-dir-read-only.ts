import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { readOnlyConfigDirs } from '../derive/config-dir';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, fix } from '../finding';
import { subjects } from '../../../../shared/subjects';

/** Log lines proving the runner could not write its config directory. */
export function readOnlyLogLines(facts: Facts) {
  return {
    systemId: matchesOf(facts, 'system-id-not-saved'),
    saveFailed: matchesOf(facts, 'config-save-failed'),
    denied: matchesOf(facts, 'config-dir-denied'),
  };
}

/**
 * Seed 002: the runner's config directory is read-only. The runner writes `.runner_system_id`
 * next to config.toml, and config.toml itself when it rotates its token; a ConfigMap volume
 * is always read-only. Looks for: a runner Deployment/StatefulSet/Pod mounting a ConfigMap,
 * Secret or readOnly volume at its config directory without a writable copy, and the log
 * lines `Couldn't save new system ID on state file`, `Failed to save config`,
 * `mkdir /.gitlab-runner: permission denied`, `…config.toml: read-only file system`.
 * Not fired by: the Helm chart's layout (ConfigMap at /configmaps copied into a writable
 * emptyDir at /home/gitlab-runner/.gitlab-runner).
 */
export const configDirReadOnly: Analyzer = {
  id: 'config-dir-read-only',
  label: msg('config-dir-read-only.label'),
  causes: ['rotated-token-lost', 'runner-token-invalid'],
  explains: ['config-save-failed', 'system-id-not-saved', 'config-dir-denied'],
  analyze(facts: Facts): Draft[] {
    const mounts = readOnlyConfigDirs(facts);
    const { systemId, saveFailed, denied } = readOnlyLogLines(facts);
    if (!mounts.length && !systemId.length && !saveFailed.length && !denied.length) return [];
    const stateFileKey = facts.configs.flatMap((c) => c.issues.filter((i) => i.path?.endsWith('state_file')).map((i) => c.at(i.path!)));
    const homeIsRoot = denied.find((m) => /^\/\.gitlab-runner/.test(m.fields.path ?? ''));
    const failed = saveFailed.length > 0 || denied.length > 0;
    const P = 'config-dir-read-only.summary';
    const mount = mounts[0];
    return [
      {
        id: 'config-dir-read-only',
        severity: failed ? 'error' : 'warning',
        title: msg('config-dir-read-only.title'),
        summary: [
          mount
            ? msg(`${P}.where.mount`, { kind: mount.workload.kind, name: mount.workload.name, how: mount.how })
            : homeIsRoot
              ? msg(`${P}.where.homeIsRoot`)
              : msg(`${P}.where.unknown`),
          msg(`${P}.mustWrite`),
          ...(failed ? [msg(`${P}.writesFailing`)] : systemId.length ? [msg(`${P}.systemIdNotSaved`)] : []),
          msg(`${P}.configMapReadOnly`),
          ...(stateFileKey.length ? [msg(`${P}.stateFile`)] : []),
          msg(`${P}.advice`),
        ],
        evidence: evidence(mounts.flatMap((m) => m.evidence), saveFailed.slice(0, 2), denied.slice(0, 2), systemId.slice(0, 2), stateFileKey),
        fixes: [fix('writable-config-dir', msg('config-dir-read-only.fix.writable-config-dir.title'))],
        references: ['https://docs.gitlab.com/runner/configuration/advanced-configuration/', 'https://docs.gitlab.com/runner/install/kubernetes/', 'gitlab-runner#29591'],
        ruledOut: [claim(facts, ['kube-object'], msg('config-dir-read-only.ruledOut.helmLayout'), { shown: mounts.length > 0, source: msg('source.runnerWorkload') })],
        ...(mounts[0] ? { subject: subjects.workload(mounts[0].workload.kind, `${mounts[0].workload.namespace ? `${mounts[0].workload.namespace}/` : ''}${mounts[0].workload.name}`) } : {}),
      },
    ];
  },
};
