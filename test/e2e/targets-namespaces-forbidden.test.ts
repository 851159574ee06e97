import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { CATALOGS } from '../../shared/i18n';
import { sourceIds } from '../../shared/source-ids';
import { AppPage, CollectPage } from './pages';
import { axeViolations } from './support/axe';
import { englishLeft } from './support/english-left';
import { RestartableApp } from './support/restartable-app';

const T = CATALOGS.ru;

/**
 * "All namespaces that hold runners" for a user who may not list namespaces at all: the lab's
 * Kubernetes API answers their GET /api/v1/namespaces with 403 Forbidden (RBAC, the Status body
 * the API server sends). In Russian and the dark theme, at 1280×800, the wizard says the search
 * cannot run and why, offers to choose namespaces by hand, and a namespace typed there is collected.
 */
describe('wizard: all namespaces, for a user who may not list namespaces (Russian, dark)', () => {
  let lab: DemoLab;
  let dir: string;
  let app: RestartableApp;
  let kubeconfig: string;
  const context = 'developer';
  const own = 'gitlab-runner';
  const typed = 'gitlab-runner-001';
  const page = () => app.browser!.page;
  const card = () => page().locator(`.context-card[data-context="${context}"]`);
  const names = () => [context, own, typed, lab.kubeContext, 'demo-lab', 'demo-admin', 'dev', 'dev@example.com'];

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-ns-forbidden-'));
    const doc = parse(await readFile(lab.kubeconfigPath, 'utf8')) as { users: unknown[]; contexts: unknown[] };
    const token = 'no-namespace-list-token-0123456789';
    // Reads in two namespaces; nothing at the cluster scope, so not the namespace list.
    (lab.world.kube.identities ??= new Map()).set(token, {
      username: 'dev@example.com',
      rules: [own, typed].map((namespace) => ({ verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'], namespace })),
    });
    doc.users.push({ name: 'dev', user: { token } });
    doc.contexts.push({ name: context, context: { cluster: 'demo-lab', user: 'dev', namespace: own } });
    kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, stringify(doc), { mode: 0o600 });
    app = RestartableApp.russianDark(dir);
  });

  afterAll(async () => {
    await app?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('1. ticked, the search says it cannot run, quotes the API server and offers to choose by hand', async () => {
    const { page } = await app.start();
    const shots = new AppPage(page, 'ns-forbidden-');
    await shots.waitForStep(T.welcome.title);
    await page.getByRole('button', { name: T.welcome.real }).click();
    await page.getByLabel(T.targets.kubePanel.kubeconfig, { exact: true }).fill(kubeconfig);
    await page.getByRole('button', { name: T.targets.kubePanel.load }).click();
    await card().locator('[data-reach="reachable"]').waitFor();
    // Only this user's context is collected.
    await page.locator(`.context-card[data-context="${lab.kubeContext}"]`).getByRole('checkbox', { name: lab.namespace, exact: true }).uncheck();

    await card().getByRole('checkbox', { name: T.targets.runners.all, exact: true }).check();
    await card().locator('[data-cannot-list]').waitFor();
    expect(await card().locator('[data-cannot-list]').textContent()).toBe(T.targets.runners.cannotList);
    const refused = card().locator('[data-namespaces-refused]');
    expect(await refused.locator('code').allTextContents()).toEqual([
      own,
      'HTTP 403: namespaces is forbidden: User "dev@example.com" cannot list resource "namespaces" in API group "" at the cluster scope',
    ]);
    expect(await englishLeft(page, { names: names() })).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await shots.screenshotOf(card(), 1, 'cannot-list');
  });

  it('2. "choose by hand": the typed-namespace field takes focus; a namespace typed there is chosen beside the context\'s own', async () => {
    await card().getByRole('button', { name: T.targets.runners.byHand }).click();
    const field = card().getByLabel(T.targets.context.another, { exact: true });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await card().getByRole('checkbox', { name: T.targets.runners.all, exact: true }).isChecked()).toBe(false);
    await page().keyboard.type(typed);
    await card().getByRole('button', { name: T.targets.context.add, exact: true }).click();
    expect(await card().getByRole('checkbox', { name: typed, exact: true }).isChecked()).toBe(true);
    // The context's own namespace is offered beside it.
    await card().getByRole('checkbox', { name: own, exact: true }).check();
    expect(await page().locator('.step > p[aria-live="polite"]').textContent()).toBe('Будет собрано: 2 неймспейса Kubernetes.');
    expect(await englishLeft(page(), { names: names() })).toEqual([]);
    expect(await axeViolations(page())).toEqual([]);
    await new AppPage(page(), 'ns-forbidden-').screenshotOf(card(), 2, 'typed-namespace');
  });

  it('3. both namespaces are collected, and the runner of the typed one is diagnosed', async () => {
    await page().getByRole('button', { name: T.targets.next }).click();
    const collect = new CollectPage(page(), 'ns-forbidden-');
    await page().getByRole('button', { name: T.collect.continue }).waitFor({ timeout: 90_000 });
    expect(await collect.heading().textContent()).toBe(T.collect.titleFinished.ok);
    const rows = await collect.rows();
    for (const ns of [own, typed]) expect(rows.find((r) => r.source === sourceIds.kubeNamespace(context, ns))?.state, ns).toBe(T.collect.state.done);
    await collect.screenshot(3, 'collected');
    await page().getByRole('button', { name: T.collect.continue }).click();
    await collect.waitForStep(T.findings.title);
    const ids = await page().locator('article.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id')));
    expect(ids).toContain('runner-token-invalid');
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(app.browser!.problems).toEqual([]);
  });
});
