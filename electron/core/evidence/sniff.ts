import type { EvidenceKind } from '../../../shared/evidence';

/** How much of a file's start the sniffer reads. */
export const SNIFF_BYTES = 64 * 1024;

interface Signature {
  kind: EvidenceKind;
  test: (head: string) => boolean;
}

const has = (re: RegExp) => (head: string) => re.test(head);

/**
 * Content signatures, most specific first. Names are only a tie-breaker: a customer's
 * attachment called `output.txt` is still recognised as what it is.
 */
const SIGNATURES: Signature[] = [
  { kind: 'gitlab-api', test: has(/^\s*\{\s*"(?:gitlabApi|gitlab_api)"\s*:/) },
  { kind: 'kube-object', test: has(/^\s*\{[\s\S]*"apiVersion"\s*:\s*"[^"]*"[\s\S]*"kind"\s*:|^\s*\{[\s\S]*"kind"\s*:\s*"[A-Z]\w*"[\s\S]*"apiVersion"/) },
  { kind: 'kube-object', test: has(/^(?:---\s*\n)?(?:#.*\n)*(?:apiVersion:\s*\S+\s*\n(?:[\s\S]*\n)?kind:\s*[A-Z]|kind:\s*[A-Z]\w*\s*\n(?:[\s\S]*\n)?apiVersion:)/) },
  { kind: 'config-toml', test: has(/^\s*\[\[runners\]\]|^\s*concurrent\s*=\s*\d/m) },
  { kind: 'podman-info', test: has(/^\s*\{\s*"host"\s*:\s*\{[\s\S]*"(?:buildahVersion|ociRuntime)"/) },
  { kind: 'docker-info', test: has(/^\s*\{[\s\S]*"(?:ServerVersion|DockerRootDir)"\s*:/) },
  { kind: 'podman-images', test: has(/^\s*\[\s*\{[\s\S]*"(?:Names|Id)"\s*:[\s\S]*"(?:Created|CreatedAt|Size)"/) },
  { kind: 'docker-images', test: has(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE/m) },
  { kind: 'runner-version', test: has(/^Version:\s+\d+\.\d+\.\d+[\s\S]*Git revision:/m) },
  { kind: 'systemctl-status', test: has(/^[●○×]?\s*gitlab-runner(?:\.service)?\s+-\s+[\s\S]*Loaded:/m) },
  { kind: 'journal', test: has(/^[A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d \S+ gitlab-runner\[\d+\]:/m) },
  { kind: 'df', test: has(/^Filesystem\s+(?:Size|1K-blocks)\s+Used\s+Avail/m) },
  { kind: 'free', test: has(/^\s+total\s+used\s+free\s+shared\s+buff\/cache\s+available\s*\nMem:/m) },
  { kind: 'curl-verbose', test: has(/^[*>] (?:Trying|Connected to|  Trying)|^\* (?:Host |Could not resolve)/m) },
  { kind: 'uname', test: has(/^Linux \S+ \d+\.\d+\S* #\d+/) },
  {
    kind: 'job-log',
    test: has(/^(?:\S+ \S+ )?Running with gitlab-runner \d+\.\d+|^(?:\S+ \S+ )?Preparing the "\w+" executor/m),
  },
  {
    kind: 'runner-log',
    test: has(
      /Checking for jobs\.\.\.|Submitting job to coordinator|Appending trace to coordinator|Runtime platform\s+arch=|Starting multi-runner|Configuration loaded|Job succeeded|Job failed|"msg":"(?:Checking for jobs|Submitting job|Appending trace|Runtime platform)|CONFIGURATION: Long polling|Verifying runner\.\.\.|Couldn't save new system ID|Failed to save config/,
    ),
  },
];

/** Recognises an evidence kind from the start of a file's content. */
export function sniffKind(head: string): EvidenceKind {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  for (const sig of SIGNATURES) if (sig.test(text)) return sig.kind;
  return 'unknown';
}
