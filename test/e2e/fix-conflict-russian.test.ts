import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../electron/core/kube/kube-client';
import { CATALOGS } from '../../shared/i18n';
import { FindingsPage, FixPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { englishLeft } from './support/english-left';
import { RestartableApp } from './support/restartable-app';

const T = CATALOGS.ru;

/**
 * The Fix step in Russian when the cluster changed under the plan: someone else edits the
 * runner's ConfigMap between the plan and the yes, the dry run made again at the yes finds a
 * resourceVersion newer than the plan's and nothing is written, and the step says so in Russian: the conflict in the progress,
 * the outcome, and nothing left in English. Then the ConfigMap is deleted and planning again fails
 * with a Russian banner.
 */
describe('Fix step in Russian: a ConfigMap changed by someone else after the plan', () => {
  let dir: string;
  let app: RestartableApp;
  const page = () => app.browser!.page;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-fix-conflict-'));
    app = new RestartableApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') }, { viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('collects the demo lab and plans raise-request-concurrency, in Russian', async () => {
    await app.start();
    const collect = await new WelcomePage(page()).collectDemoLab();
    await collect.waitForDone();
    const findings = await collect.continueToFindings();
    await page().getByLabel('Language').selectOption('ru');
    await findings.waitForStep(T.steps.findings);
    const card = await new FindingsPage(page()).expand('long-polling-bottleneck');
    await card.locator('button.fix-open').first().click();
    const fix = new FixPage(page());
    await fix.waitForStep(T.fix.title);
    await fix.waitForPlans();
    expect(await fix.plan().locator('h4').textContent()).toMatch(/^Поднять request_concurrency в ConfigMap \S+\/gitlab-runner-config /);
  });

  it('someone edits the ConfigMap after the plan: at the yes the dry run finds the object changed, nothing is written, and the step says so in Russian', async () => {
    const fix = new FixPage(page());
    const plan = fix.plan();
    const lab = await app.app!.service.handlers['demo.status']({}, { emit: () => undefined });
    const namespace = /ConfigMap ([^/\s]+)\/gitlab-runner-config/.exec((await plan.locator('h4').textContent()) ?? '')?.[1];
    expect(namespace).toBeTruthy();
    // Another operator's edit: a new resourceVersion on the object the plan was made from.
    const other = await KubeClient.connect(lab.kubeconfigPath!, lab.kubeContext);
    try {
      await other.json(`/api/v1/namespaces/${namespace}/configmaps/gitlab-runner-config`, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { 'example.com/edited-by': 'another-operator' } } },
      });
    } finally {
      await other.close();
    }

    await plan.getByRole('button', { name: T.fix.apply }).click();
    await fix.dialog().waitFor();
    await fix.dialog().getByRole('button', { name: T.fix.confirm.yes, exact: true }).click();
    const outcome = plan.locator('.fix-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    const said = ((await outcome.textContent()) ?? '').trim();
    // The dry run on the server, made again at the yes, meets the edit: nothing is written.
    expect(said).toBe(
      `Не применено. Предварительная проверка не пройдена: dry run на сервере: ConfigMap ${namespace}/gitlab-runner-config изменился после того, как был составлен план` +
        'Не изменено:config.toml, раннер ois-cfa-k8s: request_concurrency 1 (по умолчанию) → 4' +
        'Что дальше: Ничего не изменено. Устраните то, что назвала непройденная проверка (нет прав, объект изменился), и составьте план заново.',
    );
    const steps = (await plan.locator('.fix-progress li').allTextContents()).map((s) => s.trim());
    expect(steps.some((s) => s.includes(`ConfigMap ${namespace}/gitlab-runner-config изменился после того, как был составлен план`)), JSON.stringify(steps)).toBe(true);
    expect(await plan.locator('.meta').first().textContent()).toBe(`Где: ConfigMap gitlab-runner-config (ключ config.toml) в неймспейсе ${namespace} контекста runner-doctor-demo`);
    // The whole card: Russian, but for names from the cluster and the terms engineers keep in English
    // (dry run, the RBAC verb and resource, long polling, the config.toml key "limit").
    const names = [namespace!, 'gitlab-runner-config', 'dry', 'run', 'patch', 'configmaps', 'resourceVersion', 'long', 'polling', 'limit'];
    expect(await englishLeft(page(), { scope: plan, names })).toEqual([]);
    expect(await axeViolations(page())).toEqual([]);
    await fix.screenshotOf(plan, 1, 'fix-conflict-ru');
  });

  it('the ConfigMap is then deleted: planning again fails, and the banner says why in Russian', async () => {
    const fix = new FixPage(page());
    const lab = await app.app!.service.handlers['demo.status']({}, { emit: () => undefined });
    const namespace = /ConfigMap ([^/\s]+)\/gitlab-runner-config/.exec((await fix.plan().locator('h4').textContent()) ?? '')?.[1];
    const other = await KubeClient.connect(lab.kubeconfigPath!, lab.kubeContext);
    try {
      await other.json(`/api/v1/namespaces/${namespace}/configmaps/gitlab-runner-config`, { method: 'DELETE' });
    } finally {
      await other.close();
    }
    await fix.plan().getByRole('button', { name: T.fix.planAgain }).click();
    await fix.waitForPlans();
    const banner = page().locator('.fix-step [role="alert"]');
    expect(((await banner.textContent()) ?? '').trim()).toBe(
      `Не удаётся составить план raise-request-concurrency: HTTP 404: configmaps "gitlab-runner-config" not found ${T.fix.planAgain}`,
    );
    // The API server's own answer after "HTTP 404:" is quoted as it came; the rest is Russian.
    expect(await englishLeft(page(), { scope: banner, names: ['raise-request-concurrency'] })).toEqual([]);
    expect(await page().locator('article.fix-plan').count()).toBe(0);
    expect(await axeViolations(page())).toEqual([]);
    await fix.screenshotOf(banner, 2, 'fix-plan-failed-ru');
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(app.browser!.problems).toEqual([]);
  });
});
