import type { Locator } from 'playwright-core';
import { AppPage } from './app-page';

export interface RunnerRow {
  runner: string;
  type: string;
  status: string;
  lastContact: string;
}

/** "Diagnose my runners": the GitLab, Kubernetes, SSH and Files panels, driven by their labels. */
export class RealTargetsPage extends AppPage {
  static readonly TITLE = 'Choose your targets';

  async open(): Promise<void> {
    await this.waitForStep(RealTargetsPage.TITLE);
  }

  panel(title: string): Locator {
    return this.page.locator('section.panel', { has: this.page.locator('h3', { hasText: title }) });
  }

  /** Replaces a field's text as a user would: select all, type. */
  async fill(label: string | RegExp, value: string): Promise<void> {
    const field = this.page.getByLabel(label, { exact: typeof label === 'string' });
    await field.fill(value);
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  // GitLab

  async testGitlab(): Promise<void> {
    const panel = this.panel('GitLab');
    await panel.getByRole('button', { name: 'Test connection' }).click();
    await panel.locator('.gitlab-result, [role="alert"]').first().waitFor();
  }

  async gitlabFacts(): Promise<Record<string, string>> {
    const facts: Record<string, string> = {};
    const panel = this.panel('GitLab');
    const terms = await panel.locator('.facts dt').allTextContents();
    const values = await panel.locator('.facts dd').allTextContents();
    terms.forEach((t, i) => (facts[t.trim()] = (values[i] ?? '').replace(/\s+/g, ' ').trim()));
    return facts;
  }

  async runners(): Promise<RunnerRow[]> {
    const result: RunnerRow[] = [];
    for (const row of await this.page.locator('.runner-table tbody tr').all()) {
      const cells = row.locator('td');
      result.push({
        runner: ((await row.locator('th').textContent()) ?? '').trim(),
        type: ((await cells.nth(0).textContent()) ?? '').trim(),
        status: ((await cells.nth(1).textContent()) ?? '').trim(),
        lastContact: ((await cells.nth(2).textContent()) ?? '').trim(),
      });
    }
    return result;
  }

  async gitlabWarnings(): Promise<string[]> {
    return (await this.panel('GitLab').locator('.warnings li').allTextContents()).map((t) => t.trim());
  }

  // Kubernetes

  context(name: string): Locator {
    return this.page.locator(`.context-card[data-context="${name}"]`);
  }

  async loadContexts(): Promise<string[]> {
    await this.panel('Kubernetes').getByRole('button', { name: 'Load contexts' }).click();
    await this.page.locator('.context-card').first().waitFor();
    return await this.page.locator('.context-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-context') ?? ''));
  }

  async listNamespaces(context: string): Promise<void> {
    await this.context(context)
      .getByRole('button', { name: /^List namespaces/ })
      .click();
  }

  /** The context's reachability: checking, reachable, unreachable or needs-approval (undefined before any check). */
  async reach(context: string): Promise<string | undefined> {
    const line = this.context(context).locator('[data-reach]');
    return (await line.count()) ? ((await line.getAttribute('data-reach')) ?? undefined) : undefined;
  }

  async reachText(context: string): Promise<string> {
    return ((await this.context(context).locator('[data-reach]').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  reachSummary(): Promise<string> {
    return this.page
      .locator('.reach-summary')
      .textContent()
      .then((t) => (t ?? '').trim());
  }

  /** Context names in the order shown. */
  contextNames(): Promise<string[]> {
    return this.page.locator('.context-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-context') ?? ''));
  }

  namespaceCheckbox(context: string, namespace: string): Locator {
    return this.context(context).getByRole('checkbox', { name: namespace, exact: true });
  }

  allNamespacesCheckbox(context: string): Locator {
    return this.context(context).getByRole('checkbox', { name: 'All namespaces that hold runners', exact: true });
  }

  /** What the search for runner namespaces said once it finished: where runners are, and where pods could not be listed. */
  async runnerSearch(context: string): Promise<{ found: string; unlisted: string }> {
    const search = this.context(context).locator('.runner-search');
    await search.getByRole('button', { name: 'Search again' }).waitFor();
    const text = async (selector: string) => {
      const el = search.locator(selector);
      return (await el.count()) ? ((await el.textContent()) ?? '').trim() : '';
    };
    return { found: await text('[data-runner-namespaces]'), unlisted: await text('[data-unlisted-namespaces]') };
  }

  async checkAccess(context: string, namespace: string): Promise<Locator> {
    await this.context(context).getByRole('button', { name: 'Check access' }).click();
    const result = this.context(context).locator(`.access-check[data-namespace="${namespace}"]`);
    await result.waitFor();
    return result;
  }

  // SSH

  async loadSshHosts(): Promise<void> {
    await this.panel('SSH hosts').getByRole('button', { name: 'Load hosts' }).click();
    await this.page.locator('.host-list, .panel [role="alert"]').first().waitFor();
  }

  hostCheckbox(alias: string): Locator {
    return this.page.getByRole('checkbox', { name: new RegExp(`^${alias}\\b`) });
  }

  summary(): Promise<string> {
    return this.page
      .locator('.step > p[aria-live="polite"]')
      .textContent()
      .then((t) => (t ?? '').trim());
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next: collect evidence' }).click();
  }
}
