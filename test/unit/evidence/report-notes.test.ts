import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../shared/bundle';
import { renderHtmlReport } from '../../../electron/core/evidence/bundle/report-html';
import { renderMarkdownReport } from '../../../electron/core/evidence/bundle/report-md';
import { msg } from '../../../shared/messages';

const DOCKER_EN = 'docker is not installed on this host (docker info and images skipped)';
const DOCKER_RU = 'Docker на этом хосте не установлен (docker info и docker images не собраны)';

const manifest: Manifest = {
  format: 'runner-doctor-bundle/1',
  createdAt: '2025-03-04T12:00:00.000Z',
  app: { name: 'runner-doctor', version: '0.1.0' },
  sources: [{ id: 'ssh:build-1', type: 'ssh', description: 'SSH host build-1' }],
  files: [],
  errors: [{ source: 'ssh:build-1', message: 'df timed out on the host' }],
  notes: [
    { source: 'ssh:build-1', message: DOCKER_EN, text: msg('ssh.note.dockerMissing') },
    { source: 'ssh:<b>', message: 'a note <script>alert(1)</script> without an id' },
  ],
};

/** The text of one Markdown section: from its heading to the next one. */
function section(md: string, heading: string): string {
  const start = md.indexOf(`## ${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const next = md.indexOf('\n## ', start + 1);
  return md.slice(start, next < 0 ? undefined : next);
}

describe('notes in the reports', () => {
  it('report.md lists them in a section of their own after the collection errors, not as errors', () => {
    const md = renderMarkdownReport(manifest, []);
    const notes = section(md, 'Notes');
    expect(notes).toContain('Remarks made while collecting. They are not errors');
    expect(notes).toContain(`- ssh:build-1: ${DOCKER_EN}`);
    expect(notes).toContain('- ssh:&lt;b&gt;: a note &lt;script&gt;alert(1)&lt;/script&gt; without an id');
    expect(section(md, 'Collection errors')).not.toContain('docker');
    expect(md.indexOf('## Collection errors')).toBeLessThan(md.indexOf('## Notes'));
  });

  it('report.md in Russian words the note in Russian under a Russian heading', () => {
    const md = renderMarkdownReport(manifest, [], 'ru');
    const notes = section(md, 'Примечания');
    expect(notes).toContain('Это не ошибки');
    expect(notes).toContain(`- ssh:build-1: ${DOCKER_RU}`);
    expect(md).not.toContain(DOCKER_EN);
  });

  it('report.html has a Notes section after the errors, escaped, in either language; the glance counts only errors', () => {
    const html = renderHtmlReport(manifest, []);
    expect(html).toContain(`<h2 id="notes">Notes</h2>`);
    expect(html).toContain(`<li><strong>ssh:build-1</strong>: ${DOCKER_EN}</li>`);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html.indexOf('id="errors"')).toBeLessThan(html.indexOf('id="notes"'));
    expect(html).toContain('1 collection error');
    expect(html).not.toContain('2 collection errors');
    const ru = renderHtmlReport(manifest, [], 'ru');
    expect(ru).toContain(`<h2 id="notes">Примечания</h2>`);
    expect(ru).toContain(`<li><strong>ssh:build-1</strong>: ${DOCKER_RU}</li>`);
  });

  it('a bundle without notes (made before they were kept) has no Notes section', () => {
    const { notes: _notes, ...older } = manifest;
    expect(renderMarkdownReport(older, [])).not.toContain('## Notes');
    expect(renderHtmlReport(older, [])).not.toContain('id="notes"');
    expect(renderHtmlReport({ ...manifest, notes: [] }, [])).not.toContain('id="notes"');
  });
});
