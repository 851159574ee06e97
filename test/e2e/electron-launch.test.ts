import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportPage, FindingsPage, TargetsPage, WelcomePage } from './pages';
import { findElectronBinary } from './support/electron-binary';

const electronBinary = findElectronBinary();
const NOT_RUN = 'Electron binary not installed: Electron launch spec did not run';

if (!electronBinary) {
  // Say it where people look: the skip below shows in the summary, this line in the log.
  console.warn(`\n!!! ${NOT_RUN}. Only the browser-bridge wizard spec exercised the renderer.\n`);
}

/** The packaged shape of the app (out/main, preload, renderer) in real Electron, same page objects. */
describe('wizard in Electron', () => {
  if (!electronBinary) {
    it.skip(NOT_RUN, () => undefined);
    return;
  }
  let app: ElectronApplication;
  let page: Page;
  let saveDir: string;

  beforeAll(async () => {
    const root = path.resolve('.');
    const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('electron-vite build failed');
    saveDir = await mkdtemp(path.join(tmpdir(), 'rd-electron-save-'));
    app = await _electron.launch({
      executablePath: electronBinary,
      // Chromium refuses to start its OS sandbox as root (CI containers); the app's own settings stay on.
      args: [path.join(root, 'out', 'main', 'index.js'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: root,
    });
    page = await app.firstWindow();
    // A native save dialog cannot be clicked by the test: answer it from the main process.
    await app.evaluate(({ dialog }, dir) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: `${dir}/bundle.zip` })) as typeof dialog.showSaveDialog;
    }, saveDir);
  });

  afterAll(async () => {
    await app?.close();
    if (saveDir) await rm(saveDir, { recursive: true, force: true });
  });

  it('runs sandboxed with window.api from the preload and no Node in the page', async () => {
    const shape = await page.evaluate(() => ({
      api: typeof window.api?.invoke,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(shape).toEqual({ api: 'function', require: 'undefined', process: 'undefined' });
  });

  it('walks Welcome → Targets → Collect → Findings → Export', async () => {
    const welcome = new WelcomePage(page, 'electron-');
    await welcome.open();
    await welcome.screenshot(1, 'welcome');
    await welcome.tryDemoLab();
    const targets = new TargetsPage(page, 'electron-');
    await targets.open();
    await targets.next();
    const findings = new FindingsPage(page, 'electron-');
    await findings.open();
    const shown = await findings.read('job-token-expired');
    expect(shown.evidence.some((e) => e.excerpt.includes('403 Forbidden'))).toBe(true);
    await findings.screenshot(4, 'findings');
    await findings.next();
    const exportPage = new ExportPage(page, 'electron-');
    await exportPage.open();
    const saved = await exportPage.saveBundle();
    expect(saved).toBe(path.join(saveDir, 'bundle.zip'));
    expect(existsSync(saved)).toBe(true);
  });
});
