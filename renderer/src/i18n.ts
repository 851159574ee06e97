import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOGS, isLanguage, languageFor, type Language } from '../../shared/i18n';

const STORAGE_KEY = 'runner-doctor.language';

function savedLanguage(): Language | undefined {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return isLanguage(saved) ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** The user's choice if they made one, else the OS (browser) locale. */
export function initialLanguage(): Language {
  return savedLanguage() ?? languageFor(navigator.language);
}

/** Synchronous: the catalogs are bundled, so the first render is already translated. */
export function initI18n(lng: Language = initialLanguage()): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: CATALOGS.en }, ru: { translation: CATALOGS.ru } },
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (l) => (document.documentElement.lang = l));
  return i18next;
}

export function setLanguage(lng: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this session only.
  }
  void i18next.changeLanguage(lng);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}
