import { msg, type Message } from '../../../../shared/messages';
import { issueText, type ConfigIssue, type RunnerConfigFact } from './config-toml';
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
    issues.push({ severity: 'error', ...issueText('logLevel', { value: level, known: LOG_LEVELS.join(', ') }), path: 'log_level' });
  }
  const format = valueOf(doc, 'log_format');
  if (typeof format === 'string' && !LOG_FORMATS.includes(format)) {
    issues.push({ severity: 'error', ...issueText('logFormat', { value: format, known: LOG_FORMATS.join(', ') }), path: 'log_format' });
  }
  if (fact.concurrent !== undefined && fact.concurrent < 1) {
    issues.push({
      severity: 'error',
      ...issueText('concurrentZero', { value: fact.concurrent }),
      path: 'concurrent',
    });
  } else if (!fact.template && fact.runners.length > concurrent) {
    // Reported as a problem by long-polling-bottleneck, which owns it; noted here for the picture.
    issues.push({
      severity: 'info',
      ...issueText(fact.concurrent === undefined ? 'starved.default' : 'starved', { value: concurrent, runners: fact.runners.length }),
      path: fact.concurrent === undefined ? 'runners[0]' : 'concurrent',
    });
  }

  const globalLabels = valueOf(doc, 'labels');
  issues.push(...labelProblems(globalLabels, 'labels', 'global labels'));

  for (const r of fact.runners) {
    const p = `runners[${r.index}]`;
    const who: Message = r.name ? msg('config-invalid.who.named', { name: r.name }) : msg('config-invalid.who.numbered', { n: r.index + 1 });
    const raw = (valueOf(doc, 'runners') as Record<string, unknown>[])[r.index] ?? {};
    if (!fact.template) {
      if (!r.url) issues.push({ severity: 'warning', ...issueText('noUrl', { who }), path: p });
      if (!r.token?.trim()) {
        issues.push({ severity: 'warning', ...issueText('emptyToken', { who }), path: r.token === undefined ? p : `${p}.token` });
      }
      if (!r.executor) issues.push({ severity: 'warning', ...issueText('noExecutor', { who }), path: p });
    }
    const labels = valueOf(raw, 'labels');
    issues.push(...labelProblems(labels, `${p}.labels`, 'labels'));
    const computed = new Set([...Object.keys(isTable(globalLabels) ? globalLabels : {}), ...Object.keys(isTable(labels) ? labels : {})]);
    if (LABEL_RULES && computed.size > LABEL_RULES.max) {
      issues.push({ severity: 'error', ...issueText('tooManyLabels', { who, count: computed.size, max: LABEL_RULES.max }), path: `${p}.labels` });
    }
    if (r.url) {
      const problem = urlProblem(r.url);
      if (problem) issues.push({ severity: 'warning', ...issueText('url', { who, problem }), path: `${p}.url` });
    }
    if (r.executor && !KNOWN_EXECUTORS.includes(r.executor)) issues.push({ severity: 'warning', ...issueText('unknownExecutor', { who, executor: r.executor, known: KNOWN_EXECUTORS.join(', ') }), path: `${p}.executor` });
    const rc = r.requestConcurrency;
    if (rc !== undefined && rc < 1) issues.push({ severity: 'warning', ...issueText('requestConcurrency.low', { who, value: rc }), path: `${p}.request_concurrency` });
    if (rc !== undefined && r.limit !== undefined && r.limit > 0 && rc > r.limit) {
      issues.push({ severity: 'warning', ...issueText('requestConcurrency.overLimit', { who, value: rc, limit: r.limit }), path: `${p}.request_concurrency` });
    }
    if (rc !== undefined && rc > concurrent) issues.push({ severity: 'warning', ...issueText('requestConcurrency.overConcurrent', { who, value: rc, concurrent }), path: `${p}.request_concurrency` });
    if ((rc ?? 1) <= 1) {
      const low = r.limit !== undefined && r.limit > 0 && r.limit <= 2;
      issues.push({
        severity: 'info',
        ...issueText(low ? 'requestConcurrency.one.limit' : 'requestConcurrency.one', { who, limit: r.limit }),
        path: valueOf(raw, 'request_concurrency') === undefined ? p : `${p}.request_concurrency`,
      });
    }
    if (r.tokenExpiresAt instanceof Date && !r.tokenObtainedAt) issues.push({ severity: 'info', ...issueText('tokenObtainedAt', { who }), path: `${p}.token_expires_at` });
  }
  return issues;
}

function urlProblem(url: string): Message | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return msg('config-invalid.url.noScheme', { url });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return msg('config-invalid.url.scheme', { protocol: u.protocol });
  if (/\/ci\/?$/.test(u.pathname)) {
    return msg('config-invalid.url.ci', { url });
  }
  if (/\/api\/v4\b|\/-\/|\.git$/.test(u.pathname) || u.search) {
    return msg('config-invalid.url.notRoot', { url, origin: u.origin });
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
    if (!keyRx.test(key)) out.push({ severity: 'error', ...issueText('labelKey', { key, what, pattern: JSON.stringify(LABEL_RULES.keyPattern) }), path: `${path}.${key}` });
    else if (typeof value === 'string' && !valueRx.test(value)) out.push({ severity: 'error', ...issueText('labelValue', { key, value, what, pattern: JSON.stringify(LABEL_RULES.valuePattern) }), path: `${path}.${key}` });
  }
  return out;
}
