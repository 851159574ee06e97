import { analyze } from '../diagnosis/analyze';
import { removeStaleSessionDirs } from '../evidence/session-dirs';
import { EvidenceStore } from '../evidence/store';
import { letFreeChunksGo } from '../evidence/chunk-pool';
import { storeReader } from '../evidence/store-reader';
import { collectAll, type CollectOptions, type CollectOutcome, type CollectPlan } from '../collect/collect';
import { newSessionId, type Session } from './session';

/** What a session shows of its evidence store: the evidence, its analysis, errors, notes, sources and redaction counts. */
export async function analyzeStore(
  store: EvidenceStore,
): Promise<Pick<Session, 'reader' | 'analysis' | 'files' | 'errors' | 'notes' | 'sources' | 'redactionSummary'>> {
  // Collection is over: the chunks it kept for later serve the analysis and the bundle instead.
  letFreeChunksGo();
  const reader = storeReader(store);
  return {
    reader,
    analysis: await analyze(reader),
    files: store.files(),
    errors: store.errors(),
    notes: store.notes(),
    sources: store.sources(),
    redactionSummary: store.redactor.summary(),
  };
}

/**
 * Collect → redact into a store → analyze. The same path for the CLI and the app. `onStore`
 * sees the store before anything is collected (to follow what is stored, e.g. a bundle).
 */
export async function collectSession(
  plan: CollectPlan,
  opts: CollectOptions & { onStore?: (store: EvidenceStore) => void },
): Promise<{ session: Session; outcome: CollectOutcome }> {
  // Evidence a killed run left in the temp folder goes with the next collection (a CLI run has no start-up of its own to remove it).
  await removeStaleSessionDirs();
  const store = await EvidenceStore.create();
  try {
    opts.onStore?.(store);
    const outcome = await collectAll(plan, store, opts);
    const session: Session = {
      id: newSessionId(),
      origin: 'collected',
      collectedAt: new Date().toISOString(),
      ...(await analyzeStore(store)),
      store,
      dispose: () => store.dispose(),
    };
    return { session, outcome };
  } catch (err) {
    await store.dispose();
    throw err;
  }
}
