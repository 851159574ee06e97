import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { CollectPage, FindingsPage, RealTargetsPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { RestartableApp } from './support/restartable-app';
import { recordProgressTable, recordedProgress } from './support/progress-recorder';

/**
 * "Diagnose my runners" across a fleet spread over namespaces: the Targets step's "All
 * namespaces that hold runners" (collect --all-namespaces) on the demo lab's kubeconfig, whose
 * runners live in several namespaces, beside a context whose user may list pods in two of them.
 */
describe('wizard: all namespaces that hold runners', () => {
  let lab: DemoLab;
  let dir: string;
  let restartable: RestartableApp;
  let kubeconfig: string;
  const partlyAllowed = ['gitlab-runner', 'gitlab-runner-001'];
  const start = () => restartable.start();
  const stop = () => restartable.stop();

  const page = () => restartable.browser!.page;
  const targets = () => new RealTargetsPage(page(), 'allns-');

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-allns-'));
    restartable = new RestartableApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') });
    const doc = parse(await readFile(lab.kubeconfigPath, 'utf8')) as { users: unknown[]; contexts: unknown[] };
    const token = 'partly-allowed-token-0123456789';
    (lab.world.kube.identities ??= new Map()).set(token, {
      username: 'team-lead@example.com',
      rules: [
        { verbs: ['list'], apiGroups: [''], resources: ['namespaces'] },
        ...partlyAllowed.map((namespace) => ({ verbs: ['list'], apiGroups: [''], resources: ['pods'], namespace })),
      ],
    });
    doc.users.push({ name: 'team-lead', user: { token } });
    doc.contexts.push({ name: 'team-lead', context: { cluster: 'demo-lab', user: 'team-lead', namespace: 'gitlab-runner' } });
    kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, stringify(doc), { mode: 0o600 });
  });

  afterAll(async () => {
    await stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('1. ticked by keyboard, the search shows every namespace that holds runners; axe-clean in light and dark', async () => {
    const { page } = await start();
    const welcome = new WelcomePage(page);
    await welcome.open();
    await welcome.diagnoseButton().click();
    await targets().open();
    await targets().fill('Kubeconfig file', kubeconfig);
    expect(await targets().loadContexts()).toEqual([lab.kubeContext, 'team-lead']);
    expect(await targets().namespaceCheckbox(lab.kubeContext, 'gitlab-runner').isChecked()).toBe(true);

    const all = targets().allNamespacesCheckbox(lab.kubeContext);
    await all.focus();
    await page.keyboard.press('Space');
    expect(await all.isChecked()).toBe(true);
    const search = await targets().runnerSearch(lab.kubeContext);
    expect(search).toEqual({ found: `Runners found in: ${[...lab.namespaces].sort().join(', ')}.`, unlisted: '' });
    expect(lab.namespaces.length).toBeGreaterThanOrEqual(3);
    // The namespace ticked before is set aside: the whole context is searched instead.
    expect(await targets().namespaceCheckbox(lab.kubeContext, 'gitlab-runner').isDisabled()).toBe(true);
    expect(await targets().summary()).toBe('To collect: all namespaces with runners in 1 context.');

    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Theme').selectOption('dark');
    expect(await axeViolations(page)).toEqual([]);
    await targets().screenshotOf(targets().context(lab.kubeContext), 1, 'all-namespaces-dark');
    await page.getByLabel('Theme').selectOption('light');

    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('checkbox', { name: 'Все неймспейсы, где есть раннеры' }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Язык').selectOption('en');
    await targets().open();
  });

  it('2. a user who may list pods in some namespaces only is told which could not be searched', async () => {
    const page = restartable.browser!.page;
    await targets().allNamespacesCheckbox('team-lead').check();
    const search = await targets().runnerSearch('team-lead');
    expect(search.found).toBe(`Runners found in: ${partlyAllowed.join(', ')}.`);
    const hidden = lab.namespaces.filter((ns) => !partlyAllowed.includes(ns));
    expect(search.unlisted).toMatch(/^Pods could not be listed in: .+\. Runners there are not found\.$/);
    for (const ns of hidden) expect(search.unlisted).toContain(ns);
    expect(await axeViolations(page)).toEqual([]);
    await targets().screenshotOf(targets().context('team-lead'), 2, 'all-namespaces-unlisted');
    await targets().allNamespacesCheckbox('team-lead').uncheck();
    expect(await targets().summary()).toBe('To collect: all namespaces with runners in 1 context.');
  });

  it('3. the choice survives a restart of the app', async () => {
    await expect
      .poll(() => restartable.savedState(), { timeout: 5000 })
      .toMatchObject({ state: { targets: { kubeAllNamespaces: [lab.kubeContext] } } });
    await stop();
    await start();
    await targets().open();
    expect(await targets().field('Kubeconfig file').inputValue()).toBe(kubeconfig);
    await targets().loadContexts();
    expect(await targets().allNamespacesCheckbox(lab.kubeContext).isChecked()).toBe(true);
    expect(await targets().allNamespacesCheckbox('team-lead').isChecked()).toBe(false);
    // What a collection would find is searched again on the way back.
    expect((await targets().runnerSearch(lab.kubeContext)).found).toBe(`Runners found in: ${[...lab.namespaces].sort().join(', ')}.`);
  });

  it('4. collecting searches the same way and gathers evidence and findings from every runner namespace', async () => {
    const page = restartable.browser!.page;
    await recordProgressTable(page);
    await targets().next();
    const collect = new CollectPage(page, 'allns-');
    await collect.open();
    await collect.waitForDone();
    const seen = await recordedProgress(page);
    // The search itself is a row of its own, saying where it found runners.
    const searchRow = seen.rows.filter((r) => r.source === `kube:${lab.kubeContext}/*`).at(-1);
    expect(searchRow?.details, JSON.stringify(seen.rows.map((r) => r.source))).toBe(`Runners in ${[...lab.namespaces].sort().join(', ')}`);
    for (const ns of lab.namespaces) {
      expect(
        seen.rows.some((r) => r.source.startsWith(`kube:${lab.kubeContext}/${ns}/`)),
        ns,
      ).toBe(true);
    }
    await collect.continueToFindings();
    const findings = new FindingsPage(page, 'allns-');
    await findings.open();
    expect(await findings.errors()).toEqual([]);
    // One incident per runner namespace of the lab.
    const fromNamespace: Record<string, string> = {
      'job-token-expired': 'gitlab-runner',
      'runner-token-invalid': 'gitlab-runner-001',
      'runner-token-is-pat': 'gitlab-runner-002',
      'orphaned-job-secrets': 'gitlab-runner-004',
    };
    expect(await findings.findingIds()).toEqual(expect.arrayContaining(Object.keys(fromNamespace)));
    const cited = new Set<string>();
    for (const id of Object.keys(fromNamespace)) {
      for (const e of (await findings.read(id)).evidence) cited.add(e.where.split('/').slice(0, 4).join('/'));
    }
    for (const ns of Object.values(fromNamespace)) expect(cited).toContain(`evidence/kube/${lab.kubeContext}/${ns}`);
    await findings.screenshot(3, 'all-namespaces-findings');
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(restartable.browser!.problems).toEqual([]);
  });
});
