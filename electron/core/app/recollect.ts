import { collectAll, type CollectOptions, type CollectOutcome, type CollectPlan } from '../collect/collect';
import { narrowPlan } from '../collect/narrow-plan';
import { targetLabel, type SourceTarget } from '../../../shared/source-ids';
import { analyzeStore } from './collect-session';
import { UserFacingError } from './dispatch';
import { msg } from '../../../shared/messages';
import type { Session } from './session';

/**
 * Collects one target of a collected session again (one that failed, typically): what it
 * brought before is dropped, it alone is collected into the same evidence store, and the whole
 * evidence is analyzed again, so findings that needed it appear. Other sources are not asked.
 */
export async function recollectTarget(session: Session, plan: CollectPlan, target: SourceTarget, opts: CollectOptions): Promise<CollectOutcome> {
  const store = session.store;
  if (!store) throw new UserFacingError('invalid-input', msg('app.recollect.openedBundle'));
  const narrowed = narrowPlan(plan, target);
  if (!narrowed) throw new UserFacingError('not-found', msg('app.recollect.noSource', { source: targetLabel(target) }));
  await store.forgetTarget(target);
  const outcome = await collectAll(narrowed, store, opts);
  // Cancelled or not, the session shows what its store now holds.
  Object.assign(session, await analyzeStore(store));
  return outcome;
}
