import { randomUUID } from 'node:crypto';
import type { BundleSource, Manifest } from '../../../shared/bundle';
import type { CollectionError, CollectionNote, EvidenceFile, RedactionSummary } from '../../../shared/evidence';
import type { SessionSummary } from '../../../shared/ipc/channels';
import type { Analysis } from '../diagnosis/analyze';
import type { AnalysisProblem } from '../diagnosis/facts';
import { formatError } from '../../../shared/i18n/text';
import { msg } from '../../../shared/messages';
import type { EvidenceReader } from '../evidence/reader';
import type { EvidenceStore } from '../evidence/store';

/** One diagnosis: its evidence (a fresh store or an opened bundle) and what analysis made of it. */
export interface Session {
  id: string;
  /** 'restored': the last collection reopened after a restart, to read; fixes need a fresh collection. */
  origin: 'collected' | 'bundle' | 'restored';
  /** When its evidence was collected (collected and restored diagnoses). */
  collectedAt?: string;
  reader: EvidenceReader;
  analysis: Analysis;
  files: EvidenceFile[];
  errors: CollectionError[];
  /** Remarks of the collectors that are no errors (docker absent on a podman host). */
  notes: CollectionNote[];
  sources: BundleSource[];
  redactionSummary: RedactionSummary;
  store?: EvidenceStore;
  bundlePath?: string;
  /** An opened bundle's own manifest, so its report says when and by what it was made. */
  manifest?: Manifest;
  dispose(): Promise<void>;
}

export function newSessionId(): string {
  return randomUUID();
}

/** A file analysis could not read, as the Findings step lists collection errors: the English beside its message id. */
function analysisError(p: AnalysisProblem): CollectionError {
  const text = msg('analysis.couldNotAnalyze', { reason: p.text ?? msg('quoted', { text: p.message }) });
  return { source: p.file, message: formatError(msg('analysis.couldNotAnalyze', { reason: p.message })), text };
}

export function summarize(s: Session): SessionSummary {
  return {
    sessionId: s.id,
    origin: s.origin,
    ...(s.collectedAt ? { collectedAt: s.collectedAt } : {}),
    findings: s.analysis.findings,
    files: s.files,
    unrecognized: s.analysis.unrecognized,
    errors: [...s.errors, ...s.analysis.problems.map(analysisError)],
    notes: s.notes,
    sources: s.sources,
    redactionSummary: s.redactionSummary,
  };
}
