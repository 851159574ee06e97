import { describe, expect, it } from 'vitest';
import { timeOf } from '../../../electron/core/diagnosis/scan/fields';

/** What Date makes of the time in a line: what timeOf must give, however it gets there. */
function byDate(text: string): string | undefined {
  const iso = /\b(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:[.,](\d{1,9}))?\s?(Z|[+-]\d\d:?\d\d|UTC)?/.exec(text);
  if (!iso) return undefined;
  const zone = !iso[4] || iso[4] === 'UTC' ? 'Z' : iso[4].length === 5 ? `${iso[4].slice(0, 3)}:${iso[4].slice(3)}` : iso[4];
  const d = new Date(`${iso[1]}T${iso[2]}${iso[3] ? `.${iso[3].slice(0, 3)}` : ''}${zone}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

describe('timeOf', () => {
  const dates = ['2025-03-04', '2024-02-29', '2025-02-29', '2025-02-30', '2025-13-01', '2025-00-10', '2025-01-00', '2025-12-31', '0000-01-01', '1969-12-31', '9999-12-31'];
  const clocks = ['00:00:00', '23:59:59', '24:00:00', '23:60:00', '23:59:60', '12:34:56'];
  const fractions = ['', '.5', ',25', '.123', '.123456789', '.0'];
  const zones = ['', 'Z', ' UTC', '+02:00', '-0530', ' +01:00'];
  const lines = dates.flatMap((d) => clocks.flatMap((c) => fractions.flatMap((f) => zones.map((z) => `${d}T${c}${f}${z} Job succeeded`))));

  it('gives what Date gives for valid, invalid and overflowing times, in every zone form', () => {
    expect(lines.length).toBeGreaterThan(2000);
    // Twice, in two orders: what timeOf remembers of the line before must not change the answer.
    for (const line of [...lines, ...lines.slice().reverse()]) expect(timeOf(line), line).toBe(byDate(line));
    expect(timeOf('2025-03-04 10:00:01.5 INFO x')).toBe('2025-03-04T10:00:01.500Z');
    expect(timeOf('2025-02-30T10:00:00Z x')).toBe(byDate('2025-02-30T10:00:00Z x'));
  });

  it('reads journalctl short-unix times and gives none for syslog times', () => {
    expect(timeOf('1741082400.123 host gitlab-runner[1]: x')).toBe('2025-03-04T10:00:00.000Z');
    expect(timeOf('Nov 12 10:00:00 host gitlab-runner[1]: x')).toBeUndefined();
  });
});
