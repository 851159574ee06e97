/**
 * The lab's state: what its GitLab and Kubernetes APIs serve. Scenarios (one per seed incident)
 * add to it; the servers read and change it as the real systems would.
 */
export interface LabUser {
  username: string;
  token: string;
  admin: boolean;
  scopes: string[];
  expiresAt: string | null;
  id?: number;
  name?: string;
  revoked?: boolean;
  /** Runners this (non-admin) user may see and manage (GET /runners, reset). */
  runnerIds?: number[];
  /** The user's role per project id (admins may do everything). */
  projectRoles?: Record<number, 'guest' | 'reporter' | 'developer' | 'maintainer' | 'owner'>;
}

/** A project, for job timeouts and permissions. */
export interface LabProject {
  id: number;
  path_with_namespace: string;
  name: string;
  /** The project's job timeout in seconds (GitLab's default is 3600). */
  build_timeout: number;
  /** The project's legacy registration token: GitLab shows it to maintainers, so collectors must drop it. */
  runners_token?: string;
}

export interface LabRunnerManager {
  id: number;
  system_id: string;
  version: string;
  revision: string;
  platform: string;
  architecture: string;
  ip_address: string;
  created_at: string;
  contacted_at: string | null;
  status: 'online' | 'offline' | 'stale' | 'never_contacted';
}

export interface LabRunner {
  id: number;
  description: string;
  token: string;
  tokenExpiresAt: string | null;
  runner_type: 'instance_type' | 'group_type' | 'project_type';
  paused: boolean;
  tag_list: string[];
  /** Whether it picks jobs without tags (GitLab's default: only when it has no tags). */
  run_untagged?: boolean;
  locked?: boolean;
  access_level?: 'not_protected' | 'ref_protected';
  /** The projects (project runners) or groups (group runners) it belongs to. */
  projectIds?: number[];
  groupIds?: number[];
  contacted_at: string | null;
  status: 'online' | 'offline' | 'stale' | 'never_contacted';
  managers: LabRunnerManager[];
  created_at?: string;
  maximum_timeout?: number | null;
  /** GitLab 18.10+: resetting this runner's token answers 403 "Token rotation deadline has passed". */
  tokenRotationDeadlinePassed?: boolean;
}

export interface LabJob {
  id: number;
  projectId: number;
  projectPath: string;
  name: string;
  stage: string;
  ref: string;
  status: 'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'canceling';
  runnerId: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  pipelineId: number;
  timeoutSeconds: number;
  /** The job's CI job token, and whether GitLab still accepts it. */
  jobToken: string;
  jobTokenValid: boolean;
  trace: string;
}

export interface GitlabWorld {
  version: string;
  revision: string;
  users: LabUser[];
  runners: LabRunner[];
  jobs: LabJob[];
  projects?: LabProject[];
  /** Legacy registration with a registration token (POST /runners): off by default since 17.0, then 410 Gone. */
  allowRegistrationTokens?: boolean;
  registrationTokens?: string[];
}

/** A Kubernetes object as the API stores it (apiVersion/kind/metadata/…). */
export type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
};

/**
 * A container log: text whose lines may start with an RFC 3339 time and a space (as the kubelet
 * stores them; used by sinceSeconds and timestamps=true), or a generator for very large logs.
 */
export type LabLog = string | (() => AsyncIterable<string | Buffer> | Iterable<string | Buffer>);

/** One RBAC rule of a restricted identity; `namespace` set = bound by a RoleBinding there. */
export interface KubeAccessRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  namespace?: string;
}

export interface KubeIdentity {
  username: string;
  groups?: string[];
  rules: KubeAccessRule[];
}

export interface KubeWorld {
  /** Bearer tokens the API accepts as cluster admin. */
  tokens: string[];
  objects: KubeObject[];
  /** Container logs: key `namespace/pod/container`, and `…/previous` for the last instance. */
  logs: Map<string, LabLog>;
  /** Restricted identities by bearer token, each with its RBAC rules. */
  identities?: Map<string, KubeIdentity>;
  /** Called with the new pods after a Deployment rolls out: what the restarted runners do first. */
  onRollout?: (pods: readonly KubeObject[]) => void;
}

export interface LabWorld {
  gitlab: GitlabWorld;
  kube: KubeWorld;
}

export function emptyWorld(adminToken: string, kubeToken: string): LabWorld {
  return {
    gitlab: {
      version: '18.8.2-ee',
      revision: 'a1b2c3d4e5f',
      users: [{ username: 'root', token: adminToken, admin: true, scopes: ['api', 'read_api', 'manage_runner'], expiresAt: null }],
      runners: [],
      jobs: [],
    },
    kube: { tokens: [kubeToken], objects: [], logs: new Map() },
  };
}

/** One reproduced incident: a small module that adds its objects to the world. */
export interface Scenario {
  id: string;
  title: string;
  seed: string;
  apply(world: LabWorld, ctx: { gitlabUrl: string; now: Date }): void;
}
