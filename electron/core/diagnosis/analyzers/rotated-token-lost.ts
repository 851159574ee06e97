import type { Severity } from '../../../../shared/findings';
import { list, msg } from '../../../../shared/messages';
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
  label: msg('rotated-token-lost.label'),
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
    const P = 'rotated-token-lost';
    let due = false;
    const plan = atRisk.map((r) => {
      const expires = r.runner.tokenExpiresAt as Date;
      const obtained = r.runner.tokenObtainedAt;
      const at = obtained ? new Date(obtained.getTime() + TOKEN_RESET_INTERVAL_FACTOR * (expires.getTime() - obtained.getTime())) : undefined;
      const past = !!at && !!now && at.getTime() <= now.getTime();
      due ||= past;
      const params = { runner: r.labelMessage, expires: expires.toISOString(), at: at?.toISOString() };
      return msg(at ? (past ? `${P}.plan.due` : `${P}.plan.rotates`) : `${P}.plan.expires`, params);
    });
    const severity: Severity = lost.length || due ? 'error' : 'warning';
    return [
      {
        id: 'rotated-token-lost',
        severity,
        title: msg(lost.length ? `${P}.title.lost` : due ? `${P}.title.due` : `${P}.title.ahead`),
        summary: [
          lost.length
            ? msg(after403.length ? `${P}.summary.lost` : `${P}.summary.lost.untilRestart`)
            : due
              ? now
                ? msg(`${P}.summary.due.end`, { end: now.toISOString() })
                : msg(`${P}.summary.due`)
              : msg(`${P}.summary.ahead`),
          ...(after403.length ? [msg(`${P}.summary.happened`)] : []),
          ...(plan.length ? [msg(`${P}.summary.plan`, { plan: list(plan, 'semicolon') })] : []),
          msg(`${P}.summary.advice`),
        ],
        evidence: evidence(lost.flatMap((l) => [l.reset, l.failed]), after403.slice(0, 2), atRisk.map((r) => r.config.at(`runners[${r.runner.index}].token_expires_at`)), ro.flatMap((m) => m.evidence).slice(0, 2), !ro.length && roLogs.saveFailed.slice(0, 1)),
        fixes: [
          fix('writable-config-dir', msg(`${P}.fix.writable-config-dir.title`)),
          fix('rotate-runner-token', msg(`${P}.fix.rotate-runner-token.title`), msg(`${P}.fix.rotate-runner-token.manual`)),
        ],
        references: ['https://docs.gitlab.com/runner/configuration/advanced-configuration/#the-runners-section', 'https://docs.gitlab.com/api/runners/#reset-runners-authentication-token-by-using-the-current-token'],
        ruledOut: atRisk.length ? [claim(facts, ['config-toml', 'kube-object'], msg(`${P}.ruledOut.realDate`))] : [],
      },
    ];
  },
};
