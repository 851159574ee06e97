/** 'system' follows the OS's light or dark setting (prefers-color-scheme); the others pin one. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = 'runner-doctor.theme';

export function savedTheme(): Theme {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return (THEMES as readonly string[]).includes(saved ?? '') ? (saved as Theme) : 'system';
  } catch {
    return 'system';
  }
}

/** The stylesheets pick colours with light-dark(), which follows color-scheme; data-theme pins it. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = theme;
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Without storage the choice lasts for this session.
  }
}
