import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { collectSession } from '../../core/app/collect-session';
import type { DemoLab } from '../../core/demo-lab/lab';
import { writeBundle } from '../../core/evidence/bundle/write-bundle';
import { readAuditLog } from '../../core/fixes/audit';
import { COLLECT_OPTIONS, planFromArgs } from '../collect-plan';
import { EXIT, UsageError } from '../usage';
import { formatFindings, progressPrinter, worstExitCode } from '../output';

/** `collect`: connect, collect, analyze, write a redacted bundle. Never changes anything. */
export async function collectCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: COLLECT_OPTIONS, allowPositionals: false });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  if (!values.demo && !values['kube-context']?.length && !values['gitlab-url'] && !values.ssh?.length && !values.files?.length) {
    throw new UsageError('collect needs at least one source: --demo, --kube-context, --gitlab-url, --ssh or --files');
  }
  const out = resolve(values.out ?? `runner-doctor-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let lab: DemoLab | undefined;
  try {
    // The demo lab loads only for --demo; its targets join the user's in one plan.
    if (values.demo) lab = await (await import('../../core/demo-lab/lab')).startDemoLab();
    const plan = await planFromArgs(values, lab);
    const { session, outcome } = await collectSession(plan, { signal: controller.signal, onProgress: progressPrinter(process.stderr.isTTY) });
    try {
      if (outcome.cancelled) {
        process.stderr.write('runner-doctor: cancelled; no bundle written\n');
        return 130;
      }
      const auditLog = await readAuditLog();
      const bundle = await writeBundle(session.store!, session.analysis.findings, out, auditLog ? { auditLog } : {});
      const findings = session.analysis.findings;
      if (values.json) {
        process.stdout.write(
          JSON.stringify({ findings, chains: session.analysis.chains, bundle: { path: bundle.path, bytes: bundle.bytes, sha256: bundle.sha256 }, errors: session.errors, unrecognized: session.analysis.unrecognized }, null, 2) + '\n',
        );
      } else {
        process.stdout.write(formatFindings(findings, session.analysis.chains));
        for (const e of session.errors) process.stdout.write(`could not collect ${e.source}: ${e.message}\n`);
        process.stdout.write(`Bundle written: ${bundle.path} (${bundle.bytes} bytes)\n`);
      }
      if (outcome.unreachable.length) return EXIT.unreachable;
      return worstExitCode(findings);
    } finally {
      await session.dispose();
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    await lab?.stop();
  }
}
