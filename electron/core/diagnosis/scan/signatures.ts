import type { Facts, LogMatch } from '../facts';

/**
 * Log signatures: the exact text the runner writes for each failure mode (FIELD-NOTES.md §3,
 * §9; gitlab-runner network/gitlab.go, commands/multi.go, commands/config.go). A line is
 * looked at only if it holds one of the `hints` (literals found by one Aho-Corasick pass over
 * the raw bytes), then `pattern` decides. Hints are message text, never field names, because
 * a terminal-attached runner colours field names (`\e[36mjob\e[0m=123`). Patterns match
 * anywhere in the line, so the runner's text format, logrus text, JSON (`"msg":"…"`),
 * journald and `kubectl logs --timestamps` prefixes all work. Named groups become fields.
 */
export interface LogSignature {
  id: string;
  hints: readonly string[];
  pattern: RegExp;
  /** The runner's text format prints some messages' fields on the following line. */
  withNext?: boolean;
  /** Only scanned for when other evidence makes the lines matter. */
  when?: (facts: Facts) => boolean;
  /** Decides, once fields are known, whether the match is kept. */
  keep?: (m: LogMatch, facts: Facts) => boolean;
  /**
   * A successful request: its lines are only counted per file (LogSpan.successes), never
   * decoded, so a healthy log's many such lines stay on the scanner's fast path. Its hints
   * alone decide, so they must be exact.
   */
  countOnly?: boolean;
  /** Records the match itself instead of keeping it in `logMatches` (e.g. aggregated counts). */
  record?: (m: LogMatch, facts: Facts, alsoMatched: readonly string[]) => void;
}

/** Job ids GitLab shows as running: their end in the runner's log is worth recording. */
export function runningJobIds(facts: Facts): Set<number> {
  return new Set([...facts.gitlabJobs.values()].filter((j) => j.status === 'running').map((j) => j.id));
}

