import type { EvidenceKind } from '../../../shared/evidence';

/** How much of a file's start the sniffer reads. */
export const SNIFF_BYTES = 64 * 1024;

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

const has = (re: RegExp) => (head: string) => re.test(head);
const both = (a: RegExp, b: RegExp) => (head: string) => a.test(head) && b.test(head);

/** First non-empty line parsed as a JSON object, if it is one. */
function firstJsonLine(head: string): Record<string, unknown> | undefined {
  const line = head.split('\n', 20).find((l) => l.trim());
  if (!line?.trim().startsWith('{')) return undefined;
  try {
    const v = JSON.parse(line) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The runner's JSON log format: one object per line with `msg` and `level`/`time` (sorted keys). */
function isJsonLog(head: string): boolean {
  const obj = firstJsonLine(head);
  return !!obj && typeof obj.msg === 'string' && ('level' in obj || 'time' in obj);
}

const RUNNER_LOG_TEXT =
  /Checking for jobs\.\.\.|Submitting job to coordinator|Appending trace to coordinator|Runtime platform\s+arch=|Starting multi-runner|Configuration loaded|listen_address not defined|Initializing executor providers|Running in (?:system|user)-mode|Job succeeded|WARNING: Job failed|CONFIGURATION: Long polling|Verifying runner\.\.\.|Registering runner\.\.\.|Couldn't save new system ID|Failed to save config|creating directory: mkdir|Resetting runner token|level=(?:info|warning|error|debug|fatal|panic) msg=/;

/**
 * Content signatures, most specific first (CONTRACTS.md §2). Names are only a tie-breaker: a
 * customer's attachment called `output.txt` is still recognised as what it is.
 */
const SIGNATURES: { kind: EvidenceKind; test: (head: string) => boolean }[] = [
  { kind: 'gitlab-api', test: has(/^\s*\{\s*"(?:gitlabApi|gitlab_api)"\s*:/) },
  { kind: 'runner-log', test: isJsonLog },
  // kubectl get -o json: single objects and Lists
  { kind: 'kube-object', test: both(/^\s*\{[\s\S]*"apiVersion"\s*:\s*"[^"]*"/, /"kind"\s*:\s*"[A-Z]\w*"/) },
  { kind: 'podman-info', test: both(/^\s*\{[\s\S]*"host"\s*:\s*\{/, /"(?:buildahVersion|ociRuntime|graphRoot|cgroupManager)"/) },
  { kind: 'docker-info', test: has(/^\s*\{[\s\S]*"(?:ServerVersion|DockerRootDir)"\s*:/) },
  { kind: 'podman-images', test: both(/^\s*\[\s*\{/, /"(?:Id|ID)"\s*:[\s\S]*"(?:Names|RepoTags|RepoDigests)"|"(?:Names|RepoTags)"[\s\S]*"(?:Id|ID)"\s*:/) },
  { kind: 'docker-images', test: both(/^\s*\{[^\n]*"Repository"\s*:/, /"(?:ID|Tag)"\s*:/) },
  // GitLab API answers saved without the collector's envelope (curl output)
  {
    kind: 'gitlab-api',
    test: has(/^\s*[[{][\s\S]*"(?:web_url|runner_type|system_id|contacted_at|job_execution_status|token_expires_at|tag_list|is_shared|pipeline|scopes|enterprise)"\s*:/),
  },
  // kubectl get -o yaml, multi-document YAML
  { kind: 'kube-object', test: both(/^apiVersion:\s*\S+/m, /^kind:\s*[A-Z]\w*/m) },
  { kind: 'podman-info', test: both(/^host:\s*$/m, /^\s+(?:buildahVersion|ociRuntime|cgroupManager):/m) },
  { kind: 'docker-info', test: has(/^\s*Server Version:\s*\S+[\s\S]*(?:Storage Driver|Docker Root Dir):/m) },
  { kind: 'config-toml', test: has(/^\s*\[\[runners\]\]|^\s*concurrent\s*=\s*\d|^\s*check_interval\s*=\s*\d[\s\S]*^\s*\[session_server\]/m) },
  { kind: 'docker-images', test: has(/^REPOSITORY\s+TAG\s+IMAGE ID/m) },
  { kind: 'runner-version', test: both(/^Version:\s+\d+\.\d+\.\d+/m, /^Git revision:\s+[0-9a-f]+/m) },
  { kind: 'systemctl-status', test: both(/^\s*Loaded: (?:loaded|not-found|masked)/m, /^\s*Active: /m) },
  { kind: 'df', test: has(/^Filesystem\s+(?:Type\s+)?(?:Size|1K-blocks|1024-blocks|1M-blocks)\s+Used\s+Avail/m) },
  { kind: 'free', test: both(/^\s+total\s+used\s+free\b/m, /^Mem:/m) },
  {
    kind: 'curl-verbose',
    test: has(/^\*\s+(?:Trying|Connected to|Could not resolve|Host \S+ was resolved|connect to \S+ port|Failed to connect|SSL connection|ALPN)|^> (?:GET|POST|HEAD|PUT) \S+ HTTP\/|^curl: \(\d+\)/m),
  },
  {
    kind: 'dns-lookup',
    test: has(/^Server:\s+\S+\s*\nAddress:\s+\S+#\d+|^; <<>> DiG|^\S+ has (?:IPv6 )?address \d|^Host \S+ not found|^\*\* server can't find/m),
  },
  { kind: 'uname', test: has(/^Linux \S+ \d+\.\d+\S* #\d+/) },
  {
    kind: 'journal',
    test: has(/^-- (?:Logs begin at|Journal begins at|No entries)|^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ gitlab-runner\[\d+\]:|^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:[+-]\d\d:?\d\d|Z) \S+ gitlab-runner\[\d+\]:/m),
  },
  {
    kind: 'job-log',
    test: has(/^.{0,100}Running with gitlab-runner \d+\.\d+|^.{0,100}Preparing the "[\w+-]+" executor|^.{0,100}Executing "step_script" stage|^.{0,60}ERROR: Job failed(?: \(system failure\))?:/m),
  },
  { kind: 'runner-log', test: has(RUNNER_LOG_TEXT) },
];

/** Recognises an evidence kind from the start of a file's content. */
export function sniffKind(head: string): EvidenceKind {
  let text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  if (text.includes('\u001b')) text = text.replace(ANSI, '');
  text = text.replace(/\r\n/g, '\n');
  for (const sig of SIGNATURES) if (sig.test(text)) return sig.kind;
  return 'unknown';
}
