import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../shared/bundle';
import type { Finding } from '../../../shared/findings';
import { renderHtmlReport } from '../../../electron/core/evidence/bundle/report-html';
import { renderMarkdownReport } from '../../../electron/core/evidence/bundle/report-md';
import { msg } from '../../../shared/messages';

const manifest: Manifest = {
  format: 'runner-doctor-bundle/1',
  createdAt: '2025-03-04T12:00:00.000Z',
  app: { name: 'runner-doctor', version: '0.1.0' },
  sources: [{ id: 'kube:prod/gitlab-runner', type: 'kubernetes', description: 'Kubernetes context prod, namespace gitlab-runner' }],
  files: [
    { path: 'evidence/kube/prod/a|b.log', kind: 'runner-log', source: 'kube:prod/gitlab-runner', sha256: 'x', bytes: 5 * 1024 * 1024, collectedAt: '2025-03-04T12:00:00.000Z', redactions: 2, truncated: true },
  ],
  errors: [{ source: 'gitlab:gitlab.example.com', message: 'GitLab answered 401 <script>alert(1)</script>' }],
  redactionSummary: { 'gitlab-token': 2, 'kube-secret-data': 3 },
};

const findings: Finding[] = [
  {
    id: 'job-token-expired',
    severity: 'error',
    title: 'GitLab refused the final update of job 42 <b>',
    summary: 'Because ``` fences and <tags> must not break anything.',
    evidence: [{ file: 'evidence/kube/prod/a|b.log', line: 12, excerpt: 'WARNING: Submitting job ```x``` 403 <img src=x>' }],
    fixes: [{ id: 'cancel-stuck-job', title: 'Cancel job 42', automated: true }],
    references: ['gitlab-runner#38356'],
  },
];

