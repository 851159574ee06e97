import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../shared/bundle';
import type { Finding } from '../../shared/findings';
import { renderHtmlReport } from '../../electron/core/evidence/bundle/report-html';
import { axeViolations } from './support/axe';
import { launchChromium, type Browser } from './support/chromium';
import { SCREENSHOT_DIR } from './pages';

const manifest: Manifest = {
  format: 'runner-doctor-bundle/1',
  createdAt: '2025-03-04T12:00:00.000Z',
  app: { name: 'runner-doctor', version: '0.1.0' },
  sources: [{ id: 'kube:prod/gitlab-runner', type: 'kubernetes', description: 'Kubernetes context prod, namespace gitlab-runner' }],
  files: [{ path: 'evidence/kube/prod/runner.log', kind: 'runner-log', source: 'kube:prod/gitlab-runner', sha256: 'x', bytes: 2048, collectedAt: '2025-03-04T12:00:00.000Z', redactions: 1, truncated: false }],
  errors: [{ source: 'gitlab:gitlab.example.com', message: 'GitLab answered 401' }],
  redactionSummary: { 'gitlab-token': 1 },
};

const findings: Finding[] = [
  {
    id: 'job-token-expired',
    severity: 'error',
    title: 'GitLab refused the final update of job 42',
    summary: 'The job token expired before the job ended.',
    evidence: [{ file: 'evidence/kube/prod/runner.log', line: 12, excerpt: 'WARNING: Submitting job to coordinator... 403 Forbidden' }],
    fixes: [{ id: 'cancel-stuck-job', title: 'Cancel job 42', automated: true }],
    references: ['gitlab-runner#38356'],
  },
  { id: 'runner-offline', severity: 'warning', title: 'Runner 61 never contacted GitLab', summary: 'No contact.', evidence: [{ file: 'evidence/gitlab/runners/61.json', line: 3, excerpt: '"status": "never_contacted"' }], fixes: [], references: [] },
];

/** report.html as a reader's browser shows it: landmarks, contrast, in the light and the dark scheme. */
describe('report.html in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations in the ${scheme} scheme`, async () => {
      await browser.page.emulateMedia({ colorScheme: scheme });
      await browser.page.setContent(renderHtmlReport(manifest, findings));
      expect(await browser.page.locator('main').count()).toBe(1);
      const background = await browser.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(scheme === 'dark' ? 'rgb(18, 22, 31)' : 'rgb(255, 255, 255)');
      // All rules, including the best-practice ones report.html failed (landmark-one-main, region).
      expect(await axeViolations(browser.page, { allImpacts: true })).toEqual([]);
      await browser.page.screenshot({ path: `${SCREENSHOT_DIR}/report-html-${scheme}.png`, fullPage: true });
    });
  }
});
