import type { EvidenceKind } from '../../../shared/evidence';

/** How much of a file's start the sniffer reads. */
export const SNIFF_BYTES = 64 * 1024;

// Terminal colours, raw or as syslog writes them (`#033[31;1m`).
const ANSI = /(?:\u001b|#033)\[[0-9;]*[A-Za-z]/g;

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
  /Checking for jobs\.\.\.|Processing chain|Failed to process runner|Cannot connect to the Docker daemon|WARNING: Failed to pull image|Shutting down runner|Starting runner|Feeding runners to channel|Resetting runner (?:authentication )?token|Submitting job to coordinator|Appending trace to coordinator|Runtime platform\s+arch=|Starting multi-runner|Configuration loaded|listen_address not defined|Initializing executor providers|Running in (?:system|user)-mode|Job succeeded|WARNING: Job failed|CONFIGURATION: Long polling|Verifying runner\.\.\.|Registering runner\.\.\.|Couldn't save new system ID|Failed to save config|creating directory: mkdir|Resetting runner token|level=(?:info|warning|error|debug|fatal|panic) msg=/;

/** Identifiers the runner's service logs under. */
const RUNNER_IDENT = String.raw`gitlab-(?:runner|ci-multi-runner)(?:\.service)?(?:\[\d+\])?:`;
/**
 * `journalctl -u gitlab-runner` in every output format: short (and -precise), short-full,
 * short-iso (and -precise), short-unix, short-monotonic, with-unit; verbose and export
 * (`_SYSTEMD_UNIT=gitlab-runner.service`); json and json-pretty (`"__CURSOR"`).
 */
const JOURNAL_LINE = new RegExp(
  String.raw`^(?:-- (?:Logs begin at|Journal begins at|No entries)` +
    String.raw`|(?:[A-Z][a-z]{2} )?(?:[A-Z][a-z]{2} [ \d]\d|\d{4}-\d\d-\d\d)[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?(?:[+-]\d\d:?\d\d|Z|[A-Z]{2,5}))? \S+ ${RUNNER_IDENT}` +
    String.raw`|\d{9,11}\.\d+ \S+ ${RUNNER_IDENT}` +
    String.raw`|\[\s*\d+\.\d+\] \S+ ${RUNNER_IDENT}` +
    String.raw`|\s*_SYSTEMD_UNIT=gitlab-(?:runner|ci-multi-runner)\.service$` +
    String.raw`|\s*SYSLOG_IDENTIFIER=gitlab-(?:runner|ci-multi-runner)$)`,
  'm',
);
const JOURNAL_JSON = /"__CURSOR"\s*:[\s\S]*"(?:_SYSTEMD_UNIT|SYSLOG_IDENTIFIER)"\s*:\s*"gitlab-(?:runner|ci-multi-runner)/;

function isJournal(head: string): boolean {
  return JOURNAL_LINE.test(head) || JOURNAL_JSON.test(head);
}

/** Lines only a job log has: stage banners, git checkout, cache and artifact steps, the executor's own. */
const JOB_LOG_LINES =
  /^.{0,60}(?:Getting source from Git repository|Fetching changes(?: with git depth set to \d+)?\.\.\.|Skipping Git submodules setup|Checking out [0-9a-f]{8} as |Cleaning up project directory and file based variables|Uploading artifacts for (?:successful|failed) job|Saving cache for (?:successful|failed) job|Restoring cache|Checking cache for \S+\.\.\.|Creating cache \S+\.\.\.|Uploading cache\.zip to https?:|Executing "\w+" stage of the job script|Using (?:Docker|Kubernetes|Shell|Custom|Docker Machine|docker-autoscaler|instance) executor|Waiting for pod \S+ to be running|Preparing environment|Running on runner-\S+ via|Job succeeded\s*$|section_(?:start|end):\d+:|Pulling docker image |Using docker image sha256:|\$ \S)/gm;
/** The banners a job log starts with, and its last words. */
const JOB_LOG_BANNERS = String.raw`Running with gitlab-runner \d+\.\d+|Preparing the "[\w+-]+" executor|Executing "step_script" stage`;
const JOB_LOG_FAILED = String.raw`ERROR: (?:Job failed(?: \(system failure\))?|Preparation failed):`;
const JOB_LOG_HEADER = new RegExp(String.raw`^.{0,100}(?:${JOB_LOG_BANNERS})|^.{0,60}${JOB_LOG_FAILED}`, 'm');

/**
 * The same phrases anywhere in the text. The line-anchored search (`^.{0,100}…`) tries every
 * length up to 100 at every line start, about 0.7 ms per 64 KiB head of a runner log; where
 * the phrases occur nowhere it cannot match, and the head is not searched that way.
 */
const JOB_LOG_HEADER_ANYWHERE = new RegExp(`${JOB_LOG_BANNERS}|${JOB_LOG_FAILED}`);

function hasJobLogHeader(head: string): boolean {
  return JOB_LOG_HEADER_ANYWHERE.test(head) && JOB_LOG_HEADER.test(head);
}

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
  // A job log's own banners win over the curl or dig output its script printed.
  { kind: 'job-log', test: hasJobLogHeader },
  {
    kind: 'curl-verbose',
    test: has(/^\*\s+(?:Trying|Connected to|Could not resolve|Host \S+ was resolved|connect to \S+ port|Failed to connect|SSL connection|ALPN)|^> (?:GET|POST|HEAD|PUT) \S+ HTTP\/|^curl: \(\d+\)/m),
  },
  {
    kind: 'dns-lookup',
    test: has(/^Server:\s+\S+\s*\nAddress:\s+\S+#\d+|^; <<>> DiG|^\S+ has (?:IPv6 )?address \d|^Host \S+ not found|^\*\* server can't find/m),
  },
  { kind: 'uname', test: has(/^Linux \S+ \d+\.\d+\S* #\d+/) },
  { kind: 'journal', test: isJournal },
  // What users paste: the last screenful of a job log, without its header.
  { kind: 'job-log', test: (head) => (head.match(JOB_LOG_LINES) ?? []).length >= 2 },
  { kind: 'runner-log', test: has(RUNNER_LOG_TEXT) },
];

/** Recognises an evidence kind from the start of a file's content. */
export function sniffKind(head: string): EvidenceKind {
  let text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  if (text.includes('\u001b') || text.includes('#033[')) text = text.replace(ANSI, '');
  text = text.replace(/\r\n/g, '\n');
  for (const sig of SIGNATURES) if (sig.test(text)) return sig.kind;
  return 'unknown';
}
