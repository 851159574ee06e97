import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { CollectPlan } from '../../core/collect/collect';
import { collectSession, demoPlan } from '../../core/app/pipeline';
import { startDemoLab, type DemoLab } from '../../core/demo-lab/lab';
import { writeBundle } from '../../core/evidence/bundle/write-bundle';
import { defaultKubeconfigPath } from '../../core/kube/kubeconfig';
import { EXIT, UsageError } from '../usage';
import { formatFindings, progressPrinter, worstExitCode } from '../output';

const OPTIONS = {
  demo: { type: 'boolean' },
  'kube-context': { type: 'string', multiple: true },
  namespace: { type: 'string' },
  kubeconfig: { type: 'string' },
  'gitlab-url': { type: 'string' },
  'gitlab-ca-file': { type: 'string' },
  ssh: { type: 'string', multiple: true },
  'ssh-config': { type: 'string' },
  'known-hosts': { type: 'string' },
  'accept-new-host-keys': { type: 'boolean' },
  files: { type: 'string', multiple: true },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export function planFromArgs(values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']): CollectPlan {
  const kubeconfig = defaultKubeconfigPath(values.kubeconfig);
  const plan: CollectPlan = {
    kube: (values['kube-context'] ?? []).map((context) => ({ kubeconfig, context, namespace: values.namespace ?? 'default' })),
    files: values.files ?? [],
  };
  if (values['gitlab-url']) {
    const token = process.env.GITLAB_TOKEN;
    plan.gitlab = { url: values['gitlab-url'], ...(token ? { token } : {}), ...(values['gitlab-ca-file'] ? { caFile: values['gitlab-ca-file'] } : {}) };
  }
  return plan;
}

/** `collect`: connect, collect, analyze, write a redacted bundle. Never changes anything. */
export async function collectCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  if (values.ssh?.length) throw new UsageError('--ssh is not available in this version yet');
  const plan = planFromArgs(values);
  if (!values.demo && plan.kube.length === 0 && !plan.gitlab && plan.files.length === 0) {
    throw new UsageError('collect needs at least one source: --demo, --kube-context, --gitlab-url, --ssh or --files');
  }
  const out = resolve(values.out ?? `runner-doctor-${new Date().toISOString().replace(/[:.]/g, '-')}.zip`);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let lab: DemoLab | undefined;
  try {
    if (values.demo) {
      lab = await startDemoLab();
      const demo = demoPlan(lab);
      plan.kube.push(...demo.kube);
      plan.gitlab ??= demo.gitlab;
    }
    const { session, outcome } = await collectSession(plan, { signal: controller.signal, onProgress: progressPrinter(process.stderr.isTTY) });
    try {
      if (outcome.cancelled) {
        process.stderr.write('runner-doctor: cancelled; no bundle written\n');
        return 130;
      }
      const bundle = await writeBundle(session.store!, session.analysis.findings, out);
      const findings = session.analysis.findings;
      if (values.json) {
        process.stdout.write(
          JSON.stringify({ findings, bundle: { path: bundle.path, bytes: bundle.bytes, sha256: bundle.sha256 }, errors: session.errors, unrecognized: session.analysis.unrecognized }, null, 2) + '\n',
        );
      } else {
        process.stdout.write(formatFindings(findings));
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
