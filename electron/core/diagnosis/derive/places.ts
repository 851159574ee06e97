/**
 * Where a piece of evidence was collected, read from the bundle's layout: a Kubernetes
 * namespace (`kube/<context>/<namespace>/…`) or an SSH host (`ssh/<host>/…`). A loose file
 * given to `analyze` has no place.
 */
export function placeOf(file: string): string | undefined {
  const kube = /(?:^|\/)kube\/([^/]+)\/([^/]+)\//.exec(file);
  if (kube) return `kube:${kube[1]}/${kube[2]}`;
  const ssh = /(?:^|\/)ssh\/([^/]+)\//.exec(file);
  return ssh ? `ssh:${ssh[1]}` : undefined;
}

/** The GitLab runner an API answer is about, from `gitlab/runners/<id>…` or `gitlab/runners-<id>…`. */
export function gitlabRunnerOf(file: string): string | undefined {
  return /(?:^|\/)gitlab\/runners[/-](\d+)/.exec(file)?.[1];
}

/** Evidence from one place belongs with facts from that place; a loose file goes with anything. */
export function samePlace(a: string, b: string): boolean {
  const pa = placeOf(a);
  const pb = placeOf(b);
  return !pa || !pb || pa === pb;
}
