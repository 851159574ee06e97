import type { Severity } from '../../../../shared/findings';
import type { Analyzer, Draft } from '../analyzer';
import { readOnlyConfigDirs } from '../derive/config-dir';
import { configuredRunners } from '../derive/config-runners';
import { evidenceEnd } from '../derive/evidence-time';
import { rotationLost } from '../derive/verdicts';
import { matchesOf, type Facts } from '../facts';
import { claim, evidence, fix } from '../finding';
import { readOnlyLogLines } from './config-dir-read-only';

/** Share of a token's lifetime after which the runner rotates it (gitlab-runner common/consts.go). */
const TOKEN_RESET_INTERVAL_FACTOR = 0.75;

/**
 * A runner token with an expiry is rotated by the runner at 75 % of its lifetime and written
 * back to config.toml. With a read-only config directory the save fails: the new token lives
 * only in memory, the old one is already dead, and after the next restart the runner gets
 * 403s. Looks for: the reset-then-save-failure sequence in logs, or `token_expires_at` set
 * (not Go's zero time) in a config whose directory is read-only.
 * Not fired by: `token_expires_at = 0001-01-01T00:00:00Z` (never expires), or a writable directory.
 */
export const rotatedTokenLost: Analyzer = {
  id: 'rotated-token-lost',
  label: 'rotated token not saved',
  causes: ['runner-token-invalid', 'runner-offline', 'job-stuck-running'],
  explains: ['token-reset-succeeded', 'config-save-failed'],
  analyze(facts: Facts): Draft[] {
    const lost = rotationLost(facts);
    const ro = readOnlyConfigDirs(facts);
    const roLogs = readOnlyLogLines(facts);
    const anyRoLog = roLogs.saveFailed.length + roLogs.denied.length + roLogs.systemId.length > 0;
    const expiring = configuredRunners(facts).filter((r) => r.runner.tokenExpiresAt instanceof Date);
    const atRisk = expiring.filter((r) => {
      const cm = r.config.source.configMap;
      return cm ? ro.some((m) => m.configMapName === cm.name) || (anyRoLog && ro.length === 0) : anyRoLog || ro.length > 0;
    });
    if (!lost.length && !atRisk.length) return [];
    const after403 = lost.length ? matchesOf(facts, 'checking-jobs-forbidden', 'verify-invalid').filter((m) => m.file !== lost[0]!.reset.file || m.line > lost[0]!.failed.line) : [];
    // Past or future, judged by the evidence's own latest time, not by the clock of whoever reads it.
    const now = evidenceEnd(facts);
    let due = false;
    const plan = atRisk.map((r) => {
      const expires = r.runner.tokenExpiresAt as Date;
      const obtained = r.runner.tokenObtainedAt;
      const at = obtained ? new Date(obtained.getTime() + TOKEN_RESET_INTERVAL_FACTOR * (expires.getTime() - obtained.getTime())) : undefined;
      const past = !!at && !!now && at.getTime() <= now.getTime();
      due ||= past;
      return `${r.label}: token expires ${expires.toISOString()}${at ? `, the runner ${past ? 'was due to rotate it' : 'rotates it'} around ${at.toISOString()}` : ''}`;
    });
    const severity: Severity = lost.length || due ? 'error' : 'warning';
    return [
      {
        id: 'rotated-token-lost',
        severity,
        title: lost.length
          ? 'The runner rotated its token but could not save it'
          : due
            ? 'The runner\'s token rotation fell due while its config is read-only: the new token was not saved'
            : 'The runner\'s next token rotation will be lost: its config is read-only',
        summary:
          (lost.length
            ? `The runner reset its authentication token (GitLab invalidates the old one at once) and then failed to write the new one to config.toml${after403.length ? '' : '. It keeps working until it restarts; then it reads the dead token from config.toml and every request gets 403'}. `
            : due
              ? `This runner token's rotation time (75 % of its lifetime) had passed by the time the evidence ends${now ? ` (${now.toISOString()})` : ''}; the runner cannot write the new token to config.toml, because the config directory is read-only, and GitLab invalidated the old one at the rotation. After a restart the runner is locked out (403). `
              : 'This runner token expires, so the runner will reset it at 75 % of its lifetime and write the new one to config.toml — which it cannot, because the config directory is read-only. GitLab invalidates the old token at once, so after the next restart the runner is locked out (403). ') +
          (after403.length ? 'It has happened: after the failed save, GitLab refuses the runner\'s requests (403). ' : '') +
          (plan.length ? `${plan.join('; ')}. ` : '') +
          'Make the config directory writable first, then give the runner a valid token.',
        evidence: evidence(lost.flatMap((l) => [l.reset, l.failed]), after403.slice(0, 2), atRisk.map((r) => r.config.at(`runners[${r.runner.index}].token_expires_at`)), ro.flatMap((m) => m.evidence).slice(0, 2), !ro.length && roLogs.saveFailed.slice(0, 1)),
        fixes: [
          fix('writable-config-dir', 'Give the runner a writable config directory so rotated tokens are saved'),
          fix('rotate-runner-token', 'Reset the runner token once more and store the new one', 'After the directory is writable: reset the token (POST /api/v4/runners/:id/reset_authentication_token) and put it in config.toml; the old one is already invalid.'),
        ],
        references: ['https://docs.gitlab.com/runner/configuration/advanced-configuration/#the-runners-section', 'https://docs.gitlab.com/api/runners/#reset-runners-authentication-token-by-using-the-current-token'],
        ruledOut: atRisk.length ? [claim(facts, ['config-toml', 'kube-object'], 'token_expires_at is a real date, not Go\'s zero time (0001-01-01T00:00:00Z), which means the token never expires.')] : [],
      },
    ];
  },
};
