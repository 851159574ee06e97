import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import { fingerprintSha256 } from '../../electron/core/ssh/known-hosts';
import { CollectPage, FindingsPage, PromptDialog, RealTargetsPage, WelcomePage } from './pages';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';
import { axeViolations } from './support/axe';
import { recordProgressTable, recordedProgress } from './support/progress-recorder';

/**
 * "Diagnose my runners" in Chromium, with the demo lab's endpoints typed in as if they were the
 * user's own: a kubeconfig with three contexts (admin, a read-only user, one that runs an exec
 * credential plugin), the GitLab URL + token + CA file, and an ssh config whose host key no
 * known_hosts file has yet. The app never starts a lab of its own here.
 */
describe('wizard: diagnose my runners (real targets)', () => {
  let lab: DemoLab;
  let app: BrowserApp;
  let browser: Browser;
  let dir: string;
  let kubeconfig: string;
  let emptyKnownHosts: string;
  let fingerprint: string;

  beforeAll(async () => {
    lab = await startDemoLab();
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-real-'));
    const doc = parse(await readFile(lab.kubeconfigPath, 'utf8')) as {
      users: { name: string; user: { token: string } }[];
      contexts: unknown[];
    };
    const adminToken = doc.users[0]?.user.token ?? '';
    const viewerToken = 'viewer-token-for-the-e2e-0123456789';
    (lab.world.kube.identities ??= new Map()).set(viewerToken, {
      username: 'jane@example.com',
      rules: [{ verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods', 'pods/log', 'deployments', 'configmaps', 'events'] }],
    });
    const plugin = path.join(dir, 'cloud-get-token');
    await writeFile(
      plugin,
      `#!/bin/sh\nprintf '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"%s"}}' "$CLOUD_TOKEN"\n`,
    );
    await chmod(plugin, 0o755);
    doc.users.push(
      { name: 'jane', user: { token: viewerToken } },
      {
        name: 'eks-user',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: plugin,
            args: ['token', '--cluster', 'prod'],
            env: [{ name: 'CLOUD_TOKEN', value: adminToken }],
          },
        } as never,
      },
    );
    doc.contexts.push(
      { name: 'viewer', context: { cluster: 'demo-lab', user: 'jane', namespace: 'gitlab-runner' } },
      { name: 'eks-prod', context: { cluster: 'demo-lab', user: 'eks-user', namespace: 'gitlab-runner' } },
    );
    kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, stringify(doc), { mode: 0o600 });
    emptyKnownHosts = path.join(dir, 'known_hosts');
    await writeFile(emptyKnownHosts, '');
    const [, , b64] = (await readFile(lab.knownHostsPath, 'utf8')).trim().split(/\s+/);
    fingerprint = fingerprintSha256(Buffer.from(b64 ?? '', 'base64'));

    app = await startBrowserApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') });
    browser = await launchChromium();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${app.bridge.port}` });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('1. Welcome offers "Diagnose my runners"; the targets step opens with focus on its heading', async () => {
    const welcome = new WelcomePage(browser.page);
    await browser.page.goto(app.bridge.url);
    await welcome.open();
    expect(await welcome.diagnoseButton().isVisible()).toBe(true);
    await welcome.diagnoseButton().click();
    const targets = new RealTargetsPage(browser.page, 'real-');
    await targets.open();
    expect(await targets.headingHasFocus()).toBe(true);
    expect(await targets.currentNavStep()).toBe('2. Targets');
    // Path fields start at where kubectl and ssh look.
    await expect.poll(() => targets.field('ssh config file').inputValue()).toBe(path.join(dir, 'home', '.ssh', 'config'));
    expect(await targets.field('Personal access token').getAttribute('type')).toBe('password');
    expect(await targets.page.locator('#gitlab-token-note').textContent()).toContain('OS keychain');
    expect(await targets.summary()).toBe('Choose at least one target.');
    expect(await targets.page.getByRole('button', { name: 'Next: collect evidence' }).isDisabled()).toBe(true);
  });

  it('2. GitLab: test connection shows version, user, scopes and the runners with status and last contact', async () => {
    const targets = new RealTargetsPage(browser.page, 'real-');
    await targets.fill('Instance URL', lab.gitlab.url);
    await targets.fill('Personal access token', lab.gitlab.token);
    await targets.fill(/^CA certificate file/, lab.gitlab.caFile);
    await targets.testGitlab();
    expect(await targets.errors()).toEqual([]);
    const facts = await targets.gitlabFacts();
    expect(facts['GitLab']).toMatch(/^\d+\.\d+\.\d+/);
    expect(facts['Signed in as']).toContain('root');
    expect(facts['Token']).toMatch(/scopes .*read_api/);
    const runners = await targets.runners();
    expect(runners.length).toBeGreaterThan(0);
    expect(runners.every((r) => /online|offline|stale|never contacted|active|paused/.test(r.status))).toBe(true);
    expect(runners.some((r) => /ago$/.test(r.lastContact))).toBe(true);
    // The token left the page: the field is empty and nothing on the page shows it.
    expect(await targets.field('Personal access token').inputValue()).toBe('');
    expect(await targets.panel('GitLab').locator('.warning-text').textContent()).toContain('memory only');
    expect(await browser.page.content()).not.toContain(lab.gitlab.token);
    await targets.screenshotOf(targets.panel('GitLab'), 1, 'gitlab');
  });

  it('3. Kubernetes: contexts with the exec command shown first; Escape is no; a read-only user gets the Role YAML', async () => {
    const targets = new RealTargetsPage(browser.page, 'real-');
    await targets.fill('Kubeconfig file', kubeconfig);
    expect(await targets.loadContexts()).toEqual(['runner-doctor-demo', 'viewer', 'eks-prod']);
    // The current context is marked, and its own namespace is chosen already.
    expect(await targets.context('runner-doctor-demo').locator('h4').textContent()).toContain('(current context)');
    expect(await targets.namespaceCheckbox('runner-doctor-demo', 'gitlab-runner').isChecked()).toBe(true);
    const eks = targets.context('eks-prod');
    expect(await eks.locator('.exec-note code').textContent()).toBe(
      `CLOUD_TOKEN=<hidden> ${path.join(dir, 'cloud-get-token')} token --cluster prod`,
    );

    // The plugin is shown again and runs only after a yes; Escape answers no.
    const prompt = new PromptDialog(browser.page);
    await targets.listNamespaces('eks-prod');
    const shown = await prompt.waitForOpen();
    expect(shown.title).toBe('Run a credential command?');
    expect(shown.text).toContain('cloud-get-token token --cluster prod');
    expect(shown.text).toContain('CLOUD_TOKEN=<hidden>');
    expect(await prompt.hasFocus()).toBe(true);
    expect(await prompt.focusedLabel()).toBe("Don't run");
    await targets.screenshot(2, 'kube-exec-prompt', { fullPage: false });
    await browser.page.keyboard.press('Escape');
    await prompt.waitForClosed();
    // The dialog closes at once; the refusal arrives with the handler's answer just after.
    await browser.page.locator('[role="alert"]', { hasText: 'Not approved' }).first().waitFor();
    expect((await targets.errors()).join(' ')).toContain('Not approved');
    await targets.listNamespaces('eks-prod');
    await prompt.waitForOpen();
    await prompt.dialog().getByRole('button', { name: 'Run it' }).click();
    await targets.namespaceCheckbox('eks-prod', 'gitlab-runner').waitFor();

    // A user who may not list namespaces still gets the context's own; its access check names what is missing.
    await targets.listNamespaces('viewer');
    await targets.namespaceCheckbox('viewer', 'gitlab-runner').check();
    const viewerCheck = await targets.checkAccess('viewer', 'gitlab-runner');
    const missing = await viewerCheck.locator('.missing-verbs code').allTextContents();
    expect(missing).toEqual(expect.arrayContaining(['list secrets', 'patch configmaps', 'delete secrets']));
    const yaml = (await viewerCheck.locator('.yaml pre').textContent()) ?? '';
    expect(yaml).toMatch(/kind: Role[\s\S]*name: jane@example.com/);
    // The Role is for someone else to apply: one click copies it.
    await viewerCheck.locator('.yaml').getByRole('button', { name: 'Copy' }).click();
    expect(await browser.page.evaluate(() => navigator.clipboard.readText())).toBe(yaml);
    expect(await axeViolations(browser.page)).toEqual([]);
    await targets.screenshotOf(targets.context('viewer'), 3, 'kube-access');
    await targets.namespaceCheckbox('viewer', 'gitlab-runner').uncheck();

    // The admin context: its namespace, fully allowed.
    await targets.listNamespaces('runner-doctor-demo');
    await targets.namespaceCheckbox('runner-doctor-demo', 'gitlab-runner').check();
    const adminCheck = await targets.checkAccess('runner-doctor-demo', 'gitlab-runner');
    expect(await adminCheck.textContent()).toContain('Every permission Runner Doctor uses is granted');
  });

  it('4. SSH: the aliases of the ssh config, with where each goes', async () => {
    const targets = new RealTargetsPage(browser.page, 'real-');
    await targets.fill('ssh config file', lab.sshConfigPath);
    await targets.fill('known_hosts file', emptyKnownHosts);
    await targets.loadSshHosts();
    const host = targets.hostCheckbox(lab.sshAlias);
    await host.focus();
    await browser.page.keyboard.press('Space');
    expect(await host.isChecked()).toBe(true);
    expect(await targets.summary()).toBe('To collect: 1 GitLab instance, 1 Kubernetes namespace, 1 SSH host.');
    await targets.screenshotOf(targets.panel('SSH hosts'), 4, 'ssh');
  });

  it('5. Collect: an unknown host key is asked about with its fingerprint; progress is grouped by target', async () => {
    const targets = new RealTargetsPage(browser.page, 'real-');
    await recordProgressTable(browser.page);
    await targets.next();
    const collect = new CollectPage(browser.page, 'real-');
    await collect.open();
    const prompt = new PromptDialog(browser.page);
    const shown = await prompt.waitForOpen();
    expect(shown.title).toBe('Trust this SSH host key?');
    expect(shown.facts['Fingerprint']).toBe(fingerprint);
    expect(shown.facts['Key type']).toBe('ssh-ed25519');
    expect(shown.facts['Host']).toMatch(/^127\.0\.0\.1, port \d+$/);
    // Focus starts on the safe answer and Tab stays inside the dialog.
    expect(await prompt.focusedLabel()).toBe("Don't connect");
    await browser.page.keyboard.press('Tab');
    await browser.page.keyboard.press('Tab');
    expect(await prompt.hasFocus()).toBe(true);
    await collect.screenshot(5, 'host-key-prompt', { fullPage: false });
    await prompt.dialog().getByRole('button', { name: 'Trust and connect' }).click();
    await prompt.waitForClosed();

    // The step stays on the table when collection ends; the user moves on.
    await collect.waitForDone();
    expect(await axeViolations(browser.page)).toEqual([]);
    await collect.continueToFindings();
    const seen = await recordedProgress(browser.page);
    const sources = new Set(seen.rows.map((r) => r.source));
    expect(sources).toContain(`ssh:${lab.sshAlias}`);
    expect(sources).toContain(`gitlab:${new URL(lab.gitlab.url).host}`);
    expect([...sources].some((s) => s.startsWith('kube:runner-doctor-demo/gitlab-runner/'))).toBe(true);
    expect(seen.groups.some((g) => /^Kubernetes runner-doctor-demo\/gitlab-runner \d+ of \d+ pods done/.test(g))).toBe(true);
    expect(seen.rows.filter((r) => r.source === `ssh:${lab.sshAlias}`).some((r) => r.state === 'Done')).toBe(true);
  });

  it('6. Findings: from the cluster, the GitLab API and the SSH host', async () => {
    const findings = new FindingsPage(browser.page, 'real-');
    const ids = await findings.findingIds();
    expect(ids).toContain('job-token-expired');
    expect(ids).toContain('helper-image-permission-container');
    expect(await findings.errors()).toEqual([]);
    await findings.screenshot(6, 'findings');
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(browser.problems).toEqual([]);
  });
});
