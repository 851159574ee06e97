import type { Facts, Located } from '../facts';
import { isRecord, num, parseStructured, str, type Path, type StructuredDoc } from './structured';

/** Envelope the GitLab collector writes around each API answer. */
export interface GitlabApiEvidence {
  gitlabApi: { method: string; path: string; status: number; collectedAt?: string; subject?: string };
  body: unknown;
}

export interface GitlabRunnerFact extends Located {
  id: number;
  description?: string;
  status?: string;
  paused?: boolean;
  contactedAt?: string;
  runnerType?: string;
  /** The runner's `maximum_timeout` in seconds: no job on it may run longer. */
  maximumTimeout?: Located & { seconds: number };
}

export interface GitlabManagerFact extends Located {
  runnerId?: number;
  systemId: string;
  status?: string;
  version?: string;
  revision?: string;
  contactedAt?: string;
}

/** `GET /personal_access_tokens/self`: the token the app itself uses. */
export interface GitlabPatFact extends Located {
  name?: string;
  scopes: string[];
  active?: boolean;
  revoked?: boolean;
  expiresAt: string | null;
  collectedAt?: string;
}

/** `POST /runners/verify` for a runner token (from a config.toml): 200 valid, 403 invalid. */
export interface GitlabVerifyFact extends Located {
  status: number;
  runnerId?: number;
  tokenExpiresAt?: string | null;
  /** Which config it checked, as the collector named it (e.g. the runner's name). */
  subject?: string;
}

/** A project's own job timeout (`build_timeout`, seconds), from `GET /projects/:id`. */
export interface GitlabProjectFact extends Located {
  id: number;
  buildTimeoutS: number;
}

export interface GitlabFacts {
  version?: Located & { version: string; revision?: string };
  projects: Map<number, GitlabProjectFact>;
  pat?: GitlabPatFact;
  runners: Map<number, GitlabRunnerFact>;
  managers: GitlabManagerFact[];
  verify: GitlabVerifyFact[];
}

const at = (file: string, doc: StructuredDoc, path: Path): Located => ({ file, line: doc.lineAt(path), excerpt: doc.excerptAt(path) });

function looksLikeJob(v: Record<string, unknown>): boolean {
  return typeof v.id === 'number' && typeof v.status === 'string' && ('pipeline' in v || 'stage' in v || 'runner' in v);
}

function looksLikeRunner(v: Record<string, unknown>): boolean {
  return typeof v.id === 'number' && ('runner_type' in v || 'is_shared' in v || ('description' in v && ('status' in v || 'online' in v)));
}

function addJob(file: string, doc: StructuredDoc, base: Path, item: Record<string, unknown>, facts: Facts, collectedAt?: string): void {
  const id = item.id as number;
  const project = isRecord(item.project) ? item.project : undefined;
  const pipeline = isRecord(item.pipeline) ? item.pipeline : undefined;
  const runner = isRecord(item.runner) ? item.runner : undefined;
  const projectId = num(project?.id) ?? num(pipeline?.project_id);
  facts.gitlabJobs.set(id, {
    id,
    status: item.status as string,
    ...(projectId !== undefined ? { projectId } : {}),
    ...(num(runner?.id) !== undefined ? { runnerId: num(runner?.id)! } : {}),
    ...(str(item.started_at) ? { startedAt: str(item.started_at)! } : {}),
    ...(str(item.failure_reason) ? { failureReason: str(item.failure_reason)! } : {}),
    ...(num(item.duration) !== undefined ? { durationS: num(item.duration)! } : {}),
    ...(collectedAt ? { collectedAt } : {}),
    ...at(file, doc, [...base, 'status']),
  });
}

function addRunner(file: string, doc: StructuredDoc, base: Path, item: Record<string, unknown>, facts: Facts): void {
  const id = item.id as number;
  const online = typeof item.online === 'boolean' ? (item.online ? 'online' : 'offline') : undefined;
  const status = str(item.status) ?? online;
  const known = facts.gitlab.runners.get(id);
  // A runner's detail answer (with contacted_at) is better evidence than its list entry.
  if (known?.contactedAt && !str(item.contacted_at)) return;
  facts.gitlab.runners.set(id, {
    id,
    ...(str(item.description) ? { description: str(item.description)! } : {}),
    ...(status ? { status } : {}),
    ...(typeof item.paused === 'boolean' ? { paused: item.paused } : item.active === false ? { paused: true } : {}),
    ...(str(item.contacted_at) ? { contactedAt: str(item.contacted_at)! } : {}),
    ...(str(item.runner_type) ? { runnerType: str(item.runner_type)! } : {}),
    ...(num(item.maximum_timeout) ? { maximumTimeout: { seconds: num(item.maximum_timeout)!, ...at(file, doc, [...base, 'maximum_timeout']) } } : {}),
    ...at(file, doc, [...base, 'status' in item ? 'status' : 'id']),
  });
}

