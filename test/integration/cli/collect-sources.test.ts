import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { runCli } from '../../helpers/run-cli';
import { ZipReader } from '../../../electron/core/evidence/bundle/zip-reader';

// Each source flag, pointed at the demo lab's endpoints as if they were a real cluster,
// host and GitLab: the CLI gets nothing but paths, URLs and the token in its environment.
let lab: DemoLab;
let dir: string;
let configDir: string;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-sources-'));
  configDir = join(dir, 'config');
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ RUNNER_DOCTOR_CONFIG_DIR: configDir, GITLAB_TOKEN: '', SSH_AUTH_SOCK: '' });
type Doc = { findings: { id: string; evidence: { file: string }[] }[]; errors: { source: string; message: string }[]; bundle: { path: string } };

describe('runner-doctor collect with explicit sources', () => {
  it('--kube-context and --namespace with --kubeconfig collect the namespace and diagnose it', async () => {
    const r = await runCli(['collect', '--kubeconfig', lab.kubeconfigPath, '--kube-context', lab.kubeContext, '--namespace', 'gitlab-runner', '--out', join(dir, 'k.zip'), '--json'], { env: env() });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Doc;
    const f = doc.findings.find((x) => x.id === 'job-token-expired');
    expect(f?.evidence[0]?.file).toMatch(/^evidence\/kube\/runner-doctor-demo\/gitlab-runner\/pods\//);
  });

  it('--gitlab-url takes the token from GITLAB_TOKEN, never from the command line, and it never reaches the bundle', async () => {
    const out = join(dir, 'g.zip');
    const r = await runCli(['collect', '--gitlab-url', lab.gitlab.url, '--gitlab-ca-file', lab.gitlab.caFile, '--out', out, '--json'], {
      env: { ...env(), GITLAB_TOKEN: lab.gitlab.token },
    });
    expect([0, 1]).toContain(r.code);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.errors.filter((e) => e.source.startsWith('gitlab:'))).toEqual([]);
    const bundle = await readFile(out);
    expect(bundle.includes(Buffer.from(lab.gitlab.token))).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(lab.gitlab.token);
  });

  it('a wrong GitLab token is reported as unreachable (exit 3) with a message the user can act on', async () => {
    const r = await runCli(['collect', '--gitlab-url', lab.gitlab.url, '--gitlab-ca-file', lab.gitlab.caFile, '--out', join(dir, 'bad.zip'), '--json'], {
      env: { ...env(), GITLAB_TOKEN: 'glpat-' + 'WrongWrongWrongWrong0' },
    });
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.errors.find((e) => e.source.startsWith('gitlab:'))?.message).toMatch(/401/);
    expect(r.stdout).not.toContain('WrongWrongWrongWrong0');
  });

  it('--ssh with the lab ssh config and known_hosts collects the host and finds seed 003', async () => {
    const r = await runCli(['collect', '--ssh', lab.sshAlias, '--ssh-config', lab.sshConfigPath, '--known-hosts', lab.knownHostsPath, '--out', join(dir, 's.zip'), '--json'], { env: env() });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Doc;
    const f = doc.findings.find((x) => x.id === 'helper-image-permission-container');
    expect(f?.evidence.some((e) => e.file.startsWith(`evidence/ssh/${lab.sshAlias}/`))).toBe(true);
  });

  it('an unknown host key is refused like OpenSSH (exit 3, SHA256 fingerprint shown); --accept-new-host-keys accepts and remembers it', async () => {
    const empty = join(dir, 'empty_known_hosts');
    await writeFile(empty, '');
    const args = ['collect', '--ssh', lab.sshAlias, '--ssh-config', lab.sshConfigPath, '--known-hosts', empty, '--json'];
    const refused = await runCli([...args, '--out', join(dir, 'r.zip')], { env: env() });
    expect(refused.code).toBe(3);
    const doc = JSON.parse(refused.stdout) as Doc;
    expect(doc.errors.find((e) => e.source === `ssh:${lab.sshAlias}`)?.message).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);

    const accepted = await runCli([...args, '--accept-new-host-keys', '--out', join(dir, 'a.zip')], { env: env() });
    expect(accepted.code).toBe(1);
    const remembered = await readFile(join(configDir, 'known_hosts'), 'utf8');
    const labKey = (await readFile(lab.knownHostsPath, 'utf8')).trim().split(/\s+/).pop()!;
    expect(remembered).toContain(labKey);
    // Remembered: the next run without the flag connects.
    const again = await runCli([...args, '--out', join(dir, 'a2.zip')], { env: env() });
    expect(again.code).toBe(1);
  });

  it('a malformed ssh config is a usage error (exit 2) naming the file and line', async () => {
    const bad = join(dir, 'bad_ssh_config');
    await writeFile(bad, 'Host x\n  Port notanumber\n');
    const r = await runCli(['collect', '--ssh', 'x', '--ssh-config', bad], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad_ssh_config:2/);
  });

  it('--demo mixes with the user\'s own --ssh hosts: each host is reached through its own ssh config', async () => {
    // The user's config names the same machine under another alias; the lab's host keeps the lab's config.
    const mine = join(dir, 'my_ssh_config');
    await writeFile(mine, (await readFile(lab.sshConfigPath, 'utf8')).replace(`Host ${lab.sshAlias}`, 'Host my-runner'));
    const out = join(dir, 'mixed.zip');
    const r = await runCli(['collect', '--demo', '--ssh', 'my-runner', '--ssh-config', mine, '--known-hosts', lab.knownHostsPath, '--out', out, '--json'], { env: env() });
    const doc = JSON.parse(r.stdout) as Doc;
    // Both hosts were reached (the lab's host has no docker: a note, not a failure).
    expect(doc.errors.filter((e) => e.source.startsWith('ssh:') && !/is not installed/.test(e.message))).toEqual([]);
    const files = (await manifest(out)).files.map((f) => f.path);
    for (const alias of [lab.sshAlias, 'my-runner']) expect(files.some((f) => f.startsWith(`evidence/ssh/${alias}/`))).toBe(true);
    expect(r.code).toBe(1);
  });

  it('--namespace is repeatable and --all-namespaces finds every namespace that holds runners', async () => {
    const base = ['collect', '--kubeconfig', lab.kubeconfigPath, '--kube-context', lab.kubeContext, '--json'];
    const [first, second] = lab.namespaces as [string, string];
    const two = join(dir, 'two.zip');
    const r2 = await runCli([...base, '--namespace', first, '--namespace', second, '--out', two], { env: env() });
    expect(JSON.parse(r2.stdout).errors).toEqual([]);
    expect((await manifest(two)).sources.map((s) => s.id).sort()).toEqual([`kube:${lab.kubeContext}/${first}`, `kube:${lab.kubeContext}/${second}`].sort());

    const all = join(dir, 'all.zip');
    const ra = await runCli([...base, '--all-namespaces', '--out', all], { env: env() });
    expect(JSON.parse(ra.stdout).errors).toEqual([]);
    const found = (await manifest(all)).sources.map((s) => s.id).sort();
    // The lab's runner namespaces (the filtering itself is tested against a cluster with other namespaces).
    expect(found).toEqual(lab.namespaces.map((ns) => `kube:${lab.kubeContext}/${ns}`).sort());
  });

  it('--namespace and --all-namespaces together is a usage error', async () => {
    const r = await runCli(['collect', '--kube-context', 'x', '--namespace', 'a', '--all-namespaces'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--namespace or --all-namespaces');
  });
});

type Manifest = { sources: { id: string }[]; files: { path: string }[] };
async function manifest(path: string): Promise<Manifest> {
  const zip = await ZipReader.open(path);
  try {
    return JSON.parse(await zip.readText('manifest.json')) as Manifest;
  } finally {
    zip.close();
  }
}
