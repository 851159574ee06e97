import { create } from 'zustand';
import { THEMES, type Theme } from '../../shared/ipc/resume';

export { THEMES, type Theme };

const STORAGE_KEY = 'runner-doctor.theme';

export function savedTheme(): Theme {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return (THEMES as readonly string[]).includes(saved ?? '') ? (saved as Theme) : 'system';
  } catch {
    return 'system';
  }
}

/** The theme chosen, for the Preferences select and the saved wizard state. */
export const useTheme = create<{ theme: Theme }>()(() => ({ theme: savedTheme() }));

/** The stylesheets pick colours with light-dark(), which follows color-scheme; data-theme pins it. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = theme;
  useTheme.setState({ theme });
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Without storage the choice lasts for this session.
  }
}
