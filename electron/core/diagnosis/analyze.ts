import { pipeline } from 'node:stream';
import { buildChains } from '../../../shared/chains';
import { sortFindings, type Chain, type Finding } from '../../../shared/findings';
import type { EvidenceKind } from '../../../shared/evidence';
import type { EvidenceEntry, EvidenceReader } from '../evidence/reader';
import { readSmall } from '../evidence/reader';
import { errorMessage } from '../util/abort';
import type { Analyzer } from './analyzer';
import { ANALYZERS } from './analyzers';
import { link, publish } from './publish';
import { extractConfigMapConfigs } from './derive/configmap-configs';
import { extractImageVersions } from './derive/image-versions';
import { extractLogVersions } from './derive/log-versions';
import { configFileSource, extractRunnerConfig } from './extract/config-toml';
import { extractDockerInfo, extractImages, extractPodmanInfo } from './extract/containers';
import { extractGitlab } from './extract/gitlab-api';
import { extractCurl, extractDf, extractDns, extractFree, extractRunnerVersion } from './extract/host';
import { extractKubeObjects } from './extract/kube-objects';
import { emptyFacts, type AnalysisProblem, type Facts } from './facts';
import { failureText } from '../util/network-failure';
import { journalBytesDecoder } from './scan/journal-bytes';
import { LogScans } from './scan/log-scans';

export interface Analysis {
  findings: Finding[];
  /** The findings as stories, root cause first (shared/chains.ts). */
  chains: Chain[];
  /** Files whose kind could not be recognised: listed, never silently ignored. */
  unrecognized: string[];
  problems: AnalysisProblem[];
}

/** Kinds scanned line by line as a stream, whatever their size. */
const LINE_KINDS = new Set<EvidenceKind>(['runner-log', 'job-log', 'journal', 'systemctl-status']);
/** Structured evidence is parsed whole; anything bigger than this is not what it claims to be. */
const MAX_STRUCTURED_BYTES = 64 * 1024 * 1024;

type Extractor = (file: string, text: string, facts: Facts) => void;

const EXTRACTORS: Partial<Record<EvidenceKind, Extractor>> = {
  'gitlab-api': extractGitlab,
  'kube-object': extractKubeObjects,
  'config-toml': (file, text, facts) => extractRunnerConfig(text, configFileSource(file), facts, /template/.test(file.slice(file.lastIndexOf('/')))),
  'runner-version': extractRunnerVersion,
  'podman-info': extractPodmanInfo,
  'docker-info': extractDockerInfo,
  'podman-images': (file, text, facts) => extractImages(file, text, 'podman', facts),
  'docker-images': (file, text, facts) => extractImages(file, text, 'docker', facts),
  df: extractDf,
  free: extractFree,
  'curl-verbose': extractCurl,
  'dns-lookup': extractDns,
};

async function attempt(facts: Facts, entry: EvidenceEntry, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    const text = failureText(err);
    facts.problems.push({ file: entry.path, message: errorMessage(err), ...(text ? { text } : {}) });
  }
}

/**
 * Extracts facts from every evidence file. Structured evidence goes first, so that log scans
 * know what to look for (e.g. the ids of jobs GitLab shows as running).
 */
export async function collectFacts(reader: EvidenceReader, signal?: AbortSignal): Promise<Facts> {
  const facts = emptyFacts();
  facts.entries = [...reader.entries()];
  for (const entry of facts.entries) {
    const extract = EXTRACTORS[entry.kind];
    if (extract) await attempt(facts, entry, async () => extract(entry.path, await readSmall(reader.open(entry.path), MAX_STRUCTURED_BYTES), facts));
  }
  extractConfigMapConfigs(facts);
  extractImageVersions(facts);
  const logs = facts.entries.filter((entry) => LINE_KINDS.has(entry.kind));
  // journalctl -o json writes coloured messages as byte arrays: spelled out before the scan.
  const open = (entry: EvidenceEntry) => (entry.kind === 'journal' ? pipeline(reader.open(entry.path), journalBytesDecoder(), () => undefined) : reader.open(entry.path));
  const scans = new LogScans(reader, logs, facts, open, signal);
  try {
    for (const entry of logs) await attempt(facts, entry, () => scans.scan(entry));
  } finally {
    scans.close();
  }
  extractLogVersions(facts);
  return facts;
}

/** Runs every analyzer and links causes to effects; a finding without evidence lines is not a finding. */
export function runAnalyzers(facts: Facts, analyzers: readonly Analyzer[] = ANALYZERS): Finding[] {
  const findings: Finding[] = [];
  const keys = new Set<string>();
  for (const analyzer of analyzers) {
    try {
      for (const draft of analyzer.analyze(facts, findings)) if (draft.evidence.length > 0) findings.push(publish(draft, analyzer, keys, facts));
    } catch (err) {
      facts.problems.push({ file: `analyzer ${analyzer.id}`, message: errorMessage(err) });
    }
  }
  link(findings, analyzers);
  return sortFindings(findings);
}

export async function analyze(reader: EvidenceReader, signal?: AbortSignal): Promise<Analysis> {
  const facts = await collectFacts(reader, signal);
  const findings = runAnalyzers(facts);
  return {
    findings,
    chains: buildChains(findings),
    unrecognized: facts.entries.filter((e) => e.kind === 'unknown').map((e) => e.path),
    problems: facts.problems,
  };
}
