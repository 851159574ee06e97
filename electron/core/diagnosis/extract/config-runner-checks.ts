import type { ConfigIssue, RunnerConfigFact } from './config-toml';
import { CONFIG_DEFAULTS, KNOWN_EXECUTORS, LABEL_RULES, isTable, LOG_FORMATS, LOG_LEVELS, valueOf } from './config-schema';

/**
 * What gitlab-runner itself checks once the file is decoded, with its own wording quoted
 * (commands/multi.go, common/config.go, network/client.go, log/configuration.go of the release
 * the schema came from), plus `url` mistakes it does not catch but that break every request.
 */
export function runnerLoadChecks(doc: Record<string, unknown>, fact: RunnerConfigFact): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const concurrent = fact.concurrent ?? Number(CONFIG_DEFAULTS.concurrent ?? 1);

  const level = valueOf(doc, 'log_level');
  if (typeof level === 'string' && !LOG_LEVELS.includes(level.toLowerCase())) {
    issues.push({ severity: 'error', message: `\`log_level = "${level}"\` is not one of ${LOG_LEVELS.join(', ')}: gitlab-runner stops at start ("failed to parse log level") unless --log-level is given.`, path: 'log_level' });
  }
  const format = valueOf(doc, 'log_format');
  if (typeof format === 'string' && !LOG_FORMATS.includes(format)) {
    issues.push({ severity: 'error', message: `\`log_format = "${format}"\` is not one of ${LOG_FORMATS.join(', ')}: gitlab-runner stops at start ("unknown log format") unless --log-format is given.`, path: 'log_format' });
  }
  if (fact.concurrent !== undefined && fact.concurrent < 1) {
    issues.push({
      severity: 'error',
      message: `\`concurrent = ${fact.concurrent}\`: gitlab-runner exits with "Current configuration 'concurrent = ${fact.concurrent}' means that no jobs will be processed". Set it to the number of jobs it may run at once (1 when unset).`,
      path: 'concurrent',
    });
  } else if (!fact.template && fact.runners.length > concurrent) {
    // Reported as a problem by long-polling-bottleneck, which owns it; noted here for the picture.
    issues.push({
      severity: 'info',
      message: `\`concurrent\` (${concurrent}${fact.concurrent === undefined ? ', the default' : ''}) is below the number of [[runners]] (${fact.runners.length}); gitlab-runner warns "Worker starvation bottleneck: 'concurrent' setting (${concurrent}) is less than number of runners (${fact.runners.length})" (see long-polling-bottleneck).`,
      path: fact.concurrent === undefined ? 'runners[0]' : 'concurrent',
    });
  }

  const globalLabels = valueOf(doc, 'labels');
  issues.push(...labelProblems(globalLabels, 'labels', 'global labels'));

  for (const r of fact.runners) {
    const p = `runners[${r.index}]`;
    const who = r.name ? `runner "${r.name}"` : `runner #${r.index + 1}`;
    const raw = (valueOf(doc, 'runners') as Record<string, unknown>[])[r.index] ?? {};
    if (!fact.template) {
      if (!r.url) issues.push({ severity: 'warning', message: `${who} has no \`url\`: it cannot reach GitLab.`, path: p });
      if (!r.token?.trim()) {
        issues.push({ severity: 'warning', message: `${who}: gitlab-runner warns "Runner token is empty or whitespace; this runner will be skipped during job polling."`, path: r.token === undefined ? p : `${p}.token` });
      }
      if (!r.executor) issues.push({ severity: 'warning', message: `${who} has no \`executor\`: its jobs fail with "executor not found".`, path: p });
    }
    const labels = valueOf(raw, 'labels');
    issues.push(...labelProblems(labels, `${p}.labels`, 'labels'));
    const computed = new Set([...Object.keys(isTable(globalLabels) ? globalLabels : {}), ...Object.keys(isTable(labels) ? labels : {})]);
    if (LABEL_RULES && computed.size > LABEL_RULES.max) {
      issues.push({ severity: 'error', message: `${who} has ${computed.size} labels with the global ones; gitlab-runner refuses to load the file ("exceeded maximum computed labels number of ${LABEL_RULES.max}").`, path: `${p}.labels` });
    }
    if (r.url) {
      const problem = urlProblem(r.url);
      if (problem) issues.push({ severity: 'warning', message: `${who}: ${problem}`, path: `${p}.url` });
    }
    if (r.executor && !KNOWN_EXECUTORS.includes(r.executor)) issues.push({ severity: 'warning', message: `${who}: executor "${r.executor}" is not one gitlab-runner knows (${KNOWN_EXECUTORS.join(', ')}); its jobs fail with "executor not found".`, path: `${p}.executor` });
    const rc = r.requestConcurrency;
    if (rc !== undefined && rc < 1) issues.push({ severity: 'warning', message: `${who}: \`request_concurrency = ${rc}\` has no effect: the runner uses at least 1.`, path: `${p}.request_concurrency` });
    if (rc !== undefined && r.limit !== undefined && r.limit > 0 && rc > r.limit) {
      issues.push({ severity: 'warning', message: `${who}: \`request_concurrency = ${rc}\` is higher than \`limit = ${r.limit}\`; requests beyond the limit can never get a job. Keep request_concurrency ≤ limit.`, path: `${p}.request_concurrency` });
    }
    if (rc !== undefined && rc > concurrent) issues.push({ severity: 'warning', message: `${who}: \`request_concurrency = ${rc}\` is higher than \`concurrent = ${concurrent}\`; the extra requests can never be served.`, path: `${p}.request_concurrency` });
    if ((rc ?? 1) <= 1) {
      const low = r.limit !== undefined && r.limit > 0 && r.limit <= 2;
      issues.push({
        severity: 'info',
        message: `${who} uses request_concurrency=1; gitlab-runner notes "Request bottleneck: … runners have request_concurrency=1, causing job delays during long polling"${low ? ` and "Build limit bottleneck" (limit = ${r.limit})` : ''}. This matters only when jobs wait for a free worker (see long-polling-bottleneck).`,
        path: valueOf(raw, 'request_concurrency') === undefined ? p : `${p}.request_concurrency`,
      });
    }
    if (r.tokenExpiresAt instanceof Date && !r.tokenObtainedAt) issues.push({ severity: 'info', message: `${who}: \`token_expires_at\` is set without \`token_obtained_at\`, so the runner cannot plan the token's rotation.`, path: `${p}.token_expires_at` });
  }
  return issues;
}

function urlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `\`url = "${url}"\` has no http:// or https:// scheme; every request fails with "only http or https scheme supported". Use the GitLab instance address, e.g. https://gitlab.example.com/.`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `\`url\` uses ${u.protocol}; every request fails with "only http or https scheme supported". Use https://.`;
  if (/\/ci\/?$/.test(u.pathname)) {
    return `\`url = "${url}"\`: gitlab-runner warns "The runner URL contains a legacy '/ci' suffix. This suffix is deprecated and should be removed from the configuration. Git submodules may fail to clone with authentication errors if this suffix is present."`;
  }
  if (/\/api\/v4\b|\/-\/|\.git$/.test(u.pathname) || u.search) {
    return `\`url = "${url}"\` is not the GitLab instance root: the runner adds /api/v4/… itself. Use ${u.origin}/ (keep a path only for a GitLab served under a relative URL).`;
  }
  return undefined;
}


/** Label keys and values the runner refuses (`invalid config: validating … labels`). */
function labelProblems(labels: unknown, path: string, what: string): ConfigIssue[] {
  if (!LABEL_RULES || !isTable(labels)) return [];
  const keyRx = new RegExp(LABEL_RULES.keyPattern);
  const valueRx = new RegExp(LABEL_RULES.valuePattern);
  const out: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!keyRx.test(key)) out.push({ severity: 'error', message: `Label \`${key}\`: gitlab-runner refuses to load the file ("validating ${what}: invalid label key, doesn't match ${JSON.stringify(LABEL_RULES.keyPattern)}").`, path: `${path}.${key}` });
    else if (typeof value === 'string' && !valueRx.test(value)) out.push({ severity: 'error', message: `Label \`${key} = "${value}"\`: gitlab-runner refuses to load the file ("validating ${what}: invalid label value, doesn't match ${JSON.stringify(LABEL_RULES.valuePattern)}").`, path: `${path}.${key}` });
  }
  return out;
}
