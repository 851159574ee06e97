/** 1536 → "1.5 KiB": sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * "3 minutes ago", "2 days ago" ("3 минуты назад"): how long since an ISO time, roughly, in the
 * user's language; the platform's Intl.RelativeTimeFormat knows each language's plural forms.
 */
export function formatAgo(iso: string, language: string, now = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((now - at) / 1000);
  if (seconds <= 0) return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(0, 'second');
  const ago = new Intl.RelativeTimeFormat(language, { numeric: 'always' });
  if (seconds < 60) return ago.format(-seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return ago.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return ago.format(-hours, 'hour');
  return ago.format(-Math.round(hours / 24), 'day');
}

/** A moment as the user's language writes a date and time. */
export function formatWhen(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language);
}
