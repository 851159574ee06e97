import en from './en.json';
import ru from './ru.json';

/** The languages the UI, the CLI and the reports speak; English is the fallback. */
export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The message catalogs: one nested object per language, the same keys in each (a test holds them to it). */
export const CATALOGS: Record<Language, typeof en> = { en, ru };

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский' };

/** The catalog language for an OS or browser locale ("ru-RU", "ru_RU.UTF-8"); English otherwise. */
export function languageFor(locale: string | undefined): Language {
  const tag = (locale ?? '').toLowerCase().replace('_', '-');
  return LANGUAGES.find((l) => tag === l || tag.startsWith(`${l}-`) || tag.startsWith(`${l}.`)) ?? 'en';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
