/** The languages the UI, the CLI and the reports speak; English is the fallback. */
export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The catalog language for an OS or browser locale ("ru-RU", "ru_RU.UTF-8"); English otherwise. */
export function languageFor(locale: string | undefined): Language {
  const tag = (locale ?? '').toLowerCase().replace('_', '-');
  return LANGUAGES.find((l) => tag === l || tag.startsWith(`${l}-`) || tag.startsWith(`${l}.`)) ?? 'en';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
