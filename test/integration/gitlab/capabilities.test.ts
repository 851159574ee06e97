import { inspect } from 'node:util';
import { request } from 'undici';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitlabClient } from '../../../electron/core/gitlab/client';
import { GitlabError } from '../../../electron/core/gitlab/errors';
import { getJob, getProjectTimeout, getTraceTail } from '../../../electron/core/gitlab/jobs';
import { cancelJob, createRunner, resetRunnerTokenById, resetRunnerTokenWithCurrent } from '../../../electron/core/gitlab/lifecycle';
import { getRunner, getRunnerManagers, getRunningJobs, listRunners, runnerHealth } from '../../../electron/core/gitlab/runners';
import { testTokenAsPat, verifyRunnerToken } from '../../../electron/core/gitlab/token-check';
import { formatError } from '../../../shared/i18n/text';
import { getTokenSelf, getVersion, tokenExpiry } from '../../../electron/core/gitlab/whoami';
import { SEED_002_PAT, SEED_002_RUNNER_TOKEN } from '../../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import {
  BIG_TRACE_JOB,
  CANCELING_JOB,
  PROJECT_ID,
  STUCK_JOB,
  startGitlabLab,
  TOKENS,
  type GitlabLab,
} from '../../helpers/gitlab/gitlab-lab';

let lab: GitlabLab;
const clients: GitlabClient[] = [];

function client(token: string | undefined = TOKENS.admin): GitlabClient {
  const c = new GitlabClient({ url: lab.url, token, caPem: lab.caPem, proxy: {}, retry: { baseDelayMs: 10 } });
  clients.push(c);
  return c;
}

const runnerToken = (id: number) => lab.world.runners.find((r) => r.id === id)!.token;

beforeAll(async () => {
  lab = await startGitlabLab();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await lab.close();
});

describe('who am I', () => {
  it('reads the version, the token scopes and its expiry', async () => {
    expect((await getVersion(client())).body).toMatchObject({ version: '18.8.2-ee', enterprise: true });
    const c = client(TOKENS.expiringSoon);
    const self = await getTokenSelf(c);
    expect(self?.body.scopes).toEqual(['read_api']);
    expect(c.tokenScopes).toEqual(['read_api']);
    const expiry = tokenExpiry(self!.body.expires_at, new Date());
    expect(expiry).toMatchObject({ expiringSoon: true, expired: false });
    expect(expiry.warning).toMatch(/expires on .* \(in [23] days\)/);
  });
});

describe('runner inventory', () => {
  it('lists all runners for an administrator and only its own otherwise', async () => {
    const admin = await listRunners(client());
    expect(admin.scope).toBe('all');
    expect(admin.list.items.map((r) => r.id).sort()).toEqual(lab.world.runners.map((r) => r.id).sort());
    const reader = await listRunners(client(TOKENS.reader));
    expect(reader).toMatchObject({ scope: 'owned', path: '/runners' });
    expect(reader.list.items.map((r) => r.id)).toEqual([38]);
  });

  it('reads detail, managers, running jobs and judges health', async () => {
    const detail = (await getRunner(client(), 38)).body;
    expect(detail).toMatchObject({ id: 38, status: 'online', job_execution_status: 'active' });
    const managers = (await getRunnerManagers(client(), 38)).items;
    expect(managers.map((m) => m.system_id)).toEqual(['r_x2k4p0aBcDeFgH', 'r_q8m3z0aBcDeFgH']);
    expect(runnerHealth(detail, managers).healthy).toBe(true);
    const running = (await getRunningJobs<{ id: number; project: { id: number } }>(client(), 38)).items;
    expect(running.map((j) => j.id)).toEqual([STUCK_JOB]);
    expect(running[0]?.project.id).toBe(PROJECT_ID);
    const offline = (await getRunner(client(), 52)).body;
    const health = runnerHealth(offline, (await getRunnerManagers(client(), 52)).items);
    expect(health).toMatchObject({ status: 'offline', healthy: false, managersNotOnline: ['s_000000000052'] });
    expect(health.lastContact).toBe(offline.contacted_at);
  });

  it('refuses detail of a runner the user may not see', async () => {
    const e = await getRunner(client(TOKENS.reader), 52).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(GitlabError);
    expect((e as GitlabError).message).toMatch(/No access granted.*Maintainer role/);
  });
});

