import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidencePaths } from '../../../shared/evidence-layout';
import { safeEvidencePath } from '../../../electron/core/evidence/store';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { runFix } from '../../../electron/core/fixes/lifecycle';
import { rotateRunnerToken } from '../../../electron/core/fixes/rotate-runner-token';
import { openTokenFile } from '../../../electron/core/fixes/token-file';
import { runCli } from '../../helpers/run-cli';
import { startFixHost, type FixHost } from '../../helpers/ssh/fix-host';
import { checkPrereqs, requirePrereqs } from '../../helpers/ssh/prereqs';

// `runner-doctor fix runner-token-invalid` where the runner reads its token from config.toml on
// a host reached over SSH. The runner is made in the lab's GitLab through its API and its token
// reset by someone else, so config.toml holds a dead token; the host's gitlab-runner stand-in
// asks that GitLab for jobs with the token in config.toml every 3 seconds (and at each reload
// of the file), logging GitLab's 403s as the runner does. config.toml is root's, readable by
// the admin group (0640), so writing it needs sudo -n.
const pre = await checkPrereqs();
const PATH = '/etc/gitlab-runner/config.toml';
const NAME = 'shell-runner-on-host';

const configToml = (url: string, ca: string, id: number, token: string) => `# /etc/gitlab-runner/config.toml: registered by hand
concurrent = 2
check_interval = 3

[[runners]]
  name = "${NAME}"
  url = "${url}"
  tls-ca-file = "${ca}"
  id = ${id}
  token = "${token}"
  token_obtained_at = 2026-01-01T00:00:00Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "shell"   # builds as gitlab-runner
  request_concurrency = 2
`;

