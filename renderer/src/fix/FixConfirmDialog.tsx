import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { closeConfirm, confirmFix } from '../fix-actions';
import { useModalDialog } from '../components/use-modal-dialog';
import type { FixPlanView, PreflightView } from '../../../shared/fixes';
import { useFixStep } from './fix-store';
import { localizePlan } from '../../../shared/i18n/fix-text';
import { useLanguage } from './use-language';

/** How many planned changes the dialog lists before "and N more" (the plan above shows them all). */
const SHOWN_CHANGES = 5;

/**
 * The only way to a write: a modal dialog with the plan's changes and its dry run. Deletions
 * and token rotation enable the yes only once the object name or runner id is typed. Focus
 * starts on the field or on Cancel, stays inside, Escape cancels, and returns to the opener.
 */
export function FixConfirmDialog() {
  const confirming = useFixStep((s) => s.confirming);
  const planned = useFixStep((s) => s.plans.find((p) => p.plan.planId === s.confirming?.planId));
  // A rollback kept from an earlier run has no preflight of its own: its preconditions are checked as it runs.
  const stored = useFixStep((s) => s.stored.find((r) => r.plan.planId === s.confirming?.planId && s.confirming.action === 'rollback'));
  if (!confirming) return null;
  if (planned) return <Dialog key={`${confirming.planId}:${confirming.action}`} action={confirming.action} plan={planned.plan} preflight={planned.preflight} />;
  if (stored) return <Dialog key={`${confirming.planId}:stored`} action="rollback" plan={stored.plan} />;
  return null;
}

function Dialog({ action, plan: given, preflight }: { action: 'apply' | 'rollback'; plan: FixPlanView; preflight?: PreflightView }) {
  const { t } = useTranslation();
  const plan = localizePlan(given, useLanguage());
  const { ref, onKeyDown } = useModalDialog(closeConfirm);
  const titleId = useId();
  const bodyId = useId();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const needed = action === 'apply' ? plan.typedConfirmation : undefined;
  const ready = needed === undefined || typed.trim() === needed;
  const more = plan.changes.length - SHOWN_CHANGES;
  return (
    <div className="dialog-backdrop">
      <div ref={ref} role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={bodyId} className="dialog fix-confirm" onKeyDown={onKeyDown}>
        <h2 id={titleId}>{action === 'apply' ? t('fix.confirm.title') : t('fix.confirm.rollbackTitle')}</h2>
        <div id={bodyId}>
          <p>
            <strong>{plan.title}</strong>
          </p>
          <p className="meta">{plan.target.label}</p>
          {action === 'apply' ? (
            <>
              <ul>
                {plan.changes.slice(0, SHOWN_CHANGES).map((c, i) => (
                  <li key={i}>{c}</li>
                ))}
              </ul>
              {more > 0 && <p className="meta">{t('fix.confirm.more', { count: more })}</p>}
              <p className={preflight?.ok ? 'fix-ok' : 'fix-failed'}>{preflight?.ok ? t('fix.confirm.dryRunOk') : t('fix.preflight.failed')}</p>
              {!plan.rollback.possible && (
                <p className="fix-warning">
                  <strong>{t('fix.confirm.irreversible')}</strong> {plan.rollback.how}
                </p>
              )}
            </>
          ) : (
            <p>{plan.rollback.how}</p>
          )}
        </div>
        {needed !== undefined && (
          <p className="fix-typed">
            <label htmlFor={inputId}>
              <Trans i18nKey="fix.confirm.type" values={{ name: needed }} components={{ code: <code /> }} />
            </label>
            <input id={inputId} data-autofocus type="text" autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
          </p>
        )}
        <div className="actions">
          <button type="button" {...(needed === undefined ? { 'data-autofocus': true } : {})} onClick={closeConfirm}>
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" disabled={!ready} onClick={() => void confirmFix(typed.trim())}>
            {action === 'apply' ? t('fix.confirm.yes') : t('fix.confirm.rollbackYes')}
          </button>
        </div>
      </div>
    </div>
  );
}
