import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { SEED_001_NAMESPACE } from '../../../electron/core/demo-lab/scenarios/seed-001-token-rejected';
import { SEED_002_RUNNER_DESCRIPTION, SEED_002_RUNNER_ID } from '../../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { SEED_002_NAMESPACE } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { SEED_004_NAMESPACE } from '../../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';
import { FixConnections } from '../../../electron/core/fixes/connections';
import { rotateRunnerToken } from '../../../electron/core/fixes/rotate-runner-token';
import type { FixOutcome, FixPlanView, PreflightView } from '../../../shared/fixes';
import { localizePlan, localizePreflight } from '../../../shared/i18n/fix-text';
import { formatIn } from '../../../shared/i18n/text';
import type { Message } from '../../../shared/messages';
import { englishLeft } from '../../helpers/english-prose';
import { fixEnv, labObject, labSources } from '../../helpers/fix-lab';
import { runCli } from '../../helpers/run-cli';

// Each of the seven fixes planned (and, where it is cheap, applied, verified and rolled back)
// against the demo lab, its texts rendered in Russian from their message ids: every change,
// note, item reason, check, verification and change made carries an id whose English is the
// field scripts read, byte for byte, and whose Russian has no English prose left.
let lab: DemoLab;
let dir: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-texts-ru-'));
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const format = (m: Message, lang: 'en' | 'ru') => formatIn(m, lang, 'fixes');

/** A text with its message: the English must be the field, the Russian must read as Russian. */
function problemsOf(where: string, field: string, m: Message | undefined): string[] {
  if (!m) return [`${where}: no message id for "${field}"`];
  if (format(m, 'en') !== field) return [`${where}: the English field "${field}" differs from its message "${format(m, 'en')}"`];
  const left = englishLeft(m, format);
  return left ? [`${where}: ${left}`] : [];
}

/** Every text a plan and its preflight show, with its message. */
function planProblems(plan: FixPlanView, preflight: PreflightView | undefined): string[] {
  const m = plan.messages;
  const out = [...problemsOf(`${plan.planId} title`, plan.title, m?.title), ...problemsOf(`${plan.planId} rollback`, plan.rollback.how, m?.rollbackHow), ...problemsOf(`${plan.planId} target`, plan.target.label, m?.target)];
  if (m?.changes?.length !== plan.changes.length) out.push(`${plan.planId}: ${plan.changes.length} changes, ${m?.changes?.length ?? 0} messages`);
  if (m?.notes?.length !== plan.notes.length) out.push(`${plan.planId}: ${plan.notes.length} notes, ${m?.notes?.length ?? 0} messages`);
  plan.changes.forEach((c, i) => out.push(...problemsOf(`${plan.planId} change ${i}`, c, m?.changes?.[i])));
  plan.notes.forEach((n, i) => out.push(...problemsOf(`${plan.planId} note ${i}`, n, m?.notes?.[i])));
  for (const item of plan.items ?? []) out.push(...problemsOf(`${plan.planId} item ${item.id}`, item.reason, item.messages?.reason));
  if (plan.callsNote !== undefined) out.push(...problemsOf(`${plan.planId} calls note`, plan.callsNote, m?.callsNote));
  for (const c of preflight?.checks ?? []) {
    // A check named by a command ("sudo -n true") keeps its name in every language.
    if (c.name !== 'sudo -n true') out.push(...problemsOf(`${plan.planId} check name`, c.name, c.messages?.name));
    out.push(...problemsOf(`${plan.planId} check ${c.name}`, c.detail, c.messages?.detail));
  }
  return out;
}

/** An outcome's message and what it changed, each with its message. */
function outcomeProblems(o: FixOutcome): string[] {
  const out = problemsOf(`${o.planId} outcome`, o.message, o.messages?.message);
  if (o.changed.length !== (o.messages?.changed?.length ?? 0)) out.push(`${o.planId}: ${o.changed.length} changed, ${o.messages?.changed?.length ?? 0} messages`);
  o.changed.forEach((c, i) => out.push(...problemsOf(`${o.planId} changed ${i}`, c, o.messages?.changed?.[i])));
  return out;
}

