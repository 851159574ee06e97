import { list, msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { str } from '../extract/structured';
import { kubeObjectsOf, matchesOf, type Facts, type Located } from '../facts';
import { claim, evidence, failingLinesAfter, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';
import { subjects } from '../../../../shared/subjects';

const PULL_FAILED: LogSignature = {
  id: 'image-pull-failed',
  hints: ['failed to pull image', 'image pull failed', 'ErrImagePull', 'ImagePullBackOff', 'Back-off pulling image', 'pull access denied for', 'No such image:'],
  pattern: /(?:failed to pull image|Back-off pulling image) \\?"(?<image>[^"\\]+)\\?"|image pull failed: (?<detail>[^"\n]+)|(?<kube>ErrImagePull|ImagePullBackOff)|pull access denied for (?<repo>[^\s,]+)|No such image: (?<missing>[^\s"]+)/,
};

type Why = 'trust' | 'dns' | 'auth' | 'missing' | 'rate' | 'other';
const WHY: [RegExp, Why][] = [
  [/x509|certificate/, 'trust'],
  [/no such host|server misbehaving|i\/o timeout|connection refused/, 'dns'],
  [/toomanyrequests|rate limit/i, 'rate'],
  [/denied|unauthorized|authentication required|403/, 'auth'],
  [/not found|manifest unknown|does not exist|No such image/, 'missing'],
];
/** Each cause's advice is `image-pull-failed.why.<cause>` in the catalogs. */

/**
 * The image a job needs cannot be pulled: `ERROR: Job failed: failed to pull image "…" with
 * specified policies [always]: …` (Docker), `prepare environment: image pull failed: Back-off
 * pulling image "…"`, `ErrImagePull`/`ImagePullBackOff` (Kubernetes, also as pod Events).
 * Says why from the error: an untrusted registry certificate, DNS, credentials, a missing
 * tag, rate limits. The job fails before its script runs; a pod waiting on it times out.
 * Not fired by: `WARNING: Failed to pull image with policy "…"` retries that later succeed.
 */
export const imagePullFailed: Analyzer = {
  id: 'image-pull-failed',
  label: msg('image-pull-failed.label'),
  signatures: [PULL_FAILED],
  causes: ['kube-pod-start-timeout'],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, PULL_FAILED).filter((m) => !/WARNING: Failed to pull image with policy/.test(m.excerpt));
    const events: Located[] = kubeObjectsOf(facts, 'Event')
      .filter((e) => /ErrImagePull|ImagePullBackOff|Failed to pull image/.test(`${str(e.object.reason) ?? ''} ${str(e.object.message) ?? ''}`))
      .map((e) => e.at(['message']));
    if (!lines.length && !events.length) return [];
    const all = [...lines.map((m) => m.excerpt), ...events.map((e) => e.excerpt)].join('\n');
    const whys = [...new Set(WHY.filter(([re]) => re.test(all)).map(([, w]) => w))];
    const image = lines.map((m) => m.fields.image ?? m.fields.repo ?? m.fields.missing).find(Boolean) ?? /image "([^"]+)"/.exec(all)?.[1];
    return [
      {
        id: 'image-pull-failed',
        severity: 'error',
        title: image ? msg('image-pull-failed.title.image', { image }) : msg('image-pull-failed.title'),
        summary: [
          msg(image ? 'image-pull-failed.summary.image' : 'image-pull-failed.summary', {
            image,
            why: list((whys.length ? whys : ['other' as Why]).map((w) => msg(`image-pull-failed.why.${w}`)), 'semicolon'),
          }),
        ],
        evidence: evidence(lines.slice(0, 3), events.slice(0, 3), lines[0] && failingLinesAfter(facts, lines[0], 1)),
        fixes: [fix('fix-image-pull', msg('image-pull-failed.fix.fix-image-pull.title'), msg('image-pull-failed.fix.fix-image-pull.manual'))],
        references: ['https://docs.gitlab.com/ci/docker/using_docker_images/#access-an-image-from-a-private-container-registry', 'https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff'],
        ruledOut: [claim(facts, [...LOG_KINDS, 'kube-object'], msg('image-pull-failed.ruledOut.forGood'))],
        ...(image ? { subject: subjects.image(image) } : {}),
      },
    ];
  },
};
