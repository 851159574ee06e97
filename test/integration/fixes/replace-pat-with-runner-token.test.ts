import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLab, type DemoLab } from '../../../electron/core/demo-lab/lab';
import { SEED_002_PAT as PAT, SEED_002_PROJECT_ID as PROJECT, SEED_002_RUNNER_ID as OLD_RUNNER } from '../../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { SEED_002_NAMESPACE as NS } from '../../../electron/core/demo-lab/scenarios/seed-002-kube';
import { FixConnections } from '../../../electron/core/fixes/connections';
import { runFix } from '../../../electron/core/fixes/lifecycle';
import { replacePatWithRunnerToken } from '../../../electron/core/fixes/replace-pat-with-runner-token';
import { openTokenFile } from '../../../electron/core/fixes/token-file';
import type { AuditRecord } from '../../../shared/fixes';
import { fixEnv, labObject, labSources } from '../../helpers/fix-lab';
import { runCli } from '../../helpers/run-cli';

// replace-pat-with-runner-token against the lab's GitLab and Kubernetes APIs (seed 002: raw
// manifests mount a ConfigMap whose config.toml holds the deployer's personal access token;
// GitLab has the project runner 61 that was created for it and never contacted).
let lab: DemoLab;
let dir: string;
let original: string;
let initialRunners: number[];
let n = 0;

beforeAll(async () => {
  lab = await startDemoLab();
  dir = await mkdtemp(join(tmpdir(), 'rd-fix-pat-'));
  original = configToml();
  initialRunners = runners().map((r) => r.id);
  lab.world.gitlab.users.push(
    { username: 'reader', token: 'glpat-ReaderOnlyScope0002', admin: false, scopes: ['read_api'], expiresAt: null },
    { username: 'dev', token: 'glpat-DeveloperApiScope002', admin: false, scopes: ['api'], expiresAt: null, projectRoles: { [PROJECT]: 'developer' } },
  );
}, 60_000);
afterAll(async () => {
  await lab.stop();
  await rm(dir, { recursive: true, force: true });
});

const sources = () => labSources(lab, NS);
const env = (token = lab.gitlab.token) => fixEnv(dir, token);
const configMap = () => labObject<{ data: Record<string, string>; metadata: { resourceVersion: string } }>(lab, 'ConfigMap', NS, 'gitlab-runner-config');
const configToml = () => configMap().data['config.toml']!;
const deployment = () => labObject<{ spec: { template: { metadata?: { annotations?: Record<string, string> } } } }>(lab, 'Deployment', NS);
/** Runners the fix created: POST /user/runners calls, less the test's own. */
let direct = 0;
const creates = () => lab.requests.gitlab().filter((r) => r === 'POST /api/v4/user/runners').length - direct;
const runners = () => lab.world.gitlab.runners;
const tokenFile = () => join(dir, `token-${++n}`);
/** The incident again: the PAT back in config.toml, and no runner made by an earlier fix (it would share runner 61's description). */
function breakAgain(): void {
  configMap().data['config.toml'] = original;
  lab.world.gitlab.runners = runners().filter((r) => initialRunners.includes(r.id));
}
/** config.toml without its token line, to compare every other byte. */
const withoutToken = (text: string) => text.split('\n').filter((l) => !/^\s*token = /.test(l)).join('\n');

