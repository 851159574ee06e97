import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../shared/fixes';
import { EvidenceStore } from '../../../electron/core/evidence/store';
import { progressText, type ProgressFn } from '../../../electron/core/collect/progress';
import { collectGitlab } from '../../../electron/core/gitlab/collect-gitlab';
import { gitlabEnvelopeSchema, type GitlabEnvelope } from '../../../electron/core/gitlab/evidence-shapes';
import { GITLAB_EVIDENCE as E } from '../../../shared/evidence-layout';
import { GitlabError } from '../../../electron/core/gitlab/errors';
import { testGitlabConnection } from '../../../electron/core/gitlab/test-connection';
import { formatError } from '../../../shared/i18n/text';
import { SEED_002_PAT, SEED_002_RUNNER_TOKEN } from '../../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { PROJECT_ID, STUCK_JOB, startGitlabLab, TOKENS, type GitlabLab } from '../../helpers/gitlab/gitlab-lab';

let lab: GitlabLab;
const progress: string[] = [];
const onProgress: ProgressFn = (source, state, message) => void progress.push(`${source.id} ${state} ${progressText(message).message}`);

beforeAll(async () => {
  lab = await startGitlabLab();
});
afterAll(async () => {
  await lab.close();
});

async function readAll(store: EvidenceStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of store.files()) out.set(f.path.replace(/^evidence\//, ''), await readFile(join(store.root, f.path), 'utf8'));
  return out;
}

function envelope(files: Map<string, string>, path: string): GitlabEnvelope {
  const text = files.get(path);
  if (text === undefined) throw new Error(`no evidence ${path}; have ${[...files.keys()].join(', ')}`);
  return gitlabEnvelopeSchema.parse(JSON.parse(text));
}

const allSecrets = () => [
  ...Object.values(TOKENS),
  SEED_002_PAT,
  SEED_002_RUNNER_TOKEN,
  ...lab.world.runners.map((r) => r.token),
  ...lab.world.jobs.map((j) => j.jobToken),
  'GR1348941ProjectRegToken42x',
  'GR1348941InstanceRegToken0001',
  'akismet-lab-secret-key',
];

describe('collectGitlab', () => {
  it('collects runner and job state, checks config tokens, and never saves a token', async () => {
    const store = await EvidenceStore.create();
    try {
      const runner38 = lab.world.runners.find((r) => r.id === 38)!.token;
      const audited: AuditRecord[] = [];
      const summary = await collectGitlab(
        {
          url: `${lab.url}/`,
          token: TOKENS.admin,
          caPem: lab.caPem,
          proxy: {},
          // The explicit check (a write) is asked for here, each call audited; plain collection never verifies.
          verifyRunnerTokens: { audit: async (record) => void audited.push(record) },
          runnerTokens: async () => [
            { token: SEED_002_PAT, ref: 'kube/demo/ois/configmaps.yaml', runnerName: 'ois-cfa-k8s', url: lab.url },
            { token: runner38, ref: 'kube/demo/gitlab-runner/configmaps.yaml', runnerName: 'eks-ci-public-nodepool' },
            { token: runner38, ref: 'kube/demo/gitlab-runner/configmaps.yaml' },
            { token: '__REPLACE_WITH_GLRT_TOKEN__', ref: 'files/configmap.yaml' },
            { token: 'GR1348941InstanceRegToken0001', ref: 'host/etc/gitlab-runner/config.toml' },
          ],
        },
        store,
        { onProgress },
      );
      expect(summary).toMatchObject({ scope: 'all', version: '18.8.2-ee', runners: lab.world.runners.length, runningJobs: 1 });
      expect(summary.runnersNotOnline).toBeGreaterThanOrEqual(3);
      expect(summary.tokenChecks).toEqual([
        { ref: 'kube/demo/ois/configmaps.yaml', kind: 'personal-access-token', verify: 'invalid', pat: 'is-pat' },
        { ref: 'kube/demo/gitlab-runner/configmaps.yaml', kind: 'runner-authentication-token', verify: 'valid', pat: 'not-pat' },
        { ref: 'host/etc/gitlab-runner/config.toml', kind: 'runner-registration-token', verify: 'invalid', pat: 'not-pat' },
      ]);
      expect(store.errors()).toEqual([]);
      expect(audited.map((a) => [a.fixId, a.target.label, a.result, a.detail?.split(':')[0]])).toEqual([
        ['check-runner-token', expect.stringMatching(/^runner ois-cfa-k8s's token \(.*access token.* …\S{4}\) from kube\/demo\/ois\/configmaps.yaml, checked on https:/), 'ok', 'POST /api/v4/runners/verify with system_id <legacy>'],
        ['check-runner-token', expect.stringContaining('runner eks-ci-public-nodepool'), 'ok', 'POST /api/v4/runners/verify with system_id <legacy>'],
        ['check-runner-token', expect.stringContaining('host/etc/gitlab-runner/config.toml'), 'ok', 'POST /api/v4/runners/verify with system_id <legacy>'],
      ]);
      for (const secret of allSecrets()) expect(JSON.stringify(audited)).not.toContain(secret);

      const files = await readAll(store);
      for (const [path, text] of files) for (const secret of allSecrets()) expect(text, `${secret} in ${path}`).not.toContain(secret);
      for (const path of files.keys()) if (path.endsWith('.json')) envelope(files, path);

      expect(envelope(files, E.version).body).toMatchObject({ version: '18.8.2-ee' });
      expect(envelope(files, E.runners).gitlabApi).toMatchObject({ path: '/api/v4/runners/all', status: 200, instance: lab.url, pages: 1 });
      expect(envelope(files, E.managers(38)).body).toHaveLength(2);
      expect(envelope(files, E.runningJobs(38)).gitlabApi.path).toBe('/api/v4/runners/38/jobs?status=running');
      expect(envelope(files, E.job(STUCK_JOB)).body).toMatchObject({ id: STUCK_JOB, status: 'running' });
      expect(envelope(files, E.project(PROJECT_ID)).body).toEqual({
        id: PROJECT_ID,
        name: 'web',
        path_with_namespace: 'acme/web',
        build_timeout: 3600,
        web_url: `${lab.url}/acme/web`,
      });
      expect(envelope(files, E.user).body).not.toHaveProperty('email');
      expect(envelope(files, E.applicationSettings).body).toEqual({
        allow_runner_registration_token: false,
        valid_runner_registrars: ['project', 'group'],
      });
      expect(store.files().find((f) => f.path === `evidence/${E.traceTail(STUCK_JOB)}`)?.kind).toBe('job-log');

      const patCheck = envelope(files, E.tokenCheck(1, 'pat-self'));
      expect(patCheck.tokenCheck).toMatchObject({
        check: 'pat-self',
        result: 'is-pat',
        tokenRef: 'kube/demo/ois/configmaps.yaml',
        tokenKind: 'personal-access-token',
        runnerName: 'ois-cfa-k8s',
      });
      expect(envelope(files, E.tokenCheck(1, 'runner-verify')).tokenCheck).toMatchObject({ result: 'invalid' });
      expect(envelope(files, E.tokenCheck(2, 'runner-verify')).body).toEqual({ id: 38, token_expires_at: null });
      expect(files.has(E.tokenCheck(4, 'runner-verify'))).toBe(false);
      expect(progress).toContain(`${summary.source} done 4 runners (3 not online); 1 running job; 3 token checks`);
    } finally {
      await store.dispose();
    }
  });

  it('collects what a non-admin token may see, and warns before its expiry', async () => {
    const store = await EvidenceStore.create();
    try {
      const summary = await collectGitlab({ url: lab.url, token: TOKENS.expiringSoon, caPem: lab.caPem, proxy: {} }, store, { onProgress });
      expect(summary).toMatchObject({ scope: 'owned', runners: 0 });
      expect(summary.warnings.join(' ')).toMatch(/expires on/);
      const files = await readAll(store);
      expect(envelope(files, E.tokenSelf).body).toMatchObject({ scopes: ['read_api'] });
      expect(envelope(files, E.runners).gitlabApi.path).toBe('/api/v4/runners');
    } finally {
      await store.dispose();
    }
  });

  it('records per-runner failures and carries on', async () => {
    const store = await EvidenceStore.create();
    lab.server.faults.match = /^\/api\/v4\/runners\/52(\/|$)/;
    lab.server.faults.errorBurst = { status: 500, count: 50 };
    try {
      const summary = await collectGitlab({ url: lab.url, token: TOKENS.admin, caPem: lab.caPem, proxy: {} }, store, { onProgress });
      expect(summary.runners).toBe(lab.world.runners.length);
      expect(store.errors()).toHaveLength(1);
      expect(store.errors()[0]?.message).toMatch(/^Runner 52: GitLab failed with an internal error \(500 on GET \/runners\/52/);
      expect(store.has(`evidence/${E.runner(38)}`)).toBe(true);
    } finally {
      lab.server.faults.errorBurst = null;
      lab.server.faults.match = null;
      await store.dispose();
    }
  });

  it('fails with a clear, token-free error when GitLab cannot be reached or the token is wrong', async () => {
    const store = await EvidenceStore.create();
    try {
      await expect(
        collectGitlab({ url: lab.url, token: TOKENS.revoked, caPem: lab.caPem, proxy: {} }, store, { onProgress }),
      ).rejects.toMatchObject({ code: 'unauthorized' });
      await expect(collectGitlab({ url: lab.url, token: TOKENS.admin, proxy: {} }, store, { onProgress })).rejects.toMatchObject({
        code: 'tls-unknown-authority',
      });
      const errors = store
        .errors()
        .map((e) => e.message)
        .join('\n');
      expect(errors).toMatch(/has been revoked/);
      expect(errors).toMatch(/Runner Doctor demo lab CA/);
      for (const secret of allSecrets()) expect(errors).not.toContain(secret);
    } finally {
      await store.dispose();
    }
  });

  it('stops promptly when cancelled', async () => {
    const store = await EvidenceStore.create();
    lab.server.faults.latencyMs = 300;
    const controller = new AbortController();
    try {
      const started = Date.now();
      const run = collectGitlab({ url: lab.url, token: TOKENS.admin, caPem: lab.caPem, proxy: {} }, store, {
        onProgress,
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 450);
      await expect(run).rejects.toMatchObject({ name: 'CancelledError' });
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      lab.server.faults.latencyMs = 0;
      await store.dispose();
    }
  });
});

describe('testGitlabConnection', () => {
  it('returns version, user, scopes, expiry and runner status', async () => {
    const result = await testGitlabConnection({ url: `${lab.url}/api/v4`, token: TOKENS.admin, caPem: lab.caPem, proxy: {} });
    expect(result).toMatchObject({
      url: lab.url,
      version: { version: '18.8.2-ee', enterprise: true },
      user: { username: 'root', isAdmin: true },
      runnersScope: 'all',
      runnersTruncated: false,
    });
    expect(result.token).toMatchObject({ scopes: ['api', 'read_api', 'manage_runner', 'create_runner'], expiresAt: null, expired: false });
    const byId = new Map(result.runners.map((r) => [r.id, r]));
    expect(byId.get(38)).toMatchObject({ status: 'online', paused: false, runnerType: 'group_type' });
    expect(byId.get(53)).toMatchObject({ status: 'stale', contactedAt: '2025-01-02T03:04:05.000Z' });
    expect(byId.get(61)).toMatchObject({ status: 'never_contacted', contactedAt: null });
    expect(JSON.stringify(result)).not.toContain(TOKENS.admin);
  });

  it('warns about a soon-expiring, read-only, non-admin token', async () => {
    const result = await testGitlabConnection({ url: lab.url, token: TOKENS.expiringSoon, caPem: lab.caPem, proxy: {} });
    expect(result.user.isAdmin).toBe(false);
    expect(result.warnings.join('\n')).toMatch(/expires on[\s\S]*no api scope[\s\S]*not an administrator/);
    // The same warnings as message ids, in the same order: a window in Russian shows them in Russian.
    expect(result.warningTexts.map((w) => formatError(w))).toEqual(result.warnings);
    const ru = result.warningTexts.map((w) => formatError(w, 'ru'));
    expect(ru[0]).toMatch(/^Срок действия токена доступа истекает \d{4}-\d{2}-\d{2} \(через \d+ (день|дня|дней)\); замените его до этого\.$/);
    expect(ru.slice(1)).toEqual([
      'У токена нет скоупа api: для диагностики этого хватит, но исправлениям, которые меняют что-то в GitLab (сброс токена раннера, отмена джобы), нужен токен со скоупом api или manage_runner.',
      'Токен не администраторский: в списке только раннеры, владелец которых — его пользователь.',
    ]);
  });

  it('reads the CA from a file and explains failures', async () => {
    await expect(testGitlabConnection({ url: lab.url, token: TOKENS.admin, caFile: '/nonexistent/ca.pem' })).rejects.toThrow(
      /Cannot read the CA file \/nonexistent\/ca.pem \(ENOENT\)/,
    );
    await expect(testGitlabConnection({ url: lab.url, proxy: {} })).rejects.toBeInstanceOf(GitlabError);
    await expect(testGitlabConnection({ url: 'ftp://x', token: TOKENS.admin })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
