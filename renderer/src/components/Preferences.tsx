import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage } from '../../../shared/i18n';
import { currentLanguage, setLanguage } from '../i18n';
import { applyTheme, THEMES, useTheme } from '../theme';

/** Language and colour theme, in the header on every step. */
export function Preferences() {
  const { t } = useTranslation();
  const theme = useTheme((s) => s.theme);
  const chooseTheme = (value: string) => applyTheme(THEMES.find((th) => th === value) ?? 'system');
  return (
    <div className="preferences">
      <label>
        {t('prefs.language')}{' '}
        <select value={currentLanguage()} onChange={(e) => isLanguage(e.target.value) && setLanguage(e.target.value)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('prefs.theme')}{' '}
        <select value={theme} onChange={(e) => chooseTheme(e.target.value)}>
          {THEMES.map((th) => (
            <option key={th} value={th}>
              {t(`prefs.themes.${th}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
