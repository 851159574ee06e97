import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { SEED_001_NAMESPACE } from '../../../electron/core/demo-lab/scenarios/seed-001-token-rejected';
import { SEED_002_NAMESPACE } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { SEED_004_NAMESPACE } from '../../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';
import { FixConnections } from '../../../electron/core/fixes/connections';
import { runFix } from '../../../electron/core/fixes/lifecycle';
import { raiseRequestConcurrency } from '../../../electron/core/fixes/raise-request-concurrency';
import type { FixOutcome, FixProgress, PreflightView } from '../../../shared/fixes';
import { localizeCheck, localizeOutcome, localizeProgress } from '../../../shared/i18n/fix-text';
import { formatIn } from '../../../shared/i18n/text';
import type { Message } from '../../../shared/messages';
import { englishLeft } from '../../helpers/english-prose';
import { fixEnv, labObject, labSources } from '../../helpers/fix-lab';
import { runCli } from '../../helpers/run-cli';

// What a fix says when it cannot plan or apply — a token file already in use, an item not in
// the plan, a dry run the API server rejects, a write that fails, an object changed under it —
// in Russian with --lang ru, against the demo lab's servers. The JSON keeps the English fields
// with their message ids; the text output shows the Russian of those ids.
let lab: DemoLab;
let dir: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-errors-ru-'));
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const env = () => fixEnv(dir, lab.gitlab.token);
const CM = `/api/v1/namespaces/${SEED_002_NAMESPACE}/configmaps/gitlab-runner-config`;
const ru = (m: Message) => formatIn(m, 'ru', 'fixes');
const readsRussian = (m: Message | undefined) => {
  expect(m, 'a message id').toBeDefined();
  expect(englishLeft(m!, (x, lang) => formatIn(x, lang, 'fixes'))).toBeUndefined();
};

async function withFault<T>(match: RegExp, code: number, message: string, body: () => Promise<T>): Promise<T> {
  lab.kubeFaults.failRequests.push({ match, code, message });
  try {
    return await body();
  } finally {
    lab.kubeFaults.failRequests.length = 0;
  }
}