interface FixJson {
  fixId: string;
  plans: { plan: FixPlanView; preflight?: PreflightView; outcome?: FixOutcome }[];
}

async function fixJson(args: string[], timeoutMs = 120_000): Promise<FixJson> {
  const r = await runCli(['fix', ...args, '--json'], { env: fixEnv(dir, lab.gitlab.token), timeoutMs });
  expect(r.stdout.trim().startsWith('{'), `${args.join(' ')}: ${r.stderr}`).toBe(true);
  return JSON.parse(r.stdout) as FixJson;
}

const ssh = () => ['--ssh', lab.sshAlias, '--ssh-config', lab.sshConfigPath, '--known-hosts', lab.knownHostsPath];
const CASES: { finding: string; fix: string; sources: () => string[]; apply?: 'apply' | 'token-file'; rollback?: true }[] = [
  { finding: 'job-stuck-running', fix: 'cancel-stuck-job', sources: () => labSources(lab, lab.namespace) },
  { finding: 'orphaned-job-secrets', fix: 'delete-orphaned-job-secrets', sources: () => labSources(lab, SEED_004_NAMESPACE), apply: 'apply' },
  // Before writable-config-dir: its restart gives the runner a fresh log without the long polling warning.
  { finding: 'long-polling-bottleneck', fix: 'raise-request-concurrency', sources: () => labSources(lab, SEED_002_NAMESPACE), apply: 'apply', rollback: true },
  { finding: 'config-dir-read-only', fix: 'writable-config-dir', sources: () => labSources(lab, SEED_002_NAMESPACE), apply: 'apply' },
  { finding: 'runner-token-is-pat', fix: 'replace-pat-with-runner-token', sources: () => labSources(lab, SEED_002_NAMESPACE) },
  { finding: 'runner-token-invalid', fix: 'rotate-runner-token', sources: () => labSources(lab, SEED_001_NAMESPACE), apply: 'token-file' },
  { finding: 'helper-image-permission-container', fix: 'pin-helper-image', sources: ssh, apply: 'apply', rollback: true },
];

