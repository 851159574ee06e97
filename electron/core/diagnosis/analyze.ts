import { sortFindings, type Finding } from '../../../shared/findings';
import type { EvidenceReader } from '../evidence/reader';
import { readSmall } from '../evidence/reader';
import { errorMessage } from '../util/abort';
import { ANALYZERS } from './analyzers';
import { emptyFacts, type Facts } from './facts';
import { extractGitlab } from './extract-gitlab';
import { scanLog } from './scan-lines';

export interface Analysis {
  findings: Finding[];
  /** Files whose kind could not be recognised: listed, never silently ignored. */
  unrecognized: string[];
  problems: { file: string; message: string }[];
}

const LINE_KINDS = new Set(['runner-log', 'job-log', 'journal', 'systemctl-status']);
/** Structured evidence is parsed whole; anything bigger than this is not what it claims to be. */
const MAX_STRUCTURED_BYTES = 64 * 1024 * 1024;

/** Extracts facts from every evidence file, then runs every analyzer over them. */
export async function collectFacts(reader: EvidenceReader): Promise<Facts> {
  const facts = emptyFacts();
  facts.entries = [...reader.entries()];
  for (const entry of facts.entries) {
    try {
      if (LINE_KINDS.has(entry.kind)) {
        await scanLog(entry.path, reader.open(entry.path), facts);
      } else if (entry.kind === 'gitlab-api') {
        extractGitlab(entry.path, await readSmall(reader.open(entry.path), MAX_STRUCTURED_BYTES), facts);
      }
    } catch (err) {
      facts.problems.push({ file: entry.path, message: errorMessage(err) });
    }
  }
  return facts;
}

export function runAnalyzers(facts: Facts): Finding[] {
  return sortFindings(ANALYZERS.flatMap((a) => a.analyze(facts)).filter((f) => f.evidence.length > 0));
}

export async function analyze(reader: EvidenceReader): Promise<Analysis> {
  const facts = await collectFacts(reader);
  return {
    findings: runAnalyzers(facts),
    unrecognized: facts.entries.filter((e) => e.kind === 'unknown').map((e) => e.path),
    problems: facts.problems,
  };
}
