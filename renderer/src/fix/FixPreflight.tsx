import { useTranslation } from 'react-i18next';
import type { PreflightView } from '../../../shared/fixes';
import { localizePreflight } from '../../../shared/i18n/fix-text';
import { useLanguage } from './use-language';

/** The preflight: permissions for exactly the plan's calls and the server-side dry run of every write. */
export function FixPreflight({ preflight: given }: { preflight: PreflightView }) {
  const { t } = useTranslation();
  const preflight = localizePreflight(given, useLanguage());
  return (
    <section className="fix-section">
      <h5>{t('fix.preflight.title')}</h5>
      <p className={preflight.ok ? 'fix-ok' : 'fix-failed'}>{preflight.ok ? t('fix.preflight.ok') : t('fix.preflight.failed')}</p>
      <ul className="fix-checks">
        {preflight.checks.map((c, i) => (
          <li key={`${c.name}:${i}`} className={c.ok ? 'check-ok' : 'check-failed'}>
            <span className="check-mark">{c.ok ? t('fix.preflight.pass') : t('fix.preflight.fail')}</span> <strong>{c.name}</strong>: {c.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}
