import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSession } from '../../../electron/core/app/collect-session';
import { GITLAB_EVIDENCE as E } from '../../../shared/evidence-layout';
import { startGitlabLab, TOKENS, type GitlabLab } from '../../helpers/gitlab/gitlab-lab';

let lab: GitlabLab;
let dir: string;

beforeAll(async () => {
  lab = await startGitlabLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-gitlab-'));
});
afterAll(async () => {
  await lab.close();
  await rm(dir, { recursive: true, force: true });
});

describe('collect --gitlab-url through the shared pipeline', () => {
  it('collects from the GitLab API with a CA file, analyzes, and keeps tokens out of the session', async () => {
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, lab.caPem);
    const { session, outcome } = await collectSession(
      { kube: [], files: [], gitlab: { url: lab.url, token: TOKENS.admin, caFile } },
      { onProgress: () => undefined },
    );
    try {
      expect(outcome).toEqual({ unreachable: [], cancelled: false });
      expect(session.errors).toEqual([]);
      const paths = session.files.map((f) => f.path);
      for (const p of [E.version, E.runners, E.runner(38), E.managers(38), E.runningJobs(38)]) expect(paths).toContain(`evidence/${p}`);
      expect(
        session.files
          .filter((f) => f.path.startsWith('evidence/gitlab/') && f.path.endsWith('.json'))
          .every((f) => f.kind === 'gitlab-api'),
      ).toBe(true);
      expect(Array.isArray(session.analysis.findings)).toBe(true);
      expect(JSON.stringify({ findings: session.analysis.findings, errors: session.errors, files: session.files })).not.toContain(
        TOKENS.admin,
      );
    } finally {
      await session.dispose();
    }
  });

  it('reports the source as unreachable with an actionable message', async () => {
    const { session, outcome } = await collectSession(
      { kube: [], files: [], gitlab: { url: lab.url, token: TOKENS.admin } },
      { onProgress: () => undefined },
    );
    try {
      expect(outcome.unreachable).toEqual([`gitlab:127.0.0.1:${lab.server.port}`]);
      expect(session.errors[0]?.message).toMatch(/Runner Doctor demo lab CA.*GitLab CA file/);
    } finally {
      await session.dispose();
    }
  });
});
