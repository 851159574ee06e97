import type { EvidenceStore } from './store';
import type { EvidenceEntry, EvidenceReader } from './reader';

/** The store's files as analysis input. */
export function storeReader(store: EvidenceStore): EvidenceReader {
  const entries: EvidenceEntry[] = store.files().map((f) => ({ path: f.path, kind: f.kind, source: f.source, ...(f.redactedTokens ? { redactedTokens: f.redactedTokens } : {}) }));
  return { entries: () => entries, open: (path) => store.open(path), localFile: (path) => store.localFile(path) };
}
