import type { EvidenceEntry } from '../evidence/reader';
import type { SignatureId } from './signatures';

export interface LogMatch {
  signature: SignatureId;
  file: string;
  line: number;
  excerpt: string;
  fields: Record<string, string>;
}

/** A GitLab job as the API reported it, with where that answer is kept. */
export interface GitlabJobFact {
  id: number;
  status: string;
  projectId?: number;
  runnerId?: number;
  startedAt?: string;
  file: string;
  line: number;
  excerpt: string;
}

export interface KubeObjectFact {
  kind: string;
  name: string;
  namespace?: string;
  object: Record<string, unknown>;
  file: string;
  line: number;
}

/** Everything extracted from the evidence; analyzers read this and nothing else. */
export interface Facts {
  entries: EvidenceEntry[];
  logMatches: Map<SignatureId, LogMatch[]>;
  gitlabJobs: Map<number, GitlabJobFact>;
  kubeObjects: KubeObjectFact[];
  /** Files that could not be read or parsed, with why. */
  problems: { file: string; message: string }[];
}

export function emptyFacts(): Facts {
  return { entries: [], logMatches: new Map(), gitlabJobs: new Map(), kubeObjects: [], problems: [] };
}

export function matchesOf(facts: Facts, ...ids: SignatureId[]): LogMatch[] {
  return ids.flatMap((id) => facts.logMatches.get(id) ?? []);
}
