import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from '../../../shared/i18n';

/** The app's language, re-rendering when the user switches it: fix texts are formatted in it. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : 'en';
}
