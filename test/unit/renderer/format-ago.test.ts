import { describe, expect, it } from 'vitest';
import { formatAgo } from '../../../renderer/src/format';

describe("a runner's last contact, as long ago in the window's language", () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  const ago = (seconds: number, lang: string) => formatAgo(new Date(now - seconds * 1000).toISOString(), lang, now);

  it('English, as before', () => {
    expect(ago(16, 'en')).toBe('16 seconds ago');
    expect(ago(60, 'en')).toBe('1 minute ago');
    expect(ago(2 * 3600, 'en')).toBe('2 hours ago');
    expect(ago(3 * 86_400, 'en')).toBe('3 days ago');
    expect(ago(-5, 'en')).toBe('now');
  });

  it('Russian, with its plural forms', () => {
    expect(ago(21 * 60, 'ru')).toBe('21 минуту назад');
    expect(ago(3 * 3600, 'ru')).toBe('3 часа назад');
    expect(ago(5 * 86_400, 'ru')).toBe('5 дней назад');
    expect(ago(0, 'ru')).toBe('сейчас');
  });

  it('a time it cannot read is shown as it came', () => {
    expect(formatAgo('not a time', 'ru', now)).toBe('not a time');
  });
});