/** Signatures several analyzers read; one analyzer's own signatures live in its file. */
export const LOG_SIGNATURES = [
  {
    // Text: `WARNING: Submitting job to coordinator... job failed  … code=403 job=123 … status=PUT https://…/api/v4/jobs/123: 403 Forbidden`
    // JSON: `{"code":403,"job":123,…,"msg":"Submitting job to coordinator... job failed","status":"PUT …: 403 Forbidden"}`
    id: 'job-update-403',
    hints: ['coordinator... job failed', 'coordinator... forbidden', '403 Job is not running'],
    pattern:
      /^(?=.*\b403\b).*?(?:(?<call>Submitting job|Appending trace) to coordinator\.\.\. ?(?:job failed|forbidden)|403 Job is not running)(?:.*?(?<method>PUT|PATCH) (?<url>https?:\/\/[^\s"]+?\/api\/v4\/jobs\/(?<urljob>\d+)))?/,
  },
  {
    id: 'checking-jobs-forbidden',
    hints: ['Checking for jobs... forbidden'],
    pattern: /Checking for jobs\.\.\. forbidden/,
  },
  {
    id: 'verify-invalid',
    hints: ['Verifying runner... is not valid', 'Verifying runner... is removed'],
    pattern: /Verifying runner\.\.\. (?<verdict>is not valid|is removed)/,
  },
  {
    id: 'verify-valid',
    hints: ['Verifying runner... is alive', 'Verifying runner... is valid'],
    pattern: /Verifying runner\.\.\. (?:is alive|is valid)/,
  },
  {
    // `Resetting runner token... succeeded` (older), `Resetting runner authentication token... succeeded`.
    id: 'token-reset-succeeded',
    hints: ['Resetting runner token... succeeded', 'Resetting runner authentication token... succeeded'],
    pattern: /Resetting runner (?:authentication )?token\.\.\. succeeded/,
  },
  {
    id: 'token-reset-failed',
    hints: ['Resetting runner token... failed', 'Resetting runner token... error', 'Resetting runner authentication token... failed', 'Resetting runner authentication token... error'],
    pattern: /Resetting runner (?:authentication )?token\.\.\. (?:failed|error)/,
  },
  {
    id: 'config-save-failed',
    hints: ['Failed to save config'],
    pattern: /Failed to save config/,
  },
  {
    // Text format: the `state_file=… system_id=…` fields follow on the next line.
    id: 'system-id-not-saved',
    hints: ["Couldn't save new system ID"],
    pattern: /Couldn't save new system ID on state file/,
    withNext: true,
  },
  {
    // `PANIC: creating directory: mkdir /.gitlab-runner: permission denied` (HOME=/ for a non-root user),
    // `open /etc/gitlab-runner/config.toml: read-only file system` (config on a ConfigMap volume).
    id: 'config-dir-denied',
    hints: ['creating directory: mkdir', 'read-only file system', ': permission denied'],
    pattern:
      /(?:mkdir|open|create|rename|chmod|remove)\s+(?<path>\/[^\s:"]*(?:\.gitlab-runner|gitlab-runner\/|config\.toml|\.runner_system_id)[^\s:"]*): (?<reason>permission denied|read-only file system)/,
  },
  {
    // One line in JSON format (causes inside, `\n`-escaped); causes on their own lines in text format.
    id: 'long-polling',
    hints: ['Long polling issues detected'],
    pattern: /CONFIGURATION: Long polling issues detected/,
  },
  {
    id: 'long-polling-cause',
    hints: ['Worker starvation bottleneck:', 'Request bottleneck:', 'Build limit bottleneck:'],
    pattern: /(?<cause>Worker starvation|Request|Build limit) bottleneck: (?<detail>[^"\\\n]*)/,
  },
  {
    id: 'permission-container-failed',
    hints: ['running permission container'],
    pattern:
      /running permission container \\?"?(?<container>[0-9a-f]{12,64})\\?"? for volume \\?"?(?<volume>[^"\s\\]+)\\?"?: waiting for permission container to finish: exit code (?<exitCode>\d+)/,
  },
  {
    // Logged at start and each time the runner reloads a changed config.toml (commands/multi.go).
    id: 'config-loaded',
    hints: ['Configuration loaded'],
    pattern: /Configuration loaded/,
  },
  {
    id: 'helper-image',
    hints: ['Using helper image'],
    pattern: /Using helper image:?\s+(?<image>[^\s"]+)(?:\s+\(overridden, default would be\s+(?<default>[^\s)"]+)\s*\))?/,
  },
  {
    id: 'job-runner-version',
    hints: ['Running with gitlab-runner'],
    pattern: /Running with gitlab-runner (?<version>\d+\.\d+\.\d+[\w.~-]*)(?: \((?<revision>[0-9a-f]{7,40})\))?/,
  },
  {
    id: 'runtime-platform',
    hints: ['Runtime platform'],
    pattern: /Runtime platform/,
  },
  {
    // `pods "runner-…" is forbidden: exceeded quota: all-resources, requested: requests.memory=1536Mi, used: …, limited: …`
    id: 'quota-exceeded',
    hints: ['exceeded quota'],
    pattern:
      /(?<resource>[a-z]+) \\?"(?<object>[^"\\]+)\\?" is forbidden: exceeded quota: (?<quota>[^,\s]+), requested: (?<requested>.+?), used: (?<used>.+?), limited: (?<limited>[^\s"\\]+(?:,[^\s"\\]+)*)/,
  },
  {
    id: 'secret-cleanup-error',
    hints: ['Error cleaning up secrets', 'setting ownerReferences'],
    pattern: /Error cleaning up secrets|error setting ownerReferences|setting ownerReferences/,
  },
  {
    // Go (`x509: …`), curl/OpenSSL (`SSL certificate problem: …`) and git with GnuTLS
    // (`server certificate verification failed. CAfile: …`).
    id: 'tls-unknown-authority',
    hints: ['x509: certificate signed by unknown authority', 'SSL certificate problem: unable to get local issuer', 'SSL certificate problem: self', 'server certificate verification failed', 'certificate is not trusted'],
    pattern: /x509: certificate signed by unknown authority|SSL certificate problem: (?:unable to get local issuer certificate|self[- ]signed certificate(?: in certificate chain)?)|server certificate verification failed\. CAfile|x509: certificate is not trusted/,
  },
  {
    id: 'gitlab-request-failed',
    hints: [
      'Checking for jobs... failed',
      'Checking for jobs... error',
      'Verifying runner... failed',
      'Verifying runner... error',
      'coordinator... failed',
      'coordinator... error',
      // The pattern takes the verdict with or without a space after the dots; so do the hints.
      'coordinator...failed',
      'coordinator...error',
      'Registering runner... failed',
      'Registering runner... error',
      'Resetting runner token... failed',
      'Resetting runner token... error',
      'Resetting runner authentication token... failed',
      'Resetting runner authentication token... error',
      'Uploading artifacts to coordinator... failed',
      'Uploading artifacts to coordinator... error',
      'Downloading artifacts from coordinator... failed',
      'Downloading artifacts from coordinator... error',
      'GitLab instance currently unavailable',
    ],
    pattern:
      /(?<op>Checking for jobs|Verifying runner|Submitting job to coordinator|Appending trace to coordinator|Registering runner|Resetting runner (?:authentication )?token|Uploading artifacts to coordinator|Downloading artifacts from coordinator)\.\.\. ?(?<verdict>failed|error)\b|GitLab instance currently unavailable/,
  },
  {
    // The runner's requests to GitLab that worked: what a failure is weighed against.
    // `Checking for jobs... received`, `Submitting job to coordinator...ok`, `Appending trace to
    // coordinator...ok`, `Uploading artifacts to coordinator... 201 Created` (older: `... ok`),
    // `Downloading artifacts from coordinator... ok`, and at debug level `Checking for jobs... nothing`.
    id: 'gitlab-request-ok',
    hints: ['Checking for jobs... received', 'Checking for jobs... nothing', 'coordinator...ok', 'coordinator... ok', 'to coordinator... 201 Created'],
    pattern: /Checking for jobs\.\.\. (?:received|nothing)|coordinator\.\.\. ?(?:ok|201 Created)/,
    countOnly: true,
  },
  {
    // Go's net/http: `invalid header field value for "Private-Token"` (older: `… value "…\n" for key Private-Token`).
    id: 'invalid-header',
    hints: ['invalid header field'],
    // In JSON logs the quotes around the value are escaped: `value \"Bearer …\\n\" for key Authorization`.
    pattern: /invalid header field (?:value )?(?:\\?"(?:[^"\\]|\\.)*?\\?" )?for (?:key )?\\?"?(?<header>[A-Za-z][\w-]*)/,
  },
  {
    id: 'no-space-left',
    hints: ['no space left on device'],
    pattern: /no space left on device/,
  },
  {
    id: 'registration-deprecated',
    hints: ['registration tokens and runner parameters'],
    pattern: /Support for registration tokens and runner parameters in the 'register' command has been deprecated/,
  },
  {
    // Refusals only: a 5xx is GitLab failing, and a request that got no answer (`couldn't
    // execute POST …: dial tcp …`) is the network failing, not the registration token refused.
    id: 'registration-refused',
    hints: ['Registering runner... forbidden', 'Registering runner... failed'],
    pattern: /Registering runner\.\.\. (?<verdict>forbidden|failed)(?!.*(?:\bstatus=5\d\d\b|: 5\d\d [A-Z]|couldn't execute))/,
  },
  {
    id: 'registration-succeeded',
    hints: ['Registering runner... succeeded'],
    pattern: /Registering runner\.\.\. succeeded/,
  },
  {
    // The runner's own schema check (runner 16.x+), and config files it cannot read.
    id: 'config-load-problem',
    // `FATAL: … Near line 3 (last key parsed 'runners.docker'): …` is the TOML parser of older
    // runners; other Go programs print it about their own files, so only the runner's fatal counts.
    hints: ['There might be a problem with your config', 'jsonschema: ', 'Failed to load config', 'toml: line ', 'Near line '],
    pattern:
      /There might be a problem with your config|jsonschema: '[^']*' does not validate|Failed to load config|toml: line \d+|^(?=.*(?:\bFATAL:|\blevel=fatal\b|"level":\s*"fatal")).*Near line \d+ \(last key parsed/,
  },
  {
    // Only when GitLab shows jobs as running: the runner's word that it ended them.
    id: 'job-finished',
    hints: ['Job succeeded', 'Job failed'],
    pattern: /(?<outcome>Job succeeded|Job failed)(?::? ?(?<reason>[^"\\]*))?/,
    withNext: true,
    when: (facts: Facts) => runningJobIds(facts).size > 0,
    keep: (m: LogMatch, facts: Facts) => {
      const job = Number(m.fields.job);
      return runningJobIds(facts).has(job);
    },
  },
  {
    // The runner gives up on a GitLab URL after repeated failures; whatever finding explains the failures explains this.
    id: 'runner-unhealthy',
    hints: ['is not healthy and will be disabled', 'is unhealthy and will be disabled'],
    pattern: /Runner \\?"?\S*?\\?"? is (?:not healthy|unhealthy) and will be disabled/,
  },
] as const satisfies readonly LogSignature[];

/** Ids of the signatures shared by several analyzers; others live beside their analyzer. */
export type SharedSignatureId = (typeof LOG_SIGNATURES)[number]['id'];