describe('runner-doctor fix runner-token-invalid: rotation into config.toml over SSH, end to end', () => {
  if (!requirePrereqs(pre, 'rotate-runner-token over SSH')) return;
  let lab: DemoLab;
  let h: FixHost;
  let agent: Agent;
  let runnerId: number;
  let deadToken: string;
  let original: string;

  const gitlab = async (method: 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await request(`${lab.gitlab.url}/api/v4${path}`, {
      method,
      dispatcher: agent,
      headers: { authorization: `Bearer ${lab.gitlab.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const json = (await res.body.json()) as Record<string, unknown>;
    if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode}`);
    return json;
  };

  beforeAll(async () => {
    lab = await startDemoLab({ scenarios: [] });
    agent = new Agent({ connect: { ca: await readFile(lab.gitlab.caFile, 'utf8') } });
    const created = await gitlab('POST', '/user/runners', { runner_type: 'instance_type', description: NAME });
    runnerId = created.id as number;
    deadToken = created.token as string;
    await gitlab('POST', `/runners/${runnerId}/reset_authentication_token`);
    original = configToml(lab.gitlab.url, lab.gitlab.caFile, runnerId, deadToken);
    h = await startFixHost({
      name: 'tok',
      sudoers: 'admin ALL=(ALL:ALL) NOPASSWD: ALL',
      files: [
        { path: 'etc/gitlab-runner/config.toml', content: original, mode: 0o640 },
        { path: 'etc/rd-test/poll-gitlab', content: '' },
      ],
    });
    await h.onHost(`chgrp admin ${PATH}`);
    // The runner has asked for jobs with the dead token at least once.
    for (let i = 0; i < 50 && !(await syslog()).includes('Checking for jobs... forbidden'); i++) await new Promise((r) => setTimeout(r, 200));
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await agent?.close();
    await lab?.stop();
  });

  const sources = () => [...h.args('admin'), '--gitlab-url', lab.gitlab.url, '--gitlab-ca-file', lab.gitlab.caFile];
  const env = () => h.env({ GITLAB_TOKEN: lab.gitlab.token });
  const config = () => h.onHost(`cat ${PATH}`);
  const fileStat = () => h.onHost(`stat -c '%a %U:%G' ${PATH}`);
  const syslog = () => h.onHost('cat /var/log/syslog');
  /** Until the runner's log shows a refusal after its last reload of config.toml. */
  const refusedSinceReload = async () => {
    for (let i = 0; i < 50; i++) {
      const log = await syslog();
      const reload = log.lastIndexOf('Configuration loaded');
      if (log.slice(Math.max(0, reload)).includes('Checking for jobs... forbidden')) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the runner was not refused again after reloading config.toml');
  };
  const runner = () => lab.world.gitlab.runners.find((r) => r.id === runnerId)!;
  const resets = () => lab.requests.gitlab().filter((x) => x.startsWith('POST') && x.includes('reset_authentication_token')).length;
  const backups = async () => (await h.onHost('ls /etc/gitlab-runner')).split('\n').filter((l) => l.endsWith('.bak'));
  const tokenKeys = /^\s*token(?:_obtained_at|_expires_at)? = .*$/;
  const outside = (t: string) => t.split('\n').filter((l) => !tokenKeys.test(l)).join('\n');
  const last4 = (t: string) => t.slice(-4);
  const tokenFile = (name: string) => join(h.dir, name);
  /** What a plan needs from collection: that this host's config.toml was read. */
  const hostFacts = () => ({ gitlab: { runners: new Map() }, configs: [{ source: { file: safeEvidencePath(evidencePaths.sshFile(h.target('admin'), 'config.toml')) } }] }) as never;

  it('--plan shows the reset, the write over SSH and the runner reload, tokens only as type and last 4; nothing changes', async () => {
    const r = await runCli(['fix', 'runner-token-invalid', '--plan', ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Rotate runner ${runnerId}'s token and give it to ${PATH} on ${h.target('admin')}, [[runners]] "${NAME}"`);
    expect(r.stdout).toContain(`POST /api/v4/runners/${runnerId}/reset_authentication_token`);
    expect(r.stdout).toContain(`runner authentication token (glrt-) …${last4(deadToken)}`);
    expect(r.stdout).toMatch(/token ← the new token \(and id, token_obtained_at, token_expires_at\)|token ← the new token \(and token_obtained_at, token_expires_at\)/);
    expect(r.stdout).toContain(`+  token = "<the new runner token>"`);
    expect(r.stdout).toMatch(/sudo -n true: passwordless sudo works/);
    expect(r.stdout).toMatch(/writable through sudo -n/);
    expect(r.stdout).toMatch(/restart: systemd does not run here: gitlab-runner reloads config\.toml itself/);
    expect(r.stdout).not.toContain(deadToken);
    expect(r.stdout).not.toContain(runner().token);
    expect(await config()).toBe(original);
    expect(resets()).toBe(1);
  });

  it('a config.toml changed between the yes and the reset plans again before anything is reset', async () => {
    const store = await openTokenFile(tokenFile('conflict-token'), false);
    const connections = h.connections('admin', { gitlab: { url: lab.gitlab.url, token: lab.gitlab.token, caFile: lab.gitlab.caFile } }, store);
    try {
      const ctx = h.context(connections);
      const facts = hostFacts();
      const plans = await rotateRunnerToken.plan({ findings: [{ id: 'runner-token-invalid', evidence: [] } as never], facts, target: String(runnerId) }, ctx);
      expect(plans).toHaveLength(1);
      const { asked, outcome } = await h.runEditedAfterYes(rotateRunnerToken, plans[0]!, connections, PATH);
      expect(asked).toEqual([false, true]);
      expect(outcome.result).toBe('replanned');
      expect(outcome.changed).toEqual([]);
      expect(resets()).toBe(1);
      expect(store.saved()).toBeUndefined();
    } finally {
      await connections.close();
      await h.onHost(`sed -i '2d' ${PATH}`);
    }
    expect(await config()).toBe(original);
  });

  it('sudo refused after the reset: the token is already saved (0600), the error says how to resume, nothing on the host changed', async () => {
    const file = tokenFile('new-runner-token');
    const store = await openTokenFile(file, false);
    const connections = h.connections('admin', { gitlab: { url: lab.gitlab.url, token: lab.gitlab.token, caFile: lab.gitlab.caFile } }, store);
    try {
      const ctx = h.context(connections);
      const facts = hostFacts();
      const [plan] = await rotateRunnerToken.plan({ findings: [{ id: 'runner-token-invalid', evidence: [] } as never], facts, target: String(runnerId) }, ctx);
      const outcome = await runFix(rotateRunnerToken, plan!, connections, {
        // The yes given, admin's sudo rights are taken away before the write.
        confirm: async () => {
          await h.onHost("sed -i '/^admin /d' /etc/sudoers");
          return true;
        },
        audit: async () => undefined,
      }, new AbortController().signal);
      expect(outcome.result).toBe('failed');
      expect(outcome.message).toMatch(/writing \/etc\/gitlab-runner\/config\.toml failed: .*sudo.*; the new token is saved in .*new-runner-token: finish with the same command and --resume --token-file /);
      expect(outcome.changed[0]).toMatch(new RegExp(`runner ${runnerId}: token reset in GitLab \\(the old one is dead\\); the new one \\(runner authentication token \\(glrt-\\) ….{4}\\) saved to `));
      expect(outcome.notChanged.join('\n')).toContain(`${PATH} on ${h.target('admin')}`);
      expect(resets()).toBe(2);
      const saved = (await readFile(file, 'utf8')).trim();
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(runner().token).toBe(saved);
      expect(JSON.stringify(outcome)).not.toContain(saved);
      expect(await config()).toBe(original);
      expect(await backups()).toEqual([]);
    } finally {
      await connections.close();
      await h.onHost("grep -q '^admin ' /etc/sudoers || echo 'admin ALL=(ALL:ALL) NOPASSWD: ALL' >> /etc/sudoers");
    }
  });

  it('--apply --yes --resume writes the saved token with no second reset: only the token keys change (mode, owner kept, backup made), the runner reloads it, GitLab sees it, and the finding is gone', async () => {
    const file = tokenFile('new-runner-token');
    const saved = (await readFile(file, 'utf8')).trim();
    const before = await fileStat();
    const refused = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--token-file', file, ...sources()], { env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds a token \(from an earlier rotation\?\): finish that one with --resume/);

    // The tests before edited config.toml, and the runner reloaded it: the fix finds a dead token
    // only once the runner has been refused again since (it asks every 3 seconds).
    await refusedSinceReload();
    const r = await runCli(['fix', 'runner-token-invalid', '--apply', '--yes', '--resume', '--token-file', file, ...sources()], { env: env(), timeoutMs: 180_000 });
    expect(r.stdout).toContain(`use the token saved in ${file} by the interrupted rotation`);
    expect(r.stdout).toMatch(/APPLIED rotate-runner-token:.*applied and verified: .*holds the new token; the runner reloads config\.toml by itself; GitLab saw runner/);
    expect(r.stdout).toContain('A fresh collection no longer shows runner-token-invalid');
    expect(r.code).toBe(0);
    expect(resets()).toBe(2);
    expect(r.stdout + r.stderr).not.toContain(saved);

    const after = await config();
    expect(after).toContain(`  token = "${saved}"`);
    expect(after).not.toContain(deadToken);
    expect(after).toMatch(/^ {2}token_expires_at = 0001-01-01T00:00:00Z$/m);
    expect(after).not.toContain('token_obtained_at = 2026-01-01T00:00:00Z');
    expect(Buffer.from(outside(after))).toEqual(Buffer.from(outside(original)));
    expect(await fileStat()).toBe(before);
    const made = await backups();
    expect(made).toHaveLength(1);
    expect(await h.onHost(`cat /etc/gitlab-runner/${made[0]}`)).toBe(original);
    expect(await h.onHost(`stat -c '%a %U:%G' /etc/gitlab-runner/${made[0]}`)).toBe(before);

    // No restart where systemd does not run the runner: it reloaded the file and asks GitLab with the new token.
    const log = await syslog();
    expect(log.match(/Starting multi-runner/g)).toHaveLength(1);
    expect(log.slice(log.lastIndexOf('Configuration loaded'))).not.toContain('Checking for jobs... forbidden');
    expect(Date.parse(runner().contacted_at!)).toBeGreaterThan(Date.now() - 60_000);

    const audit = await readFile(join(h.configDir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"fixId":"rotate-runner-token"');
    expect(audit).toMatch(/"step":"verify","result":"ok"/);
    expect(audit).toContain(`"host":"${h.target('admin')}"`);
    expect(audit).not.toContain(saved);
    expect(audit).not.toContain(deadToken);
  });

  it('a fresh collect no longer shows the finding: the runner reloaded config.toml after its last refusal, and GitLab sees it online', async () => {
    const r = await runCli(['collect', ...sources(), '--out', join(h.dir, 'after.zip'), '--json'], { env: env() });
    const findings = (JSON.parse(r.stdout) as { findings: { id: string; title: string }[] }).findings;
    const ids = findings.map((f) => f.id);
    expect(ids).not.toContain('runner-token-invalid');
    expect(ids).not.toContain('runner-offline');
    expect(ids).not.toContain('tls-unknown-authority');
    // Never silent: the old refusal lines are still shown, as lines no current finding explains.
    expect(findings.filter((f) => f.id === 'unexplained-errors').map((f) => f.title)).toEqual([expect.stringMatching(/Checking for jobs\.\.\. forbidden/)]);
  });
});