describe('fix texts in Russian against the demo lab', () => {
  it.each(CASES)('$fix: the plan and its checks in Russian, the CLI text output with --lang ru shows them', async ({ finding, fix, sources }) => {
    const out = await fixJson([finding, '--plan', ...sources()]);
    expect(out.fixId).toBe(fix);
    expect(out.plans.length, `${fix} plans`).toBeGreaterThan(0);
    for (const p of out.plans) expect(planProblems(p.plan, p.preflight)).toEqual([]);

    const text = await runCli(['fix', finding, '--plan', '--lang', 'ru', ...sources()], { env: fixEnv(dir, lab.gitlab.token) });
    const first = out.plans[0]!;
    const ru = localizePlan(first.plan, 'ru');
    const shown = [ru.title, ...ru.notes, ...(ru.items ? ru.items.map((i) => `${i.id}: ${i.reason}`) : ru.changes), ...localizePreflight(first.preflight!, 'ru').checks.map((c) => `${c.name}: ${c.detail}`)];
    for (const line of shown) expect(text.stdout, fix).toContain(line);
  });

  // The calls block holds the calls alone; how they are made is a sentence in the user's language after it.
  it.each([
    { finding: 'job-stuck-running', fix: 'cancel-stuck-job', sources: () => labSources(lab, lab.namespace), en: /^The second call runs only if the job stays "canceling"/, ru: /^Второй вызов выполняется, только если джоба остаётся в «canceling»/ },
    { finding: 'config-dir-read-only', fix: 'writable-config-dir', sources: () => labSources(lab, SEED_002_NAMESPACE), en: /^A strategic merge patch by container and volume name .+ metadata\.resourceVersion \d+ as precondition; sent with dryRun=All first\.$/, ru: /^Патч вида «strategic merge» по именам контейнеров .+ metadata\.resourceVersion \d+ .+dryRun=All\.$/ },
  ])('$fix: the calls are bare API calls, the prose about them a note in English and in Russian', async ({ finding, fix, sources, en, ru }) => {
    const { plan } = (await fixJson([finding, '--plan', ...sources()])).plans[0]!;
    for (const call of plan.calls) expect(call, fix).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \S+$/);
    expect(plan.callsNote).toMatch(en);
    const russian = localizePlan(plan, 'ru').callsNote!;
    expect(russian).toMatch(ru);
    for (const [lang, note] of [['en', plan.callsNote!], ['ru', russian]] as const) {
      const text = await runCli(['fix', finding, '--plan', '--lang', lang, ...sources()], { env: fixEnv(dir, lab.gitlab.token) });
      const lines = text.stdout.split('\n').map((l) => l.trim());
      expect(lines, `${fix} --lang ${lang}`).toContain(note);
      for (const call of plan.calls) expect(lines, `${fix} --lang ${lang}`).toContain(call);
    }
  });

  it.each(CASES.filter((c) => c.apply))('$fix: applied and verified, the outcome in Russian', async ({ finding, fix, sources, apply }) => {
    const tokenFile = apply === 'token-file' ? ['--token-file', join(dir, `token-${fix}`)] : [];
    const out = await fixJson([finding, '--apply', '--yes', ...tokenFile, ...sources()], 240_000);
    expect(out.plans.length, `${fix}: nothing was applied`).toBeGreaterThan(0);
    for (const p of out.plans) {
      const o = p.outcome!;
      expect(o, `${fix}: ${o.message}`).toMatchObject({ result: 'applied', verified: true });
      expect(outcomeProblems(o)).toEqual([]);
    }
  }, 300_000);

  it.each(CASES.filter((c) => c.rollback))('$fix: rolled back, the outcome in Russian', async ({ finding, sources }) => {
    const r = await runCli(['fix', finding, '--rollback', '--yes', '--json', ...sources()], { env: fixEnv(dir, lab.gitlab.token) });
    expect(r.stdout.trim().startsWith('{'), r.stderr).toBe(true);
    const out = JSON.parse(r.stdout) as { rollbacks: FixOutcome[] };
    expect(out.rollbacks.length).toBeGreaterThan(0);
    for (const o of out.rollbacks) {
      expect(o.result, o.message).toBe('rolled-back');
      expect(outcomeProblems(o)).toEqual([]);
    }
  });

  it('rotate-runner-token into a ConfigMap: the sink lines, the not-paused and dry-run checks in Russian', async () => {
    const cm = labObject<{ data: Record<string, string> }>(lab, 'ConfigMap', SEED_002_NAMESPACE, 'gitlab-runner-config');
    cm.data['config.toml'] = cm.data['config.toml']!.replace(/token = "glpat-[^"]+"/, 'token = "glrt-DeadTokenInConfigMap01"\n  token_obtained_at = 2026-01-01T00:00:00Z');
    const connections = new FixConnections({
      kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: SEED_002_NAMESPACE }],
      gitlab: { url: lab.gitlab.url, token: lab.gitlab.token, caFile: lab.gitlab.caFile },
      files: [],
    });
    try {
      const ctx = { connections, signal: new AbortController().signal, changed: () => undefined, progress: () => undefined };
      const facts = {
        gitlab: { runners: new Map([[SEED_002_RUNNER_ID, { id: SEED_002_RUNNER_ID, description: SEED_002_RUNNER_DESCRIPTION }]]) },
        configs: [{ source: { configMap: { namespace: SEED_002_NAMESPACE, name: 'gitlab-runner-config', key: 'config.toml' } }, template: false, parsed: true }],
      } as never;
      const plans = await rotateRunnerToken.plan({ findings: [{ id: 'runner-token-invalid', evidence: [] } as never], facts, target: undefined }, ctx);
      const plan = plans.find((p) => p.target.object === 'configmap/gitlab-runner-config')!;
      const preflight = await rotateRunnerToken.preflight(plan, ctx);
      expect(preflight.ok).toBe(true);
      expect(planProblems(plan, preflight)).toEqual([]);
      expect(localizePlan(plan, 'ru').changes[1]).toMatch(/^ConfigMap gitlab-runner-002\/gitlab-runner-config \(config\.toml\), запись \[\[runners\]\] "ois-cfa-k8s": ключ "token" ← новый токен \(и token_obtained_at\)/);
    } finally {
      await connections.close();
    }
  });
});
