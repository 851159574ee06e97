import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlannedFix } from '../../../shared/ipc/fixes';
import { CodeBlock } from '../components/CodeBlock';
import { openConfirm } from '../fix-actions';
import { FixItems } from './FixItems';
import { FixPreflight } from './FixPreflight';
import { FixRunPanel } from './FixRunPanel';
import { useFixStep } from './fix-store';
import { localizePlan } from '../../../shared/i18n/fix-text';
import { useLanguage } from './use-language';

/** One plan: what changes, where and why, the exact calls or diff, the preflight, then apply and what came of it. */
export function FixPlanCard({ planned }: { planned: PlannedFix }) {
  const { t } = useTranslation();
  const id = useId();
  const { preflight } = planned;
  const plan = localizePlan(planned.plan, useLanguage());
  const run = useFixStep((s) => s.runs[plan.planId]);
  const busy = useFixStep((s) => s.busy === plan.planId);
  const off = useFixStep((s) => s.deselected[plan.planId]?.length ?? 0);
  const running = run?.operationId !== undefined;
  const applied = run?.outcome?.result === 'applied' || (run?.outcome?.result === 'failed' && run.outcome.changed.length > 0);
  const nothingLeft = plan.items !== undefined && off >= plan.items.length;
  return (
    <article className="fix-plan" aria-labelledby={id}>
      <h4 id={id}>{plan.title}</h4>
      <p className="meta">{t('fix.plan.where', { target: plan.target.label })}</p>
      <section className="fix-section">
        <h5>{t('fix.plan.changes')}</h5>
        {plan.items ? (
          <FixItems planId={plan.planId} items={plan.items} disabled={running || applied} />
        ) : (
          <ul>
            {plan.changes.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        )}
      </section>
      {plan.diff && (
        <section className="fix-section">
          <h5>{t('fix.plan.diff')}</h5>
          <CodeBlock code={plan.diff} className="fix-diff" diff />
        </section>
      )}
      <section className="fix-section">
        <h5>{t('fix.plan.calls')}</h5>
        <CodeBlock code={plan.calls.join('\n')} />
        {plan.callsNote && <p className="calls-note">{plan.callsNote}</p>}
      </section>
      {plan.notes.length > 0 && (
        <section className="fix-section">
          <h5>{t('fix.plan.notes')}</h5>
          <ul>
            {plan.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <strong>{plan.rollback.possible ? t('fix.plan.canRollBack') : t('fix.plan.cannotRollBack')}</strong> {plan.rollback.how}
      </p>
      <FixPreflight preflight={preflight} />
      {!preflight.ok && <p className="fix-failed">{t('fix.preflight.refused')}</p>}
      <div className="actions">
        <button type="button" className="primary" disabled={!preflight.ok || running || applied || busy || nothingLeft} onClick={() => void openConfirm(plan.planId, 'apply')}>
          {off > 0 ? t('fix.applySelected') : t('fix.apply')}
        </button>
      </div>
      {run && <FixRunPanel planId={plan.planId} plan={plan} run={run} />}
    </article>
  );
}
