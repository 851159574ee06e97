import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectPage, RealTargetsPage, WelcomePage } from './pages';
import { axeViolations } from './support/axe';
import { startBrowserApp, type BrowserApp } from './support/browser-app';
import { launchChromium, type Browser } from './support/chromium';
import { networkAddress } from '../helpers/network-address';

/**
 * A GitLab instance on plain http, reached through this machine's network address (not
 * loopback): the token stays home until the user ticks the opt-in, which warns what it risks.
 * The Targets page also says what collecting touches.
 */
const TOKEN = 'glpat-' + 'PlainHttpE2eE2e0123456';

describe('wizard: GitLab over plain http', () => {
  let app: BrowserApp;
  let browser: Browser;
  let dir: string;
  let server: Server;
  let url: string;
  const seen: IncomingHttpHeaders[] = [];
  const sentToken = () => seen.some((h) => h['private-token'] === TOKEN || h.authorization === `Bearer ${TOKEN}`);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-http-'));
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"message":"401 Unauthorized"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    url = `http://${networkAddress()}:${(server.address() as AddressInfo).port}`;
    app = await startBrowserApp({ configDir: path.join(dir, 'config'), home: path.join(dir, 'home') });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('1. the page says what collecting reads, that it never sends POST /runners/verify, and where that check is offered', async () => {
    const welcome = new WelcomePage(browser.page);
    await browser.page.goto(app.bridge.url);
    await welcome.open();
    await welcome.diagnoseButton().click();
    const targets = new RealTargetsPage(browser.page, 'http-');
    await targets.open();
    const touches = browser.page.locator('details.collection-touches');
    await touches.locator('summary', { hasText: 'What collecting reads, and what it never does' }).click();
    const text = ((await touches.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('Kubernetes: GET requests only');
    expect(text).toContain('GitLab: GET requests only');
    expect(text).toContain('Collecting never sends POST /runners/verify. Checking a runner token that way is a write');
    expect(text).toContain('the Collect step offers that check for the runner tokens found in configs, sent only after you confirm it');
    expect(text).toContain('the CLI makes it only when asked, with collect --verify-runner-tokens');
    expect(text).toContain('sudo only as sudo -n');
    await targets.screenshotOf(touches, 1, 'what-collecting-touches');
  });

  it('2. an http:// URL to another machine: refused until the opt-in is ticked, with the risk said', async () => {
    const targets = new RealTargetsPage(browser.page, 'http-');
    const optIn = browser.page.getByLabel('Send the token over plain http anyway');
    await targets.fill('Instance URL', 'https://gitlab.example.com');
    expect(await optIn.count()).toBe(0);
    await targets.fill('Instance URL', url);
    expect(await optIn.isChecked()).toBe(false);
    expect(await browser.page.locator('#gitlab-insecure-http-warning').textContent()).toContain('the token travels unencrypted');
    await targets.fill('Personal access token', TOKEN);
    await targets.testGitlab();
    const refused = (await targets.errors()).join(' ');
    expect(refused).toMatch(/is plain http: the token would cross the network/);
    expect(refused).toContain('tick "Send the token over plain http anyway" in the GitLab panel');
    expect(sentToken()).toBe(false);

    await optIn.check();
    expect(await axeViolations(browser.page)).toEqual([]);
    await targets.screenshotOf(targets.panel('GitLab'), 2, 'plain-http-opt-in');
    await targets.testGitlab();
    await expect.poll(async () => (await targets.errors()).join(' ')).toMatch(/401/);
    expect(sentToken()).toBe(true);

    // Another address: the opt-in does not carry over.
    await targets.fill('Instance URL', `${url}/`);
    expect(await optIn.isChecked()).toBe(false);
    await optIn.check();
  });

  it('3. collecting sends the opt-in too: the instance is asked (and answers 401) instead of being refused', async () => {
    const targets = new RealTargetsPage(browser.page, 'http-');
    seen.length = 0;
    await targets.next();
    const collect = new CollectPage(browser.page, 'http-');
    await collect.open();
    await collect.waitForDone();
    const gitlab = (await collect.rows()).find((r) => r.source.startsWith('gitlab:'));
    expect(gitlab?.state).toMatch(/^Failed/);
    expect(gitlab?.details).toMatch(/401/);
    expect(sentToken()).toBe(true);
  });
});