describe('report.md', () => {
  const md = renderMarkdownReport(manifest, findings);

  it('escapes HTML from evidence outside code, as report.html does (a runner named <script>)', () => {
    expect(md).toContain('GitLab refused the final update of job 42 &lt;b&gt;');
    expect(md).toContain('&lt;tags&gt; must not break anything');
    expect(md).toContain('GitLab answered 401 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).not.toMatch(/<script>|<b>|<tags>/);
  });

  it('puts findings first, then evidence, redaction and errors', () => {
    const order = ['## Findings (1)', '## Evidence (1 file)', '## Redaction', '## Collection errors'].map((h) => md.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).toMatch(/^# Runner Doctor report\n\n\*\*1 finding: 1 error\*\* in 1 evidence file; 5 secrets redacted\./);
  });

  it('keeps excerpts fenced even when they hold backticks, and table cells intact', () => {
    expect(md).toContain('````\nWARNING: Submitting job ```x``` 403 <img src=x>\n````');
    expect(md).toContain('| `evidence/kube/prod/a\\|b.log` (head and tail kept) | runner-log | kube:prod/gitlab-runner | 5.0 MiB | 2 |');
    expect(md).toMatch(/\| values of Kubernetes Secret data\/stringData \(`kube-secret-data`\) \| 3 \|/);
  });
});

describe('report.html', () => {
  const html = renderHtmlReport(manifest, findings);

  it('escapes everything that came from evidence or servers', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('is self-contained: no scripts, no external loads, a CSP that forbids them', () => {
    expect(html).not.toMatch(/<script|<link|src=["']http|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('orders findings, evidence, redaction, errors', () => {
    const order = ['id="findings"', 'id="evidence"', 'id="redaction"', 'id="errors"'].map((h) => html.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('reports in Russian', () => {
  const timedOut: Finding = {
    id: 'job-timeout',
    severity: 'error',
    title: 'A job was stopped at its timeout (1h0m0s)',
    summary: 'The job ran longer than it is allowed (1h0m0s) and the runner stopped it.',
    evidence: [{ file: 'evidence/kube/prod/a|b.log', line: 3, excerpt: 'ERROR: Job failed: execution took longer than 1h0m0s seconds' }],
    fixes: [
      {
        id: 'raise-job-timeout',
        title: "Raise the job's timeout, or find what it hangs on",
        automated: false,
        messages: { title: msg('job-timeout.fix.raise-job-timeout.title') },
      },
    ],
    references: [],
    ruledOut: ['Not checked: no runner log was collected.'],
    label: 'job timed out',
    messages: {
      title: msg('job-timeout.title.limit', { limit: '1h0m0s' }),
      summary: [msg('job-timeout.summary.stopped.limit', { limit: '1h0m0s' })],
      label: msg('job-timeout.label'),
      ruledOut: [msg('common.notChecked', { what: { list: [msg('source.runner-log')], join: 'or' } })],
    },
  };

  it('report.md speaks Russian: headings, counts with Russian plural forms, the finding texts', () => {
    const md = renderMarkdownReport(manifest, [timedOut, { ...timedOut, key: 'job-timeout#2' }], 'ru');
    expect(md).toMatch(/^# Отчёт Runner Doctor\n\n\*\*2 находки: 2 ошибки\*\* в 1 файле данных; скрыто 5 секретов\./);
    expect(md).toContain('### ОШИБКА: Джоба остановлена по таймауту (1h0m0s)');
    expect(md).toContain('Джоба работала дольше разрешённого (1h0m0s), и раннер её остановил.');
    expect(md).toContain('- Поднять таймаут джобы или найти, на чём она виснет');
    expect(md).toContain('- Не проверено: среди собранного нет лога раннера.');
    expect(md).toContain('## Собранные данные (1 файл)');
    expect(md).not.toContain('Runner Doctor report');
  });

  it('report.html declares its language and keeps a finding without message ids in English', () => {
    const html = renderHtmlReport(manifest, [timedOut, ...findings], 'ru');
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<h1>Отчёт Runner Doctor</h1>');
    expect(html).toContain('Джоба остановлена по таймауту (1h0m0s)');
    expect(html).toContain('GitLab refused the final update of job 42 &lt;b&gt;');
    expect(renderHtmlReport(manifest, findings)).toContain('<html lang="en">');
  });

  it('name their sources in Russian where the bundle gives the message, in English where it does not (older bundles)', () => {
    const described = { ...manifest, sources: [...manifest.sources, { id: 'files:/var/log/gitlab-runner', type: 'files' as const, description: 'Files from /var/log/gitlab-runner', text: msg('source.files', { path: '/var/log/gitlab-runner' }) }] };
    for (const report of [renderMarkdownReport(described, [], 'ru'), renderHtmlReport(described, [], 'ru')]) {
      expect(report).toContain('файлы из /var/log/gitlab-runner');
      expect(report).not.toContain('Files from');
      expect(report).toContain('Kubernetes context prod, namespace gitlab-runner');
    }
    expect(renderMarkdownReport(described, [], 'en')).toContain('Files from /var/log/gitlab-runner');
  });

  it('report.html shows what finding texts quote in backticks as code, not as backticks', () => {
    const quoted: Finding = { ...findings[0]!, title: 'The runner logs `Checking for jobs... forbidden`', summary: 'Every poll: `403 <Forbidden>`.', fixes: [{ id: 'x', title: 'Run `gitlab-runner verify`', automated: false, manual: 'Then `systemctl restart gitlab-runner`.' }] };
    const html = renderHtmlReport(manifest, [quoted], 'en');
    expect(html).toContain('<h3>The runner logs <code>Checking for jobs... forbidden</code></h3>');
    expect(html).toContain('Every poll: <code>403 &lt;Forbidden&gt;</code>.');
    expect(html).toContain('Run <code>gitlab-runner verify</code> — Then <code>systemctl restart gitlab-runner</code>.');
    expect(html).not.toMatch(/`(?:Checking|403|gitlab-runner|systemctl)/);
  });
});