describe('runner token checks', () => {
  it('accepts a valid runner token, like gitlab-runner verify', async () => {
    const ok = await verifyRunnerToken(client(undefined), {
      token: runnerToken(38),
      ref: 'files/config.toml',
      systemId: 'r_x2k4p0aBcDeFgH',
    });
    expect(ok.tokenCheck).toMatchObject({
      check: 'runner-verify',
      result: 'valid',
      tokenKind: 'runner-authentication-token',
      systemId: 'r_x2k4p0aBcDeFgH',
    });
    expect(ok.body).toEqual({ id: 38, token_expires_at: null });
    expect(JSON.stringify(ok)).not.toContain(runnerToken(38));
    expect(lab.world.runners.find((r) => r.id === 38)!.managers).toHaveLength(2);
    const pat = await testTokenAsPat(client(undefined), { token: runnerToken(38), ref: 'files/config.toml' });
    expect(pat.tokenCheck).toMatchObject({ check: 'pat-self', result: 'not-pat' });
  });

  it('finds a PAT in a runner config (seed 002): verify 403, PAT test 200', async () => {
    const ref = { token: `${SEED_002_PAT}\n`, ref: 'kube/demo/ois/configmaps.yaml', runnerName: 'ois-cfa-k8s' };
    const verify = await verifyRunnerToken(client(undefined), ref);
    expect(verify.tokenCheck).toMatchObject({
      result: 'invalid',
      tokenKind: 'personal-access-token',
      surroundingWhitespace: true,
      runnerName: 'ois-cfa-k8s',
    });
    expect(verify.gitlabApi).toMatchObject({ method: 'POST', path: '/api/v4/runners/verify', status: 403 });
    // Said in English in the evidence, and as a message id for a Russian window.
    expect(verify.tokenCheck?.message).toBe(formatError(verify.tokenCheck!.text!));
    expect(formatError(verify.tokenCheck!.text!, 'ru')).toBe('GitLab не принимает это как токен раннера (403 Forbidden): gitlab-runner будет писать в лог «forbidden» и не получит джобы.');
    const pat = await testTokenAsPat(client(undefined), ref);
    expect(pat.tokenCheck).toMatchObject({ result: 'is-pat', tokenKind: 'personal-access-token' });
    expect(pat.tokenCheck?.message).toBe('GitLab accepts this token as a personal, project or group access token: it is not a runner token.');
    expect(formatError(pat.tokenCheck!.text!, 'ru')).toBe('GitLab принимает этот токен как персональный, проектный или групповой токен доступа: это не токен раннера.');
    expect(pat.body).toMatchObject({ scopes: ['api', 'read_api', 'read_repository'], active: true });
    for (const env of [verify, pat]) expect(JSON.stringify(env)).not.toContain(SEED_002_PAT);
  });

  it('reports a token GitLab does not know as invalid and not a PAT', async () => {
    const ref = { token: 'corp-glpat-UnknownTokenValue12345', ref: 'host/etc/gitlab-runner/config.toml' };
    expect((await verifyRunnerToken(client(undefined), ref)).tokenCheck).toMatchObject({ result: 'invalid', customPrefix: 'corp-' });
    expect((await testTokenAsPat(client(undefined), ref)).tokenCheck?.result).toBe('not-pat');
  });

  it('records an unreachable GitLab as an error, not as an invalid token', async () => {
    lab.server.faults.errorBurst = { status: 502, count: 10 };
    try {
      const env = await verifyRunnerToken(client(undefined), { token: runnerToken(38), ref: 'x' });
      expect(env.tokenCheck).toMatchObject({ result: 'error' });
      expect(env.tokenCheck?.message).toMatch(/proxy or load balancer/);
      // The error's own words, in the reader's language where it has them.
      expect(formatError(env.tokenCheck!.text!, 'ru')).not.toBe(env.tokenCheck?.message);
    } finally {
      lab.server.faults.errorBurst = null;
    }
  });
});

describe('jobs', () => {
  it('reads a job, its project timeout (without runners_token) and its log tail', async () => {
    const job = (await getJob(client(), PROJECT_ID, STUCK_JOB)).body;
    expect(job).toMatchObject({ id: STUCK_JOB, status: 'running', runner_manager: { system_id: 'r_x2k4p0aBcDeFgH' } });
    const project = (await getProjectTimeout(client(), PROJECT_ID)).body;
    expect(project).toEqual({
      id: PROJECT_ID,
      name: 'web',
      path_with_namespace: 'acme/web',
      build_timeout: 3600,
      web_url: `${lab.url}/acme/web`,
    });
    const tail = await getTraceTail(client(), 'acme/web', BIG_TRACE_JOB, 4096);
    expect(tail).toMatchObject({ truncated: true, bytes: 2_000_014 });
    expect(tail!.text.length).toBe(4096);
    expect(tail!.text.endsWith('Job succeeded\n')).toBe(true);
    lab.world.jobs.find((j) => j.id === CANCELING_JOB)!.trace = '';
    expect(await getTraceTail(client(), PROJECT_ID, CANCELING_JOB, 4096)).toBeUndefined();
  });

  it('keeps a job running after the runner-side final update gets 403 (expired job token)', async () => {
    const stuck = lab.world.jobs.find((j) => j.id === STUCK_JOB)!;
    const agent = new Agent({ connect: { ca: lab.caPem } });
    try {
      const res = await request(`${lab.url}/api/v4/jobs/${STUCK_JOB}`, {
        method: 'PUT',
        dispatcher: agent,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: stuck.jobToken, state: 'success' }),
      });
      expect(res.statusCode).toBe(403);
      expect(await res.body.json()).toEqual({ message: '403 Forbidden' });
    } finally {
      await agent.close();
    }
    expect((await getJob(client(), PROJECT_ID, STUCK_JOB)).body.status).toBe('running');
  });

  it('cancels: running → canceling, canceling stays without force, force → canceled (Maintainer only)', async () => {
    const base = lab.world.jobs.find((j) => j.id === STUCK_JOB)!;
    lab.world.jobs.push({ ...base, id: 8540939999, status: 'running' });
    expect((await cancelJob(client(TOKENS.developer), PROJECT_ID, 8540939999)).status).toBe('canceling');
    expect((await cancelJob(client(), PROJECT_ID, CANCELING_JOB)).status).toBe('canceling');
    const e = await cancelJob(client(TOKENS.developer), PROJECT_ID, CANCELING_JOB, { force: true }).catch(
      (err: unknown) => err as GitlabError,
    );
    expect(e).toMatchObject({ code: 'forbidden' });
    expect((e as GitlabError).message).toMatch(/Maintainer role/);
    expect((await cancelJob(client(), PROJECT_ID, CANCELING_JOB, { force: true })).status).toBe('canceled');
  });
});

