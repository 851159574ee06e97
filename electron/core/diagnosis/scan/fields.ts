/** Longest excerpt kept for one evidence line. */
export const EXCERPT_CHARS = 600;

// Colour codes a runner writes when attached to a terminal (FIELD-NOTES.md §9), also as syslog
// writes them (`#033[31;1m`) in /var/log/syslog and `journalctl` pasted from there.
const ANSI = /(?:\u001b|#033)\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(line: string): string {
  return line.includes('\u001b') || line.includes('#033[') ? line.replace(ANSI, '') : line;
}

const ISO_TIME = /\b(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:[.,](\d{1,9}))?\s?(Z|[+-]\d\d:?\d\d|UTC)?/;
const UNIX_TIME = /^\s*(\d{10})(?:\.\d+)?\s/;

/** The last day seen in a UTC time, and whether Date reads it back as it is written. */
let lastDay = '';
let lastDayExact = false;

const digits2 = (s: string, at: number) => (s.charCodeAt(at) - 48) * 10 + (s.charCodeAt(at + 1) - 48);

/**
 * A UTC time as Date's toISOString() writes it, without building a Date per line: the day is
 * checked once while lines keep to it, the clock by its digits. Undefined when Date might not
 * give the same time back (an invalid day, 24:00, a leap second), which the caller then asks
 * Date about.
 */
function utcTime(day: string, clock: string, fraction: string | undefined): string | undefined {
  if (day !== lastDay) {
    lastDay = day;
    const d = new Date(`${day}T00:00:00Z`);
    lastDayExact = !Number.isNaN(d.getTime()) && d.toISOString().startsWith(day);
  }
  if (!lastDayExact || digits2(clock, 0) > 23 || digits2(clock, 3) > 59 || digits2(clock, 6) > 59) return undefined;
  return `${day}T${clock}.${(fraction ?? '').slice(0, 3).padEnd(3, '0')}Z`;
}

/**
 * The time a log line carries, as ISO 8601: an RFC 3339 / ISO prefix or field (kubectl
 * --timestamps, logrus `time=`, JSON `"time"`, journalctl -o short-iso/short-full) or a
 * journalctl -o short-unix epoch. Times without a zone are taken as UTC; syslog's
 * `Nov 12 10:00:00` has no year and gives none.
 */
export function timeOf(text: string): string | undefined {
  const iso = ISO_TIME.exec(text);
  if (iso) {
    const zone = !iso[4] || iso[4] === 'UTC' ? 'Z' : iso[4].length === 5 ? `${iso[4].slice(0, 3)}:${iso[4].slice(3)}` : iso[4];
    if (zone === 'Z') {
      const utc = utcTime(iso[1]!, iso[2]!, iso[3]);
      if (utc) return utc;
    }
    const d = new Date(`${iso[1]}T${iso[2]}${iso[3] ? `.${iso[3].slice(0, 3)}` : ''}${zone}`);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  const unix = UNIX_TIME.exec(text);
  return unix ? new Date(Number(unix[1]) * 1000).toISOString() : undefined;
}

/** The line as cited in a finding: no colour codes, trimmed, cut to EXCERPT_CHARS. */
export function excerptOf(line: string): string {
  const clean = stripAnsi(line).trim();
  return clean.length > EXCERPT_CHARS ? `${clean.slice(0, EXCERPT_CHARS)}…` : clean;
}

/** A window of a long line around `column` (0-based), e.g. inside one-line JSON. */
export function excerptAround(line: string, column: number, width = 240): string {
  const clean = line.trim();
  if (clean.length <= EXCERPT_CHARS) return clean;
  const offset = line.length - line.trimStart().length;
  const at = Math.max(0, column - offset);
  const start = Math.max(0, at - Math.floor(width / 3));
  const end = Math.min(clean.length, start + width);
  return `${start > 0 ? '…' : ''}${clean.slice(start, end)}${end < clean.length ? '…' : ''}`;
}

/**
 * Fields of a runner log line in any of its formats: JSON (`{"job":123,"msg":…}`, maybe after
 * a journald or timestamp prefix), logrus text (`time=… level=warning msg="…" job=123`) or the
 * runner's own format (`WARNING: message   job=123 runner=abc`). Values are strings.
 */
export function lineFields(line: string): Record<string, string> {
  const brace = line.indexOf('{"');
  if (brace >= 0 && line.trimEnd().endsWith('}')) {
    try {
      const obj = JSON.parse(line.slice(brace)) as unknown;
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(obj)) {
          if (v === null || typeof v === 'object') continue;
          out[k] = String(v);
        }
        return out;
      }
    } catch {
      // not JSON after all: fall through to key=value
    }
  }
  const out: Record<string, string> = {};
  const re = /(?:^|\s)([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const [, key, raw] = m;
    if (!key || raw === undefined || key in out) continue;
    out[key] = raw.startsWith('"') ? unquote(raw) : raw;
  }
  return out;
}

function unquote(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}
