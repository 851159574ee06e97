import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FixItem } from '../../../shared/fixes';
import { toggleItem } from '../fix-actions';
import { setFix, useFixStep } from './fix-store';

/** The objects a plan acts on one by one (Secrets to delete), each with its reason; the user may leave some out. */
export function FixItems({ planId, items, disabled }: { planId: string; items: readonly FixItem[]; disabled: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const off = useFixStep((s) => s.deselected[planId]);
  const excluded = new Set(off ?? []);
  const selected = items.length - excluded.size;
  return (
    <fieldset className="fix-items" disabled={disabled}>
      <legend>{t('fix.items.legend')}</legend>
      <p className="meta" id={id} aria-live="polite">
        {t('fix.items.selected', { count: selected, total: items.length })}
      </p>
      <div className="actions">
        <button type="button" onClick={() => setFix((s) => ({ deselected: { ...s.deselected, [planId]: [] } }))}>
          {t('fix.items.all')}
        </button>
        <button type="button" onClick={() => setFix((s) => ({ deselected: { ...s.deselected, [planId]: items.map((i) => i.id) } }))}>
          {t('fix.items.none')}
        </button>
      </div>
      {/* Focusable, so the scrolled list can be read from the keyboard even when its boxes are disabled. */}
      <ul className="fix-item-list" aria-describedby={id} aria-label={t('fix.items.legend')} tabIndex={0}>
        {items.map((item) => (
          <li key={item.id}>
            <label>
              <input type="checkbox" checked={!excluded.has(item.id)} onChange={(e) => toggleItem(planId, item.id, e.target.checked)} />{' '}
              <code>{item.label}</code> <span className="meta">{item.reason}</span>
            </label>
          </li>
        ))}
      </ul>
      {excluded.size > 0 && selected > 0 && <p className="meta">{t('fix.items.dryRunAgain')}</p>}
    </fieldset>
  );
}
