import en from './en.json';
import ru from './ru.json';

import type { Language } from './languages';

export * from './languages';

/** The message catalogs: one nested object per language, the same keys in each (a test holds them to it). */
export const CATALOGS: Record<Language, typeof en> = { en, ru };

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский' };