describe('errors of runner-doctor fix in Russian (--lang ru)', () => {
  it('a token file that already holds a token is refused in Russian, before anything is collected', async () => {
    const file = join(dir, 'used-token');
    await writeFile(file, 'glrt-EarlierRotationToken0123456789\n', { mode: 0o600 });
    const r = await runCli(['fix', 'runner-token-invalid', '--plan', '--token-file', file, '--lang', 'ru', ...labSources(lab, SEED_001_NAMESPACE)], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`runner-doctor: в ${file} уже лежит токен (от прошлой ротации?): завершите ту ротацию с --resume или выберите другой файл\n`);
  });

  it('an item that is not in the plan is named in Russian', async () => {
    const r = await runCli(['fix', 'orphaned-job-secrets', '--plan', '--only', 'runner-nope', '--lang', 'ru', ...labSources(lab, SEED_004_NAMESPACE)], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('runner-doctor: delete-orphaned-job-secrets: "runner-nope" нет в плане; --plan покажет идентификаторы плана и объектов, из которых можно выбирать\n');
  });

  it('a server-side dry run the API server rejects: the check says so in Russian, with the server’s own words', async () => {
    const webhook = 'admission webhook "protect-config.example.com" denied the request';
    const out = await withFault(new RegExp(`^PATCH ${CM}\\?dryRun=All`), 400, webhook, async () => {
      const json = await runCli(['fix', 'long-polling-bottleneck', '--plan', '--json', ...labSources(lab, SEED_002_NAMESPACE)], { env: env() });
      const text = await runCli(['fix', 'long-polling-bottleneck', '--plan', '--lang', 'ru', ...labSources(lab, SEED_002_NAMESPACE)], { env: env() });
      return { json, text };
    });
    const preflight = (JSON.parse(out.json.stdout) as { plans: { preflight: PreflightView }[] }).plans[0]!.preflight;
    const dryRun = preflight.checks.find((c) => c.name === 'server-side dry run')!;
    expect(dryRun).toMatchObject({ ok: false });
    expect(dryRun.detail).toContain(webhook);
    // The server's words are the detail in every language; the check itself is named in Russian.
    expect(dryRun.messages?.detail?.key).toBe('kube.http');
    const shown = localizeCheck(dryRun, 'ru');
    expect(shown.name).toBe('dry run на сервере');
    expect(shown.detail).toBe(`HTTP 400: ${webhook}`);
    expect(out.text.stdout).toContain(`НЕТ ${shown.name}: ${shown.detail}`);
    expect(out.text.code).toBe(1);
  });

  it('a write the API server fails: the outcome, what was not changed and what to do next, in Russian', async () => {
    const before = labObject<{ metadata: { resourceVersion: string } }>(lab, 'ConfigMap', SEED_002_NAMESPACE, 'gitlab-runner-config').metadata.resourceVersion;
    const out = await withFault(new RegExp(`^PATCH ${CM}$`), 500, 'etcdserver: request timed out', async () => {
      const json = await runCli(['fix', 'long-polling-bottleneck', '--apply', '--yes', '--json', ...labSources(lab, SEED_002_NAMESPACE)], { env: env(), timeoutMs: 120_000 });
      const text = await runCli(['fix', 'long-polling-bottleneck', '--apply', '--yes', '--lang', 'ru', ...labSources(lab, SEED_002_NAMESPACE)], { env: env(), timeoutMs: 120_000 });
      return { json, text };
    });
    const outcome = (JSON.parse(out.json.stdout) as { plans: { outcome: FixOutcome }[] }).plans[0]!.outcome;
    expect(outcome).toMatchObject({ result: 'failed', changed: [] });
    expect(outcome.message).toMatch(/^apply failed: .*500.*etcdserver: request timed out/);
    readsRussian(outcome.messages?.message);
    const shown = localizeOutcome(outcome, 'ru');
    expect(shown.message).toContain('etcdserver: request timed out');
    expect(shown.message).not.toMatch(/apply failed/);
    for (const line of [shown.message, shown.nextStep!, ...shown.notChanged]) expect(out.text.stdout).toContain(line);
    expect(out.text.code).toBe(1);
    expect(labObject<{ metadata: { resourceVersion: string } }>(lab, 'ConfigMap', SEED_002_NAMESPACE, 'gitlab-runner-config').metadata.resourceVersion).toBe(before);
  }, 300_000);

  it('an object changed between the yes and the write: the conflict is said in Russian as the fix plans again', async () => {
    const connections = new FixConnections({ kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: SEED_002_NAMESPACE }], files: [] });
    const events: FixProgress[] = [];
    try {
      const ctx = { connections, signal: new AbortController().signal, changed: () => undefined, progress: () => undefined };
      const seed = { findingId: 'long-polling-bottleneck', data: { kube: { kubeconfig: lab.kubeconfigPath, context: lab.kubeContext }, namespace: SEED_002_NAMESPACE, name: 'gitlab-runner-config' } };
      const plan = await raiseRequestConcurrency.replan(seed as never, ctx);
      expect(plan, 'a plan for the lab ConfigMap').toBeDefined();
      const outcome = await runFix(raiseRequestConcurrency, plan!, connections, {
        // Someone edits the ConfigMap between the yes and the write; the plan made again is not confirmed here.
        confirm: async (_p, _pre, again) => {
          if (!again) {
            const cm = labObject<{ metadata: { resourceVersion: string } }>(lab, 'ConfigMap', SEED_002_NAMESPACE, 'gitlab-runner-config');
            cm.metadata.resourceVersion = String(Number(cm.metadata.resourceVersion) + 7);
          }
          return !again;
        },
        onProgress: (e) => events.push(e),
        audit: async () => undefined,
      }, new AbortController().signal);
      expect(outcome.result).toBe('replanned');
      const conflict = events.find((e) => e.step === 'apply' && e.state === 'failed')!;
      expect(conflict.message).toBe(`ConfigMap ${SEED_002_NAMESPACE}/gitlab-runner-config changed since the plan was made: planning again from a fresh read`);
      readsRussian(conflict.text);
      expect(localizeProgress(conflict, 'ru').message).toContain(`ConfigMap ${SEED_002_NAMESPACE}/gitlab-runner-config изменился после того, как был составлен план`);
      expect(ru(outcome.messages!.message!)).toBe(localizeOutcome(outcome, 'ru').message);
    } finally {
      await connections.close();
    }
  });

  it('a target that fails while the plan is read: one line in Russian with the server’s words, not an internal error', async () => {
    const r = await withFault(new RegExp(`^GET ${CM}$`), 503, 'etcdserver: leader changed', () =>
      runCli(['fix', 'long-polling-bottleneck', '--plan', '--lang', 'ru', ...labSources(lab, SEED_002_NAMESPACE)], { env: env() }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('runner-doctor: не удалось спланировать raise-request-concurrency: HTTP 503: etcdserver: leader changed');
  });
});
