import { generateLabTls, type TlsMaterial } from '../../../electron/core/demo-lab/tls';
import { emptyWorld, type GitlabWorld, type LabRunner } from '../../../electron/core/demo-lab/world';
import { seed000JobTokenExpired } from '../../../electron/core/demo-lab/scenarios/seed-000-job-token-expired';
import { seed002Gitlab } from '../../../electron/core/demo-lab/scenarios/seed-002-gitlab';
import { startGitlabServer, type GitlabServer, type GitlabServerOptions } from '../../../electron/core/demo-lab/servers/gitlab-server';

/** Tokens of the test world's users, each with a different standing. */
export const TOKENS = {
  admin: 'glpat-AdminLabToken0000001',
  reader: 'glpat-ReaderLabToken000002',
  developer: 'glpat-DeveloperLabTok00003',
  expired: 'glpat-ExpiredLabToken0004',
  revoked: 'glpat-RevokedLabToken0005',
  expiringSoon: 'glpat-SoonLabTokenValue006',
  creator: 'glpat-CreatorLabToken00007',
} as const;

export const STUCK_JOB = 8540930992;
export const CANCELING_JOB = 8540931107;
export const PROJECT_ID = 42;
export const BIG_TRACE_JOB = 8540931200;

function runner(
  id: number,
  status: LabRunner['status'],
  contactedAt: string | null,
  type: LabRunner['runner_type'] = 'project_type',
): LabRunner {
  return {
    id,
    description: `runner-${id}`,
    token: `glrt-TestRunner${String(id).padStart(4, '0')}abcdefgh`,
    tokenExpiresAt: null,
    runner_type: type,
    paused: false,
    tag_list: ['docker'],
    contacted_at: contactedAt,
    status,
    managers: contactedAt
      ? [
          {
            id: 900 + id,
            system_id: `s_${String(id).padStart(12, '0')}`,
            version: '17.6.0',
            revision: '3046fee8',
            platform: 'linux',
            architecture: 'amd64',
            ip_address: '192.0.2.50',
            created_at: '2025-11-01T10:00:00.000Z',
            contacted_at: contactedAt,
            status,
          },
        ]
      : [],
  };
}

/** The demo lab's seeds 000 and 002 plus users and runners covering every error path. */
export function testWorld(now = new Date()): GitlabWorld {
  const world = emptyWorld(TOKENS.admin, 'kube-unused');
  seed000JobTokenExpired.apply(world, { gitlabUrl: 'https://gitlab.invalid', now });
  seed002Gitlab.apply(world, { gitlabUrl: 'https://gitlab.invalid', now });
  const g = world.gitlab;
  const admin = g.users[0];
  if (admin) admin.scopes = ['api', 'read_api', 'manage_runner', 'create_runner'];
  const day = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString().slice(0, 10);
  g.users.push(
    {
      id: 2,
      username: 'reader',
      token: TOKENS.reader,
      admin: false,
      scopes: ['read_api'],
      expiresAt: day(200),
      runnerIds: [38],
      projectRoles: { [PROJECT_ID]: 'reporter' },
    },
    {
      id: 3,
      username: 'dev',
      token: TOKENS.developer,
      admin: false,
      scopes: ['api'],
      expiresAt: null,
      runnerIds: [38],
      projectRoles: { [PROJECT_ID]: 'developer' },
    },
    { id: 4, username: 'old', token: TOKENS.expired, admin: false, scopes: ['api'], expiresAt: '2024-01-01' },
    { id: 5, username: 'gone', token: TOKENS.revoked, admin: false, scopes: ['api'], expiresAt: null, revoked: true },
    { id: 6, username: 'soon', token: TOKENS.expiringSoon, admin: false, scopes: ['read_api'], expiresAt: day(3) },
    {
      id: 7,
      username: 'creator',
      token: TOKENS.creator,
      admin: false,
      scopes: ['create_runner'],
      expiresAt: null,
      projectRoles: { [PROJECT_ID]: 'maintainer' },
    },
  );
  g.projects = [
    ...(g.projects ?? []),
    { id: PROJECT_ID, path_with_namespace: 'acme/web', name: 'web', build_timeout: 3600, runners_token: 'GR1348941ProjectRegToken42x' },
  ];
  g.runners.push(
    runner(52, 'offline', new Date(now.getTime() - 5 * 3_600_000).toISOString()),
    runner(53, 'stale', '2025-01-02T03:04:05.000Z', 'instance_type'),
  );
  const base = g.jobs[0];
  if (base) {
    g.jobs.push(
      { ...base, id: CANCELING_JOB, status: 'canceling', jobToken: 'glcbt-64_CancelingJobTokenxyzabc', jobTokenValid: true },
      {
        ...base,
        id: BIG_TRACE_JOB,
        status: 'success',
        finishedAt: now.toISOString(),
        jobToken: 'glcbt-64_BigTraceJobTokenxyzabcd',
        jobTokenValid: false,
        trace: `${'x'.repeat(99)}\n`.repeat(20_000) + 'Job succeeded\n',
      },
    );
  }
  g.registrationTokens = ['GR1348941InstanceRegToken0001'];
  return g;
}

export interface GitlabLab {
  server: GitlabServer;
  world: GitlabWorld;
  tls: TlsMaterial;
  url: string;
  caPem: string;
  close(): Promise<void>;
}

let cachedTls: Promise<TlsMaterial> | undefined;

/** A local GitLab over HTTPS with its own CA, serving `world` (the test world by default). */
export async function startGitlabLab(opts: GitlabServerOptions & { world?: GitlabWorld } = {}): Promise<GitlabLab> {
  cachedTls ??= generateLabTls();
  const tls = await cachedTls;
  const world = opts.world ?? testWorld();
  const server = await startGitlabServer(world, tls, opts);
  return { server, world, tls, url: server.url, caPem: tls.caPem, close: () => server.close() };
}
