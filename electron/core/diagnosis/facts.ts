import type { EvidenceEntry } from '../evidence/reader';
import type { Message } from '../../../shared/messages';
import type { RunnerConfigFact } from './extract/config-toml';
import type { GitlabFacts } from './extract/gitlab-api';
import type { HostFacts } from './extract/host';
import type { KubeObjectFact } from './extract/kube-objects';

/** Where a fact was seen: the evidence line an analyzer cites for it. */
export interface Located {
  file: string;
  /** 1-based; 0 when the fact belongs to the file as a whole. */
  line: number;
  excerpt: string;
}

/** Log signatures are named by id; the id of a signature beside its analyzer is a plain string. */
export type SignatureId = string;

export interface LogMatch extends Located {
  signature: SignatureId;
  /** Named groups of the signature plus the line's own fields (`job=…`, `"code":403`…). */
  fields: Record<string, string>;
  /** Successful GitLab requests on the file's earlier lines (LogSpan.successes when matched). */
  successesBefore?: number;
}

/** A GitLab job as the API reported it, with where that answer is kept. */
export interface GitlabJobFact extends Located {
  id: number;
  status: string;
  projectId?: number;
  runnerId?: number;
  startedAt?: string;
  failureReason?: string;
  /** Seconds the job has run, as GitLab counted when the answer was collected. */
  durationS?: number;
  collectedAt?: string;
}

/** A version seen somewhere (a log line, an API answer, an image tag). */
export interface VersionFact extends Located {
  product: 'runner' | 'gitlab' | 'podman' | 'docker';
  version: string;
  revision?: string;
  /** How it was learned, for the summary: "runner log", "image tag"… */
  via: string;
}

/** Failing log lines (ERROR/FATAL/PANIC, `Job failed`) with one normalised message. */
export interface FailureGroup {
  /** The message with ids, hashes, numbers and times masked. */
  key: string;
  level: 'panic' | 'fatal' | 'error' | 'warning';
  count: number;
  /** Earliest and latest time on its lines (ISO 8601), when they carry one. */
  first?: string;
  last?: string;
  samples: Located[];
  /** Other signatures that matched its lines: an analyzer that explains those explains these. */
  alsoMatched: Set<SignatureId>;
}

/** What each log file covers: line count and the times of its first and last timed lines seen. */
export interface LogSpan {
  lines: number;
  /** Its last non-empty line, when that line carries a time: when the log last grew. */
  end?: Located & { time: string };
  /** Lines reporting a successful request to GitLab (`Checking for jobs... received`, `…coordinator...ok`). */
  successes: number;
  first?: string;
  last?: string;
}

/** Matches kept per signature; beyond it only the count grows, so memory stays flat. */
export const MAX_MATCHES_PER_SIGNATURE = 500;

/** Everything extracted from the evidence; analyzers read this and nothing else. */
export interface Facts {
  entries: EvidenceEntry[];
  logMatches: Map<SignatureId, LogMatch[]>;
  /** Every match counted, also those past MAX_MATCHES_PER_SIGNATURE. */
  logMatchCounts: Map<SignatureId, number>;
  gitlab: GitlabFacts;
  gitlabJobs: Map<number, GitlabJobFact>;
  kubeObjects: KubeObjectFact[];
  /** Kinds the evidence lists in full (a `PodList`, `pods.yaml`), even when the list is empty. */
  kubeListed: Set<string>;
  configs: RunnerConfigFact[];
  versions: VersionFact[];
  host: HostFacts;
  failures: Map<string, FailureGroup>;
  logSpans: Map<string, LogSpan>;
  /** Files that could not be read or parsed, with why. */
  problems: AnalysisProblem[];
}

/** A file that could not be read or parsed: why in English (the system's own sentence where it comes from the system), and as a message id where it has one. */
export interface AnalysisProblem {
  file: string;
  message: string;
  text?: Message;
}

export function emptyFacts(): Facts {
  return {
    entries: [],
    logMatches: new Map(),
    logMatchCounts: new Map(),
    gitlab: { runners: new Map(), projects: new Map(), managers: [], verify: [] },
    gitlabJobs: new Map(),
    kubeObjects: [],
    kubeListed: new Set(),
    configs: [],
    versions: [],
    host: { df: [], memory: [], containerEngines: [], images: [], network: [] },
    failures: new Map(),
    logSpans: new Map(),
    problems: [],
  };
}

export function addLogMatch(facts: Facts, match: LogMatch): void {
  countLogMatch(facts, match.signature);
  const list = facts.logMatches.get(match.signature);
  if (!list) facts.logMatches.set(match.signature, [match]);
  else if (list.length < MAX_MATCHES_PER_SIGNATURE) list.push(match);
}

/** A match only counted: its signature's list is full (what addLogMatch does with it then). */
export function countLogMatch(facts: Facts, signature: SignatureId): void {
  facts.logMatchCounts.set(signature, (facts.logMatchCounts.get(signature) ?? 0) + 1);
}

type SignatureRef = SignatureId | { id: SignatureId };
const idOf = (s: SignatureRef) => (typeof s === 'string' ? s : s.id);

export function matchesOf(facts: Facts, ...ids: SignatureRef[]): LogMatch[] {
  return ids.flatMap((id) => facts.logMatches.get(idOf(id)) ?? []);
}

export function countOf(facts: Facts, ...ids: SignatureRef[]): number {
  return ids.reduce((n, id) => n + (facts.logMatchCounts.get(idOf(id)) ?? 0), 0);
}

export function kubeObjectsOf(facts: Facts, kind: string): KubeObjectFact[] {
  return facts.kubeObjects.filter((o) => o.kind === kind);
}

/** Job id named in a log match: `job=123`, `"job":123` or `/api/v4/jobs/123`. */
export function jobIdOf(m: LogMatch): number | undefined {
  const raw = m.fields.urljob ?? m.fields.job;
  const n = raw ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