describe('token lifecycle', () => {
  it('resets by runner id: the old token dies at once, the new one verifies', async () => {
    const old = runnerToken(52);
    const fresh = await resetRunnerTokenById(client(), 52);
    expect(fresh.runnerId).toBe(52);
    expect(fresh.reveal()).toMatch(/^glrt-/);
    expect(fresh.reveal()).not.toBe(old);
    expect(JSON.stringify(fresh)).not.toContain(fresh.reveal());
    expect(inspect(fresh)).not.toContain(fresh.reveal());
    expect(String(fresh)).not.toContain(fresh.reveal());
    expect((await verifyRunnerToken(client(undefined), { token: old, ref: 'old' })).tokenCheck?.result).toBe('invalid');
    expect((await verifyRunnerToken(client(undefined), { token: fresh.reveal(), ref: 'new' })).tokenCheck?.result).toBe('valid');
  });

  it('resets with the current token, and refuses a token already rotated', async () => {
    const old = runnerToken(53);
    const fresh = await resetRunnerTokenWithCurrent(client(undefined), old);
    expect(fresh.reveal()).not.toBe(old);
    const again = await resetRunnerTokenWithCurrent(client(undefined), old).catch((err: unknown) => err as GitlabError);
    expect(again).toMatchObject({ code: 'forbidden' });
    expect((again as GitlabError).message).not.toContain(old);
  });

  it('explains a missing scope, a missing role and the rotation deadline', async () => {
    expect(await resetRunnerTokenById(client(TOKENS.reader), 38).catch((e: GitlabError) => e.code)).toBe('insufficient-scope');
    expect(await resetRunnerTokenById(client(TOKENS.developer), 53).catch((e: GitlabError) => e.message)).toMatch(
      /No access granted.*administrator/,
    );
    lab.world.runners.find((r) => r.id === 38)!.tokenRotationDeadlinePassed = true;
    try {
      expect(await resetRunnerTokenById(client(), 38).catch((e: GitlabError) => e.message)).toMatch(/Token rotation deadline has passed/);
    } finally {
      lab.world.runners.find((r) => r.id === 38)!.tokenRotationDeadlinePassed = false;
    }
  });

  it('creates a runner and returns its glrt- token once', async () => {
    const created = await createRunner(client(TOKENS.creator), {
      runnerType: 'project_type',
      projectId: PROJECT_ID,
      description: 'replacement for ois-cfa',
      tagList: ['k8s'],
    });
    expect(created.reveal()).toMatch(/^glrt-/);
    const runner = lab.world.runners.find((r) => r.id === created.runnerId)!;
    expect(runner).toMatchObject({
      runner_type: 'project_type',
      description: 'replacement for ois-cfa',
      tag_list: ['k8s'],
      status: 'never_contacted',
    });
    expect((await verifyRunnerToken(client(undefined), { token: created.reveal(), ref: 'new' })).tokenCheck?.result).toBe('valid');
    expect(
      await createRunner(client(TOKENS.reader), { runnerType: 'project_type', projectId: PROJECT_ID }).catch((e: GitlabError) => e.message),
    ).toMatch(/needs api or create_runner/);
    expect(await createRunner(client(TOKENS.creator), { runnerType: 'instance_type' }).catch((e: GitlabError) => e.message)).toMatch(
      /needs an administrator/,
    );
    expect(await createRunner(client(), { runnerType: 'group_type' }).catch((e: GitlabError) => e.code)).toBe('invalid-input');
  });

  it('tells a seed-002 runner token apart from the PAT that replaced it', async () => {
    expect((await verifyRunnerToken(client(undefined), { token: SEED_002_RUNNER_TOKEN, ref: 'gitlab' })).tokenCheck?.result).toBe('valid');
  });
});
