import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment, evidencePaths, GITLAB_EVIDENCE, listedKindOf, parseEvidencePath } from '../../../shared/evidence-layout';
import { safeEvidencePath } from '../../../electron/core/evidence/store';
import { configFileSource } from '../../../electron/core/diagnosis/extract/config-toml';
import { gitlabRunnerOf, placeOf } from '../../../electron/core/diagnosis/derive/places';

const RUNS = 300;

/** Names as users write them, and names that break a naive layout: slashes, dots, colons, unicode. */
const name = fc.oneof(
  fc.string({ minLength: 1, unit: 'grapheme' }),
  fc.constantFrom('.', '..', '...', '+', '+2F', 'a/b', 'a\\b', ' ', 'arn:aws:eks:eu-west-1:123:cluster/prod', 'kind-ü', 'gke_p_z_c', 'root@host:2222', 'évidence', 'evidence', 'kube', 'ssh', 'gitlab', 'files', 'pods', 'configmaps', 'x.previous'),
  fc.stringMatching(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
);

/** What the bundle writer does to a path, then how diagnosis sees it (below `evidence/`). */
const stored = (path: string) => safeEvidencePath(path);

describe('evidence layout, built and read in one place', () => {
  it('a name survives the bundle path rules and reads back exactly', () => {
    fc.assert(
      fc.property(name, (n) => {
        const segment = encodeSegment(n);
        expect(stored(segment)).toBe(`evidence/${segment}`);
        expect(decodeSegment(segment)).toBe(n);
      }),
      { numRuns: RUNS },
    );
  });

  it('parse(build(x)) is x for namespaces, pod logs, ConfigMap keys and hosts', () => {
    fc.assert(
      fc.property(name, name, name, name, fc.boolean(), (context, namespace, pod, container, previous) => {
        expect(parseEvidencePath(stored(evidencePaths.kubeFile(context, namespace, 'pods.yaml')))).toEqual({ source: 'kube', context, namespace });
        expect(parseEvidencePath(stored(evidencePaths.podLog(context, namespace, pod, container, previous)))).toEqual({
          source: 'kube',
          context,
          namespace,
          podLog: { pod, container, previous },
        });
        expect(parseEvidencePath(stored(evidencePaths.configMapKey(context, namespace, pod, container)))).toEqual({
          source: 'kube',
          context,
          namespace,
          configMap: { name: pod, key: container },
        });
        expect(parseEvidencePath(stored(evidencePaths.sshFile(context, 'config.toml')))).toEqual({ source: 'ssh', host: context });
        expect(parseEvidencePath(evidencePaths.kubeFile(context, namespace, 'events.yaml'))).toEqual({ source: 'kube', context, namespace });
      }),
      { numRuns: RUNS },
    );
  });

  it('diagnosis places evidence under the source id the collector reported', () => {
    const context = 'arn:aws:eks:eu-west-1:123:cluster/prod';
    const file = stored(evidencePaths.podLog(context, 'gitlab-runner', 'gitlab-runner-7d9f', 'gitlab-runner', false));
    expect(file).toBe('evidence/kube/arn+3Aaws+3Aeks+3Aeu-west-1+3A123+3Acluster+2Fprod/gitlab-runner/pods/gitlab-runner-7d9f/gitlab-runner.log');
    expect(placeOf(file)).toBe(`kube:${context}/gitlab-runner`);
    expect(placeOf(stored(evidencePaths.sshFile('root@runner:2222', 'journal.log')))).toBe('ssh:root@runner:2222');
    const cm = configFileSource(stored(evidencePaths.configMapKey(context, 'ci', 'gitlab-runner', 'config.toml')));
    expect(cm.configMap).toEqual({ namespace: 'ci', name: 'gitlab-runner', key: 'config.toml' });
    expect(gitlabRunnerOf(stored(GITLAB_EVIDENCE.managers(42)))).toBe('42');
    expect(gitlabRunnerOf(stored(GITLAB_EVIDENCE.runners))).toBeUndefined();
  });

  it('reads the paths of bundles written before names were escaped, and of unpacked bundles', () => {
    expect(placeOf('evidence/kube/eks-prod/gitlab-runner/secrets.yaml')).toBe('kube:eks-prod/gitlab-runner');
    expect(placeOf('/home/me/Downloads/bundle/evidence/kube/prod/ci/pods/p/c.previous.log')).toBe('kube:prod/ci');
    expect(parseEvidencePath('kube/prod/ci/pods/p/c.previous.log')).toEqual({
      source: 'kube',
      context: 'prod',
      namespace: 'ci',
      podLog: { pod: 'p', container: 'c', previous: true },
    });
    expect(placeOf('bundle/ssh/runner-1/config.toml')).toBe('ssh:runner-1');
    expect(gitlabRunnerOf('gitlab/runners-7.json')).toBe('7');
    expect(placeOf('config.toml')).toBeUndefined();
    expect(placeOf('files/logs/runner.log')).toBeUndefined();
  });

  it('an empty list still says what it held, by its file name', () => {
    expect(listedKindOf('evidence/kube/prod/ci/resourcequotas.yaml')).toBe('ResourceQuota');
    expect(listedKindOf('pods.json')).toBe('Pod');
    expect(listedKindOf('runner-managers.yaml')).toBeUndefined();
  });
});
