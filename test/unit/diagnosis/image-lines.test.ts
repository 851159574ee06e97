import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../electron/core/diagnosis/analyze';
import { extractImages } from '../../../electron/core/diagnosis/extract/containers';
import { emptyFacts } from '../../../electron/core/diagnosis/facts';
import { podmanImages } from '../../../electron/core/demo-lab/servers/ssh-host-seed003';
import { folderReader } from '../../../electron/core/evidence/folder-reader';

const HELPER = 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-f5da3c5a';
const CASE = resolve(__dirname, '../../fixtures/cases/helper-127-runner-journal-ssh-host/evidence');

/** The text of the line an image fact cites. */
const citedLines = (text: string, engine: 'podman' | 'docker') => {
  const facts = emptyFacts();
  extractImages('images.json', text, engine, facts);
  const lines = text.split('\n');
  return facts.host.images.map((i) => ({ image: `${i.repository}:${i.tag}`, text: lines[i.line - 1] ?? '', excerpt: i.excerpt }));
};

describe('image evidence cites the line that names the image', () => {
  it('in a pretty-printed `podman images --format json` array (the demo host), not the object\'s opening brace', () => {
    const cited = citedLines(podmanImages(new Date('2026-03-02T10:00:00Z')), 'podman');
    expect(cited.map((c) => c.image)).toEqual([HELPER, 'quay.io/podman/stable:latest']);
    for (const c of cited) {
      expect(c.text).toContain(c.image);
      expect(c.excerpt).toContain(c.image);
    }
  });

  it('in a RepoTags list, a Repository/Tag pair, and one object per line', () => {
    const array = JSON.stringify([{ Id: 'sha256:abc', RepoTags: ['alpine:3.19', 'alpine:latest'] }, { ID: 'def', Repository: 'busybox', Tag: '1.36' }], null, 2);
    const cited = citedLines(array, 'docker');
    expect(cited.map((c) => c.image)).toEqual(['alpine:3.19', 'alpine:latest', 'busybox:1.36']);
    expect(cited[0]!.text).toContain('alpine:3.19');
    expect(cited[1]!.text).toContain('alpine:latest');
    expect(cited[2]!.text).toContain('"Repository": "busybox"');
    const perLine = '{"ID":"1","Repository":"nginx","Tag":"1.25"}\n{"ID":"2","Repository":"redis","Tag":"7"}\n';
    expect(citedLines(perLine, 'docker').map((c) => c.text)).toEqual(perLine.trim().split('\n'));
  });

  it('in the seed 003 finding: the podman-images evidence line shows the helper image', async () => {
    const reader = await folderReader([CASE]);
    const { findings } = await analyze(reader);
    const finding = findings.find((f) => f.id === 'helper-image-permission-container');
    const images = finding?.evidence.filter((e) => e.file.endsWith('podman-images.json')) ?? [];
    expect(images.length).toBeGreaterThan(0);
    for (const ev of images) {
      const file = join(CASE, ...ev.file.split('/').slice(ev.file.split('/').indexOf('ssh')));
      const text = readFileSync(file, 'utf8').split('\n')[ev.line - 1];
      expect(text).toContain(HELPER);
    }
  });
});
