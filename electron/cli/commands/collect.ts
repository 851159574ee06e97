import { parseArgs } from 'node:util';
import { collectSession } from '../../core/app/collect-session';
import type { DemoLab } from '../../core/demo-lab/lab';
import type { EvidenceStore } from '../../core/evidence/store';
import { BundleWriter } from '../../core/evidence/bundle/write-bundle';
import { appendAudit, readAuditLog } from '../../core/fixes/audit';
import { COLLECT_OPTIONS, planFromArgs } from '../collect-plan';
import { EXIT, UsageError } from '../usage';
import { argsError } from '../args-error';
import { formatFindings, formatNotes, progressPrinter, worstExitCode } from '../output';
import { cliLanguage, cliText, textInLanguage } from '../language';
import { checkCollectArgs } from '../collect-checks';
import { kubeconfigWarnings } from '../kubeconfig-warnings';
import { formatError } from '../../../shared/i18n/text';
import { checkOutFile, lockOutFile } from '../out-file';
import { say, sayFormatted, sayJson, warn } from '../terminal';
import { preferBatchScheduling } from '../batch-scheduling';

/** `collect`: connect, collect, analyze, write a redacted bundle. Never changes anything. */
export async function collectCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: COLLECT_OPTIONS, allowPositionals: false });
  } catch (err) {
    throw argsError(err);
  }
  const { values } = parsed;
  const text = cliText();
  if (!values.demo && !values['kube-context']?.length && !values['gitlab-url'] && !values.ssh?.length && !values.files?.length) {
    throw new UsageError(text('collect.needsSource'));
  }
  for (const w of await checkCollectArgs(values)) warn(`runner-doctor: ${text('warning', { message: w })}\n`);
  for (const w of kubeconfigWarnings(values)) warn(`runner-doctor: ${text('warning', { message: formatError(w, cliLanguage()) })}\n`);
  const target = await checkOutFile(values.out ?? `runner-doctor-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`, values.files ?? []);
  const out = target.path;
  const unlock = await lockOutFile(out);
  preferBatchScheduling();
  // SIGTERM (timeout, CI, systemd) stops a run like Ctrl-C: temp files go, no partial bundle stays.
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    controller.abort();
  };
  const cancelled = () => {
    warn(`runner-doctor: ${text('collect.cancelled')}\n`);
    return stoppedBy === 'SIGTERM' ? 143 : 130;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let lab: DemoLab | undefined;
  try {
    // The demo lab loads only for --demo; its targets join the user's in one plan.
    if (values.demo) lab = await (await import('../../core/demo-lab/lab')).startDemoLab();
    const plan = await planFromArgs(values, lab);
    const progress = progressPrinter(process.stderr.isTTY);
    // The bundle is begun with the store: each file is compressed as soon as it is stored,
    // while the rest is collected and analysed.
    let writer: BundleWriter | undefined;
    const onStore = (store: EvidenceStore) => {
      const started = new BundleWriter(store, out, controller.signal);
      started.follow();
      writer = started;
    };
    const { session, outcome } = await collectSession(plan, {
      signal: controller.signal,
      onProgress: progress,
      onStore,
      // Each POST /runners/verify (--verify-runner-tokens) goes to audit.jsonl, as the app's check does.
      audit: (record) => appendAudit(record),
    })
      .catch(async (err: unknown) => {
        await writer?.abort();
        throw err;
      })
      .finally(progress.finish);
    try {
      if (outcome.cancelled || controller.signal.aborted) {
        await writer?.abort();
        return cancelled();
      }
      const auditLog = await readAuditLog();
      const bundle = await (writer as BundleWriter).finish(session.analysis.findings, { ...(auditLog ? { auditLog } : {}), language: cliLanguage() }).catch((err: unknown) => {
        if (controller.signal.aborted) return undefined;
        throw err;
      });
      if (!bundle) return cancelled();
      if (target.replaces) warn(`runner-doctor: ${text('collect.replaced', { path: out })}\n`);
      const findings = session.analysis.findings;
      if (values.json) {
        sayJson({ findings, chains: session.analysis.chains, bundle: { path: bundle.path, bytes: bundle.bytes, sha256: bundle.sha256 }, errors: session.errors, notes: session.notes, unrecognized: session.analysis.unrecognized });
      } else {
        sayFormatted(formatFindings(findings, session.analysis.chains, cliLanguage()));
        for (const e of session.errors) say(`${text('collect.couldNotCollect', { source: e.source, message: textInLanguage(e.message, e.text) })}\n`);
        say(formatNotes(session.notes, cliLanguage()));
        say(`${text('collect.bundleWritten', { path: bundle.path, count: bundle.bytes })}\n`);
      }
      if (outcome.unreachable.length) return EXIT.unreachable;
      return worstExitCode(findings);
    } finally {
      await session.dispose();
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await lab?.stop();
    await unlock();
  }
}
