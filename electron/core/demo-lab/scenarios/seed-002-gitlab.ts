import type { LabWorld, Scenario } from '../world';

/**
 * Seed 002, GitLab side: a project runner was created in GitLab (its glrt- token was never
 * used), and the runner's config.toml got the deployer's personal access token instead. The
 * Kubernetes side (seed-002-kube.ts) puts SEED_002_PAT into the runner's ConfigMap.
 */
export const SEED_002_PAT = 'glpat-S2o7xQm4Vd9LkP3wZr8T';
export const SEED_002_RUNNER_ID = 61;
export const SEED_002_RUNNER_DESCRIPTION = 'ois-cfa-k8s';
export const SEED_002_PROJECT_ID = 77;
export const SEED_002_PROJECT_PATH = 'npk/ois-cfa';
/** The runner's real authentication token: known to GitLab, absent from the config. */
export const SEED_002_RUNNER_TOKEN = 'glrt-Hq4Wm9Zt2Xc7Vb1Nk5Ls';

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export const seed002Gitlab: Scenario = {
  id: 'seed-002-gitlab',
  title: 'Runner config holds a personal access token instead of a runner token (GitLab side)',
  seed: '002',
  apply(world: LabWorld, { now }) {
    const gitlab = world.gitlab;
    gitlab.projects = [
      ...(gitlab.projects ?? []),
      {
        id: SEED_002_PROJECT_ID,
        path_with_namespace: SEED_002_PROJECT_PATH,
        name: 'ois-cfa',
        build_timeout: 3600,
        runners_token: 'GR1348941Lab7Qx2Vw9Zk4Mn8Rt',
      },
    ];
    gitlab.users.push({
      id: 14,
      username: 'ois-deployer',
      name: 'OIS Deployer',
      token: SEED_002_PAT,
      admin: false,
      scopes: ['api', 'read_api', 'read_repository'],
      // Expires in six days: the PAT-expiry warning fires too.
      expiresAt: isoDate(new Date(now.getTime() + 6 * 86_400_000)),
      runnerIds: [SEED_002_RUNNER_ID],
      projectRoles: { [SEED_002_PROJECT_ID]: 'maintainer' },
    });
    gitlab.runners.push({
      id: SEED_002_RUNNER_ID,
      description: SEED_002_RUNNER_DESCRIPTION,
      token: SEED_002_RUNNER_TOKEN,
      tokenExpiresAt: null,
      runner_type: 'project_type',
      projectIds: [SEED_002_PROJECT_ID],
      paused: false,
      tag_list: ['k8s', 'ois-cfa'],
      run_untagged: false,
      // The runner never authenticated: with a PAT every verify and job request gets 403.
      contacted_at: null,
      status: 'never_contacted',
      managers: [],
      created_at: new Date(now.getTime() - 3 * 86_400_000).toISOString(),
    });
  },
};