async function createRunner(token: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  direct++;
  const ca = await readFile(lab.gitlab.caFile);
  return new Promise((resolve, reject) => {
    const req = request(`${lab.gitlab.url}/api/v4/user/runners`, { method: 'POST', ca, headers: { 'content-type': 'application/json', 'private-token': token } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('runner-doctor fix runner-token-is-pat (replace-pat-with-runner-token)', () => {
  it('the lab GitLab creates runners as GitLab does: create_runner or api scope, 400 on a bad runner_type, 404 on an unknown project, glrt- token once', async () => {
    const before = runners().length;
    expect((await createRunner('glpat-ReaderOnlyScope0002', { runner_type: 'instance_type' })).status).toBe(403);
    expect((await createRunner(lab.gitlab.token, { runner_type: 'shared' })).body).toEqual({ error: 'runner_type does not have a valid value' });
    expect((await createRunner(lab.gitlab.token, { runner_type: 'project_type', project_id: 999 })).status).toBe(404);
    expect((await createRunner('glpat-DeveloperApiScope002', { runner_type: 'project_type', project_id: PROJECT })).status).toBe(403);
    expect(runners()).toHaveLength(before);
    const made = await createRunner(lab.gitlab.token, { runner_type: 'group_type', group_id: 5, tag_list: ['a'], run_untagged: false });
    expect(made.status).toBe(201);
    expect(Object.keys(made.body).sort()).toEqual(['id', 'token', 'token_expires_at']);
    expect(made.body.token).toMatch(/^glrt-/);
    const runner = runners().find((r) => r.id === made.body.id)!;
    expect(runner).toMatchObject({ runner_type: 'group_type', groupIds: [5], tag_list: ['a'], run_untagged: false });
    lab.world.gitlab.runners = runners().filter((r) => r !== runner);
  });

  it('--plan copies runner 61 (project 77, tags, no untagged jobs), shows the PAT only as its last 4, links its revocation, and writes nothing', async () => {
    const r = await runCli(['fix', 'runner-token-is-pat', '--plan', '--token-file', tokenFile(), ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('POST /api/v4/user/runners (runner_type=project_type, project_id=77, description=ois-cfa-k8s, tag_list=k8s,ois-cfa, run_untagged=false');
    expect(r.stdout).toMatch(/create a project runner of project 77 .*\(as runner 61 shows them/);
    expect(r.stdout).toContain(`…${PAT.slice(-4)}`);
    expect(r.stdout).not.toContain(PAT);
    expect(r.stdout).toContain(`${lab.gitlab.url}/-/user_settings/personal_access_tokens`);
    expect(r.stdout).toMatch(/Only its owner \(or an administrator\) can revoke it/);
    expect(r.stdout).toMatch(/^ {4}\+ {2}token = "<the new runner token>"$/m);
    expect(r.stdout).toMatch(/ok {2}token scope: the token has the api scope/);
    expect(r.stdout).toMatch(/server-side dry run: the ConfigMap and Deployment patches pass dryRun=All/);
    expect(creates()).toBe(0);
    expect(configToml()).toBe(original);
  });

  it('--runner-type, --tags, --description and --run-untagged override what is copied', async () => {
    const r = await runCli(['fix', 'runner-token-is-pat', '--plan', '--runner-type', 'instance', '--tags', 'k8s,big', '--description', 'new one', '--run-untagged', 'true', ...sources()], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('POST /api/v4/user/runners (runner_type=instance_type, description=new one, tag_list=k8s,big, run_untagged=true');
    expect(r.stdout).toMatch(/with your token: the create_runner or api scope, and an administrator/);
    const bad = await runCli(['fix', 'runner-token-is-pat', '--plan', '--runner-type', 'shared', ...sources()], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--runner-type is one of instance, group, project/);
  });

  it('--apply without --yes, or without --token-file, creates nothing (exit 2)', async () => {
    const file = tokenFile();
    const r = await runCli(['fix', 'runner-token-is-pat', '--apply', '--token-file', file, ...sources()], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only with --yes/);
    await expect(stat(file)).rejects.toThrow();
    const r2 = await runCli(['fix', 'runner-token-is-pat', '--apply', '--yes', ...sources()], { env: env() });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/replace-pat-with-runner-token needs --token-file FILE: GitLab shows the new token once, so/);
    expect(creates()).toBe(0);
  });

  it('a token without create_runner or api, or a developer, is refused with what is missing named; nothing is created', async () => {
    const unread = await runCli(['fix', 'runner-token-is-pat', '--plan', ...sources()], { env: env('glpat-ReaderOnlyScope0002') });
    expect(unread.code).toBe(2);
    // This token cannot list the runners, so runner 61 is not known to copy from.
    expect(unread.stderr).toMatch(/the runner type cannot be copied for ConfigMap .*: no runner in GitLab is known for it; pass --runner-type/);
    const r = await runCli(['fix', 'runner-token-is-pat', '--apply', '--yes', '--project-id', String(PROJECT), '--token-file', tokenFile(), ...sources()], { env: env('glpat-ReaderOnlyScope0002') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/REFUSED .*token scope: the token lacks the api or create_runner scope \(it has read_api\)/);
    const dev = await runCli(['fix', 'runner-token-is-pat', '--apply', '--yes', '--project-id', String(PROJECT), '--token-file', tokenFile(), ...sources()], { env: env('glpat-DeveloperApiScope002') });
    expect(dev.stderr).toBe('');
    expect(dev.code).toBe(1);
    expect(dev.stdout).toMatch(/REFUSED .*maintainer role: dev needs the maintainer role in npk\/ois-cfa to create a project runner/);
    expect(creates()).toBe(0);
  });

  it('a failing server-side dry run refuses the fix before a runner is created', async () => {
    lab.kubeFaults.failRequests.push({ match: /^PATCH .*\/configmaps\/.*dryRun=All/, code: 422, message: 'admission webhook "config-guard.example.com" denied the request' });
    try {
      const r = await runCli(['fix', 'runner-token-is-pat', '--apply', '--yes', '--token-file', tokenFile(), ...sources()], { env: env() });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/REFUSED .*server-side dry run: .*config-guard/);
      expect(creates()).toBe(0);
      expect(configToml()).toBe(original);
    } finally {
      lab.kubeFaults.failRequests.length = 0;
    }
  });

  it('a ConfigMap that changes after the yes (409) plans again before a runner is created, and asks again', async () => {
    const audit: AuditRecord[] = [];
    const connections = new FixConnections(
      { kube: [{ kubeconfig: lab.kubeconfigPath, context: lab.kubeContext, namespace: NS }], gitlab: { url: lab.gitlab.url, token: lab.gitlab.token, caFile: lab.gitlab.caFile }, files: [] },
      await openTokenFile(tokenFile(), false),
    );
    try {
      const ctx = { connections, signal: new AbortController().signal, changed: () => undefined, progress: () => undefined };
      const facts = {
        gitlab: { runners: new Map([[OLD_RUNNER, { id: OLD_RUNNER, description: 'ois-cfa-k8s' }]]) },
        configs: [{ source: { configMap: { namespace: NS, name: 'gitlab-runner-config', key: 'config.toml' } }, template: false, parsed: true }],
      } as never;
      const [plan] = await replacePatWithRunnerToken.plan({ findings: [{ id: 'runner-token-is-pat', evidence: [] } as never], facts, target: undefined }, ctx);
      const asked: boolean[] = [];
      const outcome = await runFix(replacePatWithRunnerToken, plan!, connections, {
        confirm: async (_p, _pre, again) => {
          asked.push(again);
          // Someone edits the ConfigMap between the yes and the creation.
          if (!again) configMap().metadata.resourceVersion = '999999';
          return !again;
        },
        audit: async (r) => void audit.push(r),
      }, new AbortController().signal);
      expect(asked).toEqual([false, true]);
      expect(outcome.result).toBe('replanned');
      expect(audit.find((a) => a.step === 'apply' && a.result === 'failed')?.detail).toMatch(/conflict: ConfigMap .* changed since the plan was made; planning again/);
      expect(creates()).toBe(0);
      expect(configToml()).toBe(original);
    } finally {
      await connections.close();
    }
  });

  it('--apply --yes creates the runner, saves its token first (0600), writes only the token line, restarts, verifies, and the finding is gone', async () => {
    const file = tokenFile();
    const r = await runCli(['fix', 'runner-token-is-pat', '--apply', '--yes', '--token-file', file, ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/APPLIED .*applied and verified: ConfigMap .* holds the new token; Deployment gitlab-runner: 2\/2 pods Ready after the rollout; no restarted pod logs a 403; GitLab saw runner \d+ at \S+ \(online\)/);
    expect(r.stdout).toMatch(/A fresh collection no longer shows runner-token-is-pat/);
    expect(r.code).toBe(0);
    expect(creates()).toBe(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = (await readFile(file, 'utf8')).trim();
    expect(saved).toMatch(/^glrt-/);
    const created = runners().find((x) => x.token === saved)!;
    expect(created).toMatchObject({ runner_type: 'project_type', projectIds: [PROJECT], description: 'ois-cfa-k8s', tag_list: ['k8s', 'ois-cfa'], run_untagged: false, status: 'online' });
    expect(configToml()).toContain(`  token = "${saved}"`);
    expect(Buffer.from(withoutToken(configToml()))).toEqual(Buffer.from(withoutToken(original)));
    expect(deployment().spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-/);
    expect(r.stdout).not.toContain(saved);
    expect(r.stdout).not.toContain(PAT);
    const audit = await readFile(join(dir, 'config', 'audit.jsonl'), 'utf8');
    expect(audit).toMatch(/"fixId":"replace-pat-with-runner-token".*"step":"verify","result":"ok"/);
    expect(audit).not.toContain(saved);
    expect(audit).not.toContain(PAT);
    const back = await runCli(['fix', 'runner-token-is-pat', '--rollback', '--yes', ...sources()], { env: env() });
    expect(back.code).toBe(2);
    expect(back.stderr).toMatch(/no applied fix of runner-token-is-pat to roll back \(fixes that cannot be undone say so in their plan\)/);
  });

  it('a failure after the runner is created leaves its token in the file, and --resume finishes without creating another', async () => {
    breakAgain();
    const file = tokenFile();
    const before = creates();
    lab.kubeFaults.failRequests.push({ match: /^PATCH .*\/deployments\/gitlab-runner(?!.*dryRun)/, code: 500, message: 'etcdserver: request timed out' });
    try {
      const r = await runCli(['fix', 'runner-token-is-pat', '--apply', '--yes', '--token-file', file, ...sources()], { env: env() });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/FAILED .*etcdserver: request timed out; the new token is saved in .*--resume --token-file/);
      expect(r.stdout).toMatch(/changed: runner \d+ created in GitLab/);
      expect(creates()).toBe(before + 1);
    } finally {
      lab.kubeFaults.failRequests.length = 0;
    }
    const saved = (await readFile(file, 'utf8')).trim();
    expect(configToml()).toContain(`  token = "${saved}"`);
    // The ConfigMap holds the glrt- token now, so the finding is gone; the restart is what is left.
    const again = await runCli(['fix', 'runner-token-is-pat', '--apply', '--yes', '--resume', '--token-file', file, ...sources()], { env: env() });
    expect(again.stdout).toMatch(/runner-token-is-pat: not found in the evidence collected just now/);
    // The PAT back in the ConfigMap (the created runner stays): --resume writes the saved token again and restarts.
    configMap().data['config.toml'] = original;
    const resumed = await runCli(['fix', 'runner-token-is-pat', '--apply', '--yes', '--resume', '--token-file', file, ...sources()], { env: env() });
    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toMatch(/use the token saved in .* by the interrupted run .*no runner is created again/);
    expect(resumed.stdout).toMatch(/APPLIED .*applied and verified/);
    expect(resumed.code).toBe(0);
    expect(creates()).toBe(before + 1);
    expect(configToml()).toContain(`  token = "${saved}"`);
  });

  it('--runner-token-file uses a glrt- token created in GitLab by hand and creates no runner; anything else is refused', async () => {
    breakAgain();
    const mine = await createRunner(lab.gitlab.token, { runner_type: 'project_type', project_id: PROJECT, description: 'made by hand' });
    const given = join(dir, 'given-token');
    await writeFile(given, `${String(mine.body.token)}\n`, { mode: 0o600 });
    const before = creates();
    const r = await runCli(['fix', 'runner-token-is-pat', '--apply', '--yes', '--runner-token-file', given, ...sources()], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/use the runner authentication token you created, from .*; no runner is created/);
    expect(r.stdout).toMatch(/APPLIED .*applied and verified/);
    expect(r.code).toBe(0);
    expect(creates()).toBe(before);
    expect(configToml()).toContain(`  token = "${String(mine.body.token)}"`);
    expect(await readFile(given, 'utf8')).toBe(`${String(mine.body.token)}\n`);
    await writeFile(given, `${PAT}\n`);
    const refused = await runCli(['fix', 'runner-token-is-pat', '--plan', '--runner-token-file', given, ...sources()], { env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/does not hold a runner authentication token \(glrt-…\)/);
  });
});
