import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { createWriteStream } from 'node:fs';
import { findingsDocumentSchema } from '../../../shared/findings';
import { runCli } from '../../helpers/run-cli';
import { ZipReader } from '../../../electron/core/evidence/bundle/zip-reader';

let dir: string;
let bundle: string;
let collected: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rd-cli-'));
  bundle = join(dir, 'b.zip');
  collected = await runCli(['collect', '--demo', '--out', bundle, '--json'], { timeoutMs: 90_000 });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runner-doctor collect --demo', () => {
  it('exits 1 and reports job-token-expired with the 403 log line as evidence', () => {
    expect(collected.stderr).toBe('');
    expect(collected.code).toBe(1);
    const doc = findingsDocumentSchema.parse(JSON.parse(collected.stdout));
    const finding = doc.findings.find((f) => f.id === 'job-token-expired');
    expect(finding, collected.stdout).toBeDefined();
    const logLine = finding!.evidence.find((e) => e.excerpt.includes('403 Forbidden'));
    expect(logLine?.excerpt).toMatch(/Submitting job to coordinator\.\.\. job failed .*job=8540930992 .*PUT https:\/\/127\.0\.0\.1:\d+\/api\/v4\/jobs\/8540930992: 403 Forbidden/);
    expect(logLine?.file).toMatch(/^evidence\/kube\/runner-doctor-demo\/gitlab-runner\/pods\/gitlab-runner-[\w-]+\/gitlab-runner\.log$/);
    expect(logLine?.line).toBeGreaterThan(0);
    // The GitLab side proves the job is still running.
    expect(finding!.evidence.some((e) => e.file.startsWith('evidence/gitlab/') && e.excerpt.includes('"running"'))).toBe(true);
  });

  it('writes a bundle that verifies', async () => {
    const verify = await runCli(['bundle', 'verify', bundle]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/OK \(runner-doctor-bundle\/1, \d+ files verified\)/);
  });

  it('keeps runner tokens out of the bundle: the ConfigMap token is a placeholder', async () => {
    const zip = await ZipReader.open(bundle);
    try {
      const names = zip.entries().map((e) => e.name);
      expect(names).toEqual(expect.arrayContaining(['manifest.json', 'findings.json', 'report.md', 'report.html']));
      // Seed 002's ConfigMap holds config.toml with its token.
      const configmaps = names.find((n) => n.endsWith('configmaps.yaml') && n.includes('gitlab-runner-002'));
      expect(configmaps).toBeDefined();
      const text = await zip.readText(configmaps!);
      expect(text).toContain('[REDACTED');
      expect(text).not.toMatch(/glrt-[A-Za-z0-9_-]{20}/);
      const manifest = JSON.parse(await zip.readText('manifest.json')) as { redactionSummary: Record<string, number> };
      expect(Object.values(manifest.redactionSummary).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    } finally {
      zip.close();
    }
  });

  it('analyze on the bundle shows the same findings offline', async () => {
    const offline = await runCli(['analyze', bundle, '--json']);
    expect(offline.code).toBe(1);
    const ids = (JSON.parse(offline.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
    const online = findingsDocumentSchema.parse(JSON.parse(collected.stdout)).findings.map((f) => f.id);
    expect(ids).toEqual(online);
  });

  it('bundle verify fails on a tampered bundle, naming the file', async () => {
    const zip = await ZipReader.open(bundle);
    const tampered = join(dir, 'tampered.zip');
    try {
      const out = new yazl.ZipFile();
      for (const e of zip.entries()) {
        const text = await zip.readText(e.name);
        out.addBuffer(Buffer.from(e.name === 'report.md' ? text + 'edited\n' : text), e.name);
      }
      out.addBuffer(Buffer.from('extra'), 'evidence/extra.txt');
      out.end();
      await new Promise<void>((resolve, reject) => out.outputStream.pipe(createWriteStream(tampered)).on('close', resolve).on('error', reject));
    } finally {
      zip.close();
    }
    const verify = await runCli(['bundle', 'verify', tampered]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('sha256: report.md does not match the manifest');
    expect(verify.stdout).toContain('unlisted: evidence/extra.txt');
  });

  it('a truncated bundle gets a clear one-line error and exit 2', async () => {
    const data = await readFile(bundle);
    const cut = join(dir, 'cut.zip');
    await writeFile(cut, data.subarray(0, Math.floor(data.length / 2)));
    for (const args of [['bundle', 'verify', cut], ['analyze', cut]]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^runner-doctor: .*cut\.zip/);
    }
  });
});
