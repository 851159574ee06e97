import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../electron/core/demo-lab/lab';
import type { AuditRecord } from '../../shared/fixes';
import { ZipReader } from '../../electron/core/evidence/bundle/zip-reader';
import { runCli } from '../helpers/run-cli';

// Collection never changes anything: the lab's servers log every request, and a full
// collection of every source must have sent them reads only.
let lab: DemoLab;
let dir: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-read-only-'));
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = () => [
  ...lab.namespaces.flatMap((ns) => ['--kube-context', lab.kubeContext, '--namespace', ns]).slice(0, 2),
  '--kubeconfig', lab.kubeconfigPath, '--namespace', lab.namespace,
  '--gitlab-url', lab.gitlab.url, '--gitlab-ca-file', lab.gitlab.caFile,
  '--ssh', lab.sshAlias, '--ssh-config', lab.sshConfigPath, '--known-hosts', lab.knownHostsPath,
];
const auditLog = () => join(dir, 'config', 'audit.jsonl');
const env = () => ({ RUNNER_DOCTOR_CONFIG_DIR: join(dir, 'config'), GITLAB_TOKEN: lab.gitlab.token, SSH_AUTH_SOCK: '' });
/** Access reviews are questions to the API server (nothing is stored), so they count as reads. */
const isRead = (r: string) => r.startsWith('GET ') || /^POST \/apis\/(authorization|authentication)\.k8s\.io\/v1\/self(subjectaccess|subjectrules|subject)reviews$/.test(r);

describe('collection is read-only', () => {
  it('a full collection (Kubernetes, GitLab, SSH) sends the lab servers reads only, and leaves runners as they were', async () => {
    const runner38 = lab.world.gitlab.runners.find((r) => r.id === 38)!;
    const before = JSON.stringify(lab.world.gitlab.runners);
    const r = await runCli(['collect', ...sources(), '--out', join(dir, 'c.zip'), '--json'], { env: env() });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { findings: { id: string }[] };
    expect(doc.findings.map((f) => f.id)).toContain('job-token-expired');
    expect(lab.requests.gitlab().length).toBeGreaterThan(5);
    expect(lab.requests.gitlab().filter((x) => !isRead(x))).toEqual([]);
    expect(lab.requests.kube().filter((x) => !isRead(x))).toEqual([]);
    expect(JSON.stringify(lab.world.gitlab.runners)).toBe(before);
    expect(runner38.managers.map((m) => m.system_id)).not.toContain('<legacy>');
    // Nothing was written, so nothing is audited.
    await expect(stat(auditLog())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('--verify-runner-tokens is the explicit check: it calls POST /runners/verify, which heartbeats the runner as GitLab does', async () => {
    const stale = lab.world.gitlab.runners.find((r) => r.status !== 'online' && lab.world.kube.objects.some((o) => o.kind === 'ConfigMap' && JSON.stringify(o).includes(r.token)));
    const sentBefore = lab.requests.gitlab().length;
    const r = await runCli(['collect', ...sources(), '--verify-runner-tokens', '--out', join(dir, 'v.zip'), '--json'], { env: env() });
    expect([0, 1]).toContain(r.code);
    const verifies = lab.requests.gitlab().slice(sentBefore).filter((x) => x === 'POST /api/v4/runners/verify');
    expect(verifies.length).toBeGreaterThan(0);
    // Each of those writes is in audit.jsonl in the data directory, as the app's check is; never a token.
    const log = await readFile(auditLog(), 'utf8');
    const records = log.trim().split('\n').map((line) => JSON.parse(line) as AuditRecord);
    expect(records).toHaveLength(verifies.length);
    for (const a of records) {
      expect(a).toMatchObject({ fixId: 'check-runner-token', step: 'apply', target: { gitlabUrl: expect.stringContaining(new URL(lab.gitlab.url).host) } });
      expect(a.detail).toMatch(/^POST \/api\/v4\/runners\/verify with system_id /);
    }
    for (const runner of lab.world.gitlab.runners) expect(log).not.toContain(runner.token);
    expect(log).not.toContain(lab.gitlab.token);
    // --help says where the record goes.
    expect((await runCli(['--help'], { env: { LANG: '', LC_ALL: '', LC_MESSAGES: '' } })).stdout).toMatch(/--verify-runner-tokens[^]*each check is recorded in audit\.jsonl in the app's data directory/);
    // The bundle this run writes carries them too.
    const zip = await ZipReader.open(join(dir, 'v.zip'));
    try {
      expect((await zip.readText('audit.jsonl')).trim()).toBe(log.trim());
    } finally {
      zip.close();
    }
    if (stale) expect(stale.status).toBe('online');
    const runner38 = lab.world.gitlab.runners.find((x) => x.id === 38)!;
    expect(runner38.managers.some((m) => m.system_id === '<legacy>' || m.contacted_at !== null)).toBe(true);
  });
});
