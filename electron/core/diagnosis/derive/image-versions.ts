import type { Facts } from '../facts';
import { containersOf, RUNNER_IMAGE } from '../extract/kube-objects';

/** Runner versions from manager images: `gitlab/gitlab-runner:alpine-v17.6.0`, `…/gitlab-runner:v16.6.1`. */
export function extractImageVersions(facts: Facts): void {
  for (const obj of facts.kubeObjects) {
    if (!['Pod', 'Deployment', 'StatefulSet', 'DaemonSet'].includes(obj.kind)) continue;
    for (const { container, path, init } of containersOf(obj)) {
      const image = typeof container.image === 'string' ? container.image : '';
      if (init || !RUNNER_IMAGE.test(image)) continue;
      const version = /:(?:[a-z0-9]+-)?v?(\d+\.\d+\.\d+)\b/.exec(image)?.[1];
      if (version) facts.versions.push({ product: 'runner', version, via: `image ${image} (${obj.kind} ${obj.name})`, ...obj.at([...path, 'image']) });
    }
  }
}
