import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabCluster, type LabCluster } from './lab-cluster';
import { seed002Kube } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import type { Scenario } from '../../../electron/core/demo-lab/world';
import { EvidenceStore } from '../../../electron/core/evidence/store';
import { collectKube } from '../../../electron/core/kube/collect-kube';
import { progressText } from '../../../electron/core/collect/progress';
import { textIn } from '../../../shared/i18n/text';
import type { Message } from '../../../shared/messages';

type Any = Record<string, any>;

/** Seed 002's two runner pods, one whose image will not pull and one waiting for a reason no catalog knows. */
const waitingPods: Scenario = {
  id: 'test-waiting-pods',
  title: 'runner pods waiting on an image and on an unknown reason',
  seed: 'test',
  apply(world) {
    const pods = world.kube.objects.filter((o: Any) => o.kind === 'Pod' && String(o.metadata?.name).startsWith('gitlab-runner-5c8d9f7b6-')) as Any[];
    const [pulling, odd] = pods;
    pulling!.status.containerStatuses[0].state = { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example/runner:v1"' } };
    odd!.status.containerStatuses[0].state = { waiting: { reason: 'SandboxNotReadyYet' } };
  },
};

let lab: LabCluster;
beforeAll(async () => {
  lab = await startLabCluster([seed002Kube, waitingPods]);
});
afterAll(async () => {
  await lab.stop();
});

describe("a pod's waiting reason, as the Collect step and the CLI's progress table show it", () => {
  it('a well-known reason gets Russian words with its Kubernetes name kept; an unknown one stays as written; English unchanged', async () => {
    const store = await EvidenceStore.create();
    try {
      const waiting = new Map<string, { message: string; text?: Message }>();
      await collectKube({ kubeconfig: lab.kubeconfig, context: 'lab', namespace: 'gitlab-runner-002' }, store, {
        onProgress: (source, state, said) => {
          if (state === 'pending' && source.part) waiting.set(source.part, progressText(said));
        },
      });
      const pulling = waiting.get('gitlab-runner-5c8d9f7b6-k2l9p');
      const odd = waiting.get('gitlab-runner-5c8d9f7b6-m4n7q');
      expect(pulling?.message).toBe('Waiting (gitlab-runner: ImagePullBackOff (Back-off pulling image "registry.example/runner:v1"))');
      expect(textIn(pulling!.message, pulling!.text, 'ru')).toBe('Ожидание (gitlab-runner: образ не скачивается (ImagePullBackOff) (Back-off pulling image "registry.example/runner:v1"))');
      expect(odd?.message).toBe('Waiting (gitlab-runner: SandboxNotReadyYet)');
      expect(textIn(odd!.message, odd!.text, 'ru')).toBe('Ожидание (gitlab-runner: SandboxNotReadyYet)');
    } finally {
      await store.dispose();
    }
  });
});