function addManager(file: string, doc: StructuredDoc, base: Path, item: Record<string, unknown>, runnerId: number | undefined, facts: Facts): void {
  const systemId = str(item.system_id);
  if (!systemId) return;
  facts.gitlab.managers.push({
    systemId,
    ...(runnerId !== undefined ? { runnerId } : {}),
    ...(str(item.status) ? { status: str(item.status)! } : {}),
    ...(str(item.version) ? { version: str(item.version)! } : {}),
    ...(str(item.revision) ? { revision: str(item.revision)! } : {}),
    ...(str(item.contacted_at) ? { contactedAt: str(item.contacted_at)! } : {}),
    ...at(file, doc, [...base, 'status' in item ? 'status' : 'system_id']),
  });
  const version = str(item.version);
  if (version) facts.versions.push({ product: 'runner', version, ...(str(item.revision) ? { revision: str(item.revision)! } : {}), via: `GitLab runner manager ${systemId}`, ...at(file, doc, [...base, 'version']) });
}

/**
 * GitLab API answers, in the collector's envelope or as a user saved them with curl:
 * version, the app's own PAT, runners, runner managers, jobs, projects' job timeouts and
 * runner token checks.
 */
export function extractGitlab(file: string, text: string, facts: Facts): void {
  const [doc] = parseStructured(text);
  if (!doc) return;
  const root = doc.value;
  const envelope = isRecord(root) && isRecord(root.gitlabApi) ? (root as unknown as GitlabApiEvidence) : undefined;
  const body = envelope ? envelope.body : root;
  const base: Path = envelope ? ['body'] : [];
  const path = envelope?.gitlabApi.path ?? '';
  const status = envelope?.gitlabApi.status ?? 200;
  const pathRunner = /\/runners\/(\d+)(?:\/|$|\?)/.exec(path)?.[1];

  if (/\/runners\/verify\b/.test(path)) {
    const b = isRecord(body) ? body : {};
    facts.gitlab.verify.push({
      status,
      ...(num(b.id) !== undefined ? { runnerId: num(b.id)! } : {}),
      ...('token_expires_at' in b ? { tokenExpiresAt: str(b.token_expires_at) ?? null } : {}),
      ...(envelope?.gitlabApi.subject ? { subject: envelope.gitlabApi.subject } : {}),
      ...at(file, doc, ['gitlabApi', 'status']),
    });
    return;
  }
  if (status >= 400) return;

  if (isRecord(body) && str(body.version) && 'revision' in body && !('system_id' in body)) {
    facts.gitlab.version = { version: str(body.version)!, ...(str(body.revision) ? { revision: str(body.revision)! } : {}), ...at(file, doc, [...base, 'version']) };
    facts.versions.push({ product: 'gitlab', version: str(body.version)!, via: 'GitLab API /version', ...at(file, doc, [...base, 'version']) });
    return;
  }
  if (isRecord(body) && Array.isArray(body.scopes) && 'expires_at' in body) {
    facts.gitlab.pat = {
      ...(str(body.name) ? { name: str(body.name)! } : {}),
      scopes: body.scopes.filter((s): s is string => typeof s === 'string'),
      ...(typeof body.active === 'boolean' ? { active: body.active } : {}),
      ...(typeof body.revoked === 'boolean' ? { revoked: body.revoked } : {}),
      expiresAt: str(body.expires_at) ?? null,
      ...(envelope?.gitlabApi.collectedAt ? { collectedAt: envelope.gitlabApi.collectedAt } : {}),
      ...at(file, doc, [...base, 'expires_at']),
    };
    return;
  }
  const items = Array.isArray(body) ? body : [body];
  items.forEach((item, i) => {
    if (!isRecord(item)) return;
    const itemBase = Array.isArray(body) ? [...base, i] : base;
    if (looksLikeJob(item)) addJob(file, doc, itemBase, item, facts, envelope?.gitlabApi.collectedAt);
    else if (typeof item.id === 'number' && num(item.build_timeout)) facts.gitlab.projects.set(item.id, { id: item.id, buildTimeoutS: num(item.build_timeout)!, ...at(file, doc, [...itemBase, 'build_timeout']) });
    else if (typeof item.system_id === 'string') addManager(file, doc, itemBase, item, pathRunner ? Number(pathRunner) : undefined, facts);
    else if (looksLikeRunner(item)) addRunner(file, doc, itemBase, item, facts);
  });
}
