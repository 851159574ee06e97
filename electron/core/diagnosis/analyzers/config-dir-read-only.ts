import type { Analyzer, Draft } from '../analyzer';
import { readOnlyConfigDirs } from '../derive/config-dir';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, fix } from '../finding';

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
  label: 'read-only config dir',
  causes: ['rotated-token-lost', 'runner-token-invalid'],
  explains: ['config-save-failed', 'system-id-not-saved', 'config-dir-denied'],
  analyze(facts: Facts): Draft[] {
    const mounts = readOnlyConfigDirs(facts);
    const { systemId, saveFailed, denied } = readOnlyLogLines(facts);
    if (!mounts.length && !systemId.length && !saveFailed.length && !denied.length) return [];
    const stateFileKey = facts.configs.flatMap((c) => c.issues.filter((i) => i.path?.endsWith('state_file')).map((i) => c.at(i.path!)));
    const homeIsRoot = denied.find((m) => /^\/\.gitlab-runner/.test(m.fields.path ?? ''));
    const where = mounts[0] ? `${mounts[0].workload.kind} ${mounts[0].workload.name} has ${mounts[0].how}` : homeIsRoot ? 'The runner runs as a user whose HOME is /, so it tries to create /.gitlab-runner' : 'The runner cannot write its config directory';
    const failed = saveFailed.length > 0 || denied.length > 0;
    return [
      {
        id: 'config-dir-read-only',
        severity: failed ? 'error' : 'warning',
        title: 'The runner\'s config directory is read-only',
        summary:
          `${where}. The runner must write in the directory of config.toml: \`.runner_system_id\` (its identity, so GitLab sees one runner manager instead of a new one at every restart) and config.toml itself when it rotates its token. ` +
          (failed ? 'The log shows writes failing. ' : systemId.length ? 'The log shows it could not save its system ID. ' : '') +
          'A ConfigMap volume is always read-only, whatever `readOnly` says. ' +
          (stateFileKey.length ? '`state_file` in config.toml does not help: it is not a config.toml key and the runner ignores it. ' : '') +
          'Give the runner a writable config directory: copy config.toml from the ConfigMap into an emptyDir at start, as the official Helm chart does, or point --config into one.',
        evidence: evidence(mounts.flatMap((m) => m.evidence), saveFailed.slice(0, 2), denied.slice(0, 2), systemId.slice(0, 2), stateFileKey),
        fixes: [fix('writable-config-dir', 'Copy config.toml from the ConfigMap into a writable emptyDir at start and run the runner from there')],
        references: ['https://docs.gitlab.com/runner/configuration/advanced-configuration/', 'https://docs.gitlab.com/runner/install/kubernetes/', 'gitlab-runner#29591'],
        ruledOut: [claim(facts, ['kube-object'], 'The Helm chart layout (ConfigMap copied into a writable /home/gitlab-runner/.gitlab-runner) is not what this runner uses.', { shown: mounts.length > 0, source: 'runner Deployment or Pod' })],
        ...(mounts[0] ? { subject: `${mounts[0].workload.kind} ${mounts[0].workload.namespace ? `${mounts[0].workload.namespace}/` : ''}${mounts[0].workload.name}` } : {}),
      },
    ];
  },
};
