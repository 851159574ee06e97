import type { Severity } from '../../../../shared/findings';
import { list, msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { matchesOf, type Facts, type Located } from '../facts';
import { issuesForRunner, oldestRunner } from '../extract/config-releases';
import { originMessage } from '../extract/config-toml';
import { evidence, fix } from '../finding';
import { subjects } from '../../../../shared/subjects';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * config.toml problems, checked against the schema generated from gitlab-runner's source: at
 * error what the runner refuses to load (TOML syntax, values its decoder cannot take, a dotted
 * key in a map of strings, an unknown log level or format); at warning keys it does not read
 * (with the nearest real key), keys newer than the runner version in the evidence, keys it no
 * longer reads, and what it warns about on load (URL scheme, `/ci` suffix, empty token, worker
 * starvation, jsonschema rules). Also the runner's own complaints in its log (`There might be a
 * problem with your config`, `Failed to load config`). One finding per config file.
 * Not fired by: configs the runner accepts without a warning (notes stay information).
 */
export const configInvalid: Analyzer = {
  id: 'config-invalid',
  label: msg('config-invalid.label'),
  causes: ['runner-offline'],
  explains: ['config-load-problem'],
  analyze(facts: Facts): Draft[] {
    const findings: Draft[] = [];
    const runner = oldestRunner(facts.versions);
    for (const config of facts.configs) {
      const issues = issuesForRunner(config, runner).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
      const worst = issues[0]?.severity;
      if (!worst || worst === 'info') continue;
      const lines: Located[] = issues.filter((i) => i.severity !== 'info').map((i) => (i.tomlLine !== undefined ? config.atLine(i.tomlLine) : config.at(i.path ?? '')));
      if (runner && config.releases.some((r) => issues.some((i) => i.path === r.path && /not supported by your runner/.test(i.message)))) lines.push(runner);
      const origin = originMessage(config.source);
      const problems = issues.filter((i) => i.severity !== 'info');
      findings.push({
        id: 'config-invalid',
        severity: worst,
        title: msg(worst === 'error' ? 'config-invalid.title.errors' : 'config-invalid.title.problems', { origin }),
        summary: problems.slice(0, 6).map((i) => i.text),
        evidence: evidence(lines),
        fixes: [fix('fix-config', msg('config-invalid.fix.fix-config.title', { origin }), msg('config-invalid.fix.fix-config.manual', { issues: list(problems.map((i) => i.text), 'lines') }))],
        references: ['https://docs.gitlab.com/runner/configuration/advanced-configuration/'],
        ruledOut: issues.filter((i) => i.severity === 'info').map((i) => ({ text: msg('config-invalid.ruledOut.notAProblem', { issue: i.text }), basis: ['config-toml', 'kube-object'] as const })),
        subject: subjects.named(originMessage(config.source)),
      });
    }
    const complaints = matchesOf(facts, 'config-load-problem');
    if (complaints.length && !findings.length) {
      findings.push({
        id: 'config-invalid',
        severity: complaints.some((m) => /Failed to load config|toml: line/.test(m.excerpt)) ? 'error' : 'warning',
        title: msg('config-invalid.logged.title'),
        summary: [msg('config-invalid.logged.summary')],
        evidence: evidence(complaints.slice(0, 5)),
        fixes: [fix('fix-config', msg('config-invalid.logged.fix.fix-config.title'), msg('config-invalid.logged.fix.fix-config.manual', { lines: list(complaints.slice(0, 5).map((m) => m.excerpt), 'lines') }))],
        references: ['https://docs.gitlab.com/runner/configuration/advanced-configuration/'],
      });
    }
    return findings;
  },
};

