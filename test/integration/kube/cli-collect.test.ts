import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startLabCluster, type LabCluster } from './lab-cluster';
import { runCli } from '../../helpers/run-cli';
import { ZipReader } from '../../../electron/core/evidence/bundle/zip-reader';
import { seed000JobTokenExpired } from '../../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { seed002Kube } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { SEED_002_PAT } from '../../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { SEED_004_RUNNER_TOKEN, seed004OrphanedSecrets } from '../../../electron/core/demo-lab/scenarios/seed-004-orphaned-secrets';

type Any = Record<string, any>;

let lab: LabCluster;

async function bundleText(path: string): Promise<{ names: string[]; text: string }> {
  const zip = await ZipReader.open(path);
  try {
    const names = zip.entries().map((e) => e.name);
    const texts: string[] = [];
    for (const name of names) texts.push(await zip.readText(name));
    return { names, text: texts.join('\n') };
  } finally {
    zip.close();
  }
}

describe('runner-doctor collect --kube-context', () => {
  beforeAll(async () => {
    lab = await startLabCluster([seed000JobTokenExpired, seed002Kube, seed004OrphanedSecrets]);
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it('collects and diagnoses seed 004: orphaned job Secrets and the Secret quota, with no Secret value in the bundle', async () => {
    const out = join(lab.dir, 'seed-004.zip');
    const res = await runCli(
      ['collect', '--kubeconfig', lab.kubeconfig, '--kube-context', 'lab', '--namespace', 'gitlab-runner-004', '--out', out, '--json'],
      { timeoutMs: 90_000 },
    );
    expect(res.stderr).toBe('');
    expect(res.code).toBe(1);
    const doc = JSON.parse(res.stdout) as Any;
    expect(doc.errors).toEqual([]);
    const ids = doc.findings.map((f: Any) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['orphaned-job-secrets', 'quota-exceeded']));
    const { names, text } = await bundleText(out);
    expect(names).toEqual(
      expect.arrayContaining([
        'evidence/kube/lab/gitlab-runner-004/secrets.yaml',
        'evidence/kube/lab/gitlab-runner-004/runner-managers.yaml',
      ]),
    );
    expect(text).not.toContain(SEED_004_RUNNER_TOKEN.slice(5));
    expect(text).not.toContain('gitlab-ci-token:glcbt');
  });

  it('collects seed 002 and finds the read-only config directory, the PAT and long polling', async () => {
    const out = join(lab.dir, 'seed-002.zip');
    const res = await runCli(
      ['collect', '--kubeconfig', lab.kubeconfig, '--kube-context', 'lab', '--namespace', 'gitlab-runner-002', '--out', out, '--json'],
      { timeoutMs: 90_000 },
    );
    expect(res.code).toBe(1);
    const ids = (JSON.parse(res.stdout) as Any).findings.map((f: Any) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['config-dir-read-only', 'runner-token-is-pat', 'long-polling-bottleneck']));
    expect((await bundleText(out)).text).not.toContain(SEED_002_PAT.slice(6));
  });

  it('uses the context’s namespace when --namespace is not given, and exits 3 with the partial bundle when a context is down', async () => {
    const out = join(lab.dir, 'default-ns.zip');
    await lab.server.close();
    const res = await runCli(['collect', '--kubeconfig', lab.kubeconfig, '--kube-context', 'lab', '--out', out, '--json'], {
      timeoutMs: 90_000,
    });
    expect(res.code).toBe(3);
    const doc = JSON.parse(res.stdout) as Any;
    // The English for scripts, and its message id for other languages beside it.
    expect(doc.errors).toEqual([{ source: 'kube:lab/gitlab-runner', message: expect.stringContaining('connection refused'), text: expect.objectContaining({ key: 'kube.cannotReach' }) }]);
    expect(existsSync(out)).toBe(true);
  });
});
