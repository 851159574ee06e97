import { msg } from '../../../../shared/messages';
import type { Analyzer, Draft } from '../analyzer';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, failingLinesAfter, fix, LOG_KINDS } from '../finding';
import type { LogSignature } from '../scan/signatures';

const TOO_LARGE: LogSignature = {
  id: 'artifacts-too-large',
  hints: ['too large archive', '413 Request Entity Too Large', 'FATAL: too large', 'FATAL: Too large'],
  pattern: /Uploading artifacts[^\n]*?(?:too large archive|413 Request Entity Too Large)|FATAL: [Tt]oo large/,
};

/**
 * GitLab refuses a job's artifacts as too large: `ERROR: Uploading artifacts as "archive" to
 * coordinator... too large archive  id=… responseStatus=413 Request Entity Too Large`, then
 * `FATAL: too large`. The limit is GitLab's maximum artifacts size (Admin > Settings > CI/CD,
 * per project and group too, 100 MB by default on self-managed), or a proxy's body size
 * limit in front of GitLab (nginx `client_max_body_size`) answering 413 first.
 * Not fired by: 413s that are not artifact uploads.
 */
export const artifactsTooLarge: Analyzer = {
  id: 'artifacts-too-large',
  label: msg('artifacts-too-large.label'),
  signatures: [TOO_LARGE],
  analyze(facts: Facts): Draft[] {
    const lines = matchesOf(facts, TOO_LARGE);
    const uploads = lines.filter((m) => /Uploading artifacts/.test(m.excerpt));
    if (!uploads.length) return [];
    return [
      {
        id: 'artifacts-too-large',
        severity: 'error',
        title: msg('artifacts-too-large.title'),
        summary: [msg('artifacts-too-large.summary.what'), msg('artifacts-too-large.summary.limits'), msg('artifacts-too-large.summary.advice')],
        evidence: evidence(uploads.slice(0, 3), lines.filter((m) => !uploads.includes(m)).slice(0, 1), failingLinesAfter(facts, uploads[0]!, 1)),
        fixes: [fix('shrink-artifacts', msg('artifacts-too-large.fix.shrink-artifacts.title'), msg('artifacts-too-large.fix.shrink-artifacts.manual'))],
        references: ['https://docs.gitlab.com/administration/settings/continuous_integration/#maximum-artifacts-size', 'https://docs.gitlab.com/ci/yaml/#artifactsexclude'],
        ruledOut: [claim(facts, LOG_KINDS, msg('artifacts-too-large.ruledOut.upload'))],
      },
    ];
  },
};
