import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../shared/i18n';
import { sourceIds } from '../../shared/source-ids';
import { CollectPage } from './pages';
import { axeViolations } from './support/axe';
import { englishLeft } from './support/english-left';
import { RestartableApp } from './support/restartable-app';

const T = CATALOGS.ru;

/**
 * The Collect step in Russian (dark, 1280×800), through the bridge: a file given that does not
 * exist says so on its row in Russian instead of the system's `ENOENT … stat`, and a collection
 * that cannot start at all (the temporary folder is gone) says why under the heading.
 */
describe('wizard in Russian: the Collect step says what failed in Russian', () => {
  let dir: string;
  let app: RestartableApp;
  let present: string;
  let missing: string;
  const page = () => app.browser!.page;
  const heading = () => page().locator('h2.step-heading');
  const collect = () => new CollectPage(page(), 'collect-errors-ru-');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rd-e2e-collect-errors-ru-'));
    present = path.join(dir, 'runner.log');
    missing = path.join(dir, 'gone', 'runner.log');
    await writeFile(present, 'Checking for jobs... received                     job=1 repo_url=https://gitlab.example.com/group/app.git runner=abc123\n');
    app = RestartableApp.russianDark(dir);
  });

  afterAll(async () => {
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('1. a file that does not exist: its row says so in Russian, the other file is collected', async () => {
    const { page } = await app.start();
    await heading().filter({ hasText: T.welcome.title }).waitFor();
    await page.getByRole('button', { name: T.welcome.real }).click();
    await page.getByLabel(T.targets.files.label, { exact: true }).fill(`${present}\n${missing}`);
    await page.getByRole('button', { name: T.targets.next }).click();
    await page.getByRole('button', { name: T.collect.continue }).waitFor({ timeout: 90_000 });

    const rows = await collect().rows();
    const gone = rows.find((r) => r.source === sourceIds.files(missing));
    expect(gone?.state).toMatch(new RegExp(`^${T.collect.state.failed}`));
    expect(gone?.details).toBe(`файл или папка не найдены: ${missing}`);
    expect(rows.find((r) => r.source === sourceIds.files(present))?.state).toBe(T.collect.state.done);
    expect(await heading().textContent()).toBe(T.collect.titleFinished.withErrors);
    expect(await englishLeft(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await collect().screenshot(1, 'missing-file-row');
  });

  it('2. a collection that cannot start says why under its heading, in Russian', async () => {
    const gone = path.join(dir, 'no-such-tmp');
    const before = process.env.TMPDIR;
    // The app's temporary folder disappears: no collection can keep its evidence anywhere.
    process.env.TMPDIR = gone;
    try {
      await page().getByRole('button', { name: T.collect.again }).click();
      await page().locator('.collect-failure').waitFor({ timeout: 60_000 });
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    expect(await heading().textContent()).toBe(T.collect.titleFinished.failed);
    const alert = page().getByRole('alert').filter({ hasText: 'Сбор не удался' });
    expect(((await alert.textContent()) ?? '').trim()).toBe(
      `Сбор не удался: Не удалось создать папку для собранных данных в ${gone}: файл или папка не найдены. Проверьте, что временная папка (TMPDIR) существует и доступна для записи.`,
    );
    // Said once, on the step: no second banner with the same failure in English.
    expect(await page().locator('.messages [role="alert"]').count()).toBe(0);
    expect(await page().getByRole('button', { name: T.collect.again }).isEnabled()).toBe(true);
    expect(await page().getByText(T.collect.connecting).count()).toBe(0);
    expect(await englishLeft(page())).toEqual([]);
    expect(await axeViolations(page())).toEqual([]);
    await collect().screenshot(2, 'collection-failed');
  });

  it('ran without console errors, CSP violations or failed requests', () => {
    expect(app.browser!.problems).toEqual([]);
  });
});
