import { analyze } from '../diagnosis/analyze';
import { EvidenceStore } from '../evidence/store';
import { storeReader } from '../evidence/store-reader';
import { collectAll, type CollectOptions, type CollectOutcome, type CollectPlan } from '../collect/collect';
import { newSessionId, type Session } from './session';

/** Collect → redact into a store → analyze. The same path for the CLI and the app. */
export async function collectSession(
  plan: CollectPlan,
  opts: CollectOptions,
): Promise<{ session: Session; outcome: CollectOutcome }> {
  const store = await EvidenceStore.create();
  try {
    const outcome = await collectAll(plan, store, opts);
    const reader = storeReader(store);
    const analysis = await analyze(reader);
    const session: Session = {
      id: newSessionId(),
      origin: 'collected',
      reader,
      analysis,
      files: store.files(),
      errors: store.errors(),
      sources: store.sources(),
      redactionSummary: store.redactor.summary(),
      store,
      dispose: () => store.dispose(),
    };
    return { session, outcome };
  } catch (err) {
    await store.dispose();
    throw err;
  }
}
