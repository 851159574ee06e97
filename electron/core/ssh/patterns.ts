/**
 * OpenSSH pattern lists (`Host`, `Match host`, known_hosts host fields): `*` and `?`
 * wildcards, comma- or space-separated, `!` negates. Case-insensitive, like OpenSSH.
 */

/** Glob match without regular expressions, so hostile patterns cannot blow up. */
export function wildcardMatch(text: string, pattern: string): boolean {
  const s = text.toLowerCase();
  const p = pattern.toLowerCase();
  let si = 0;
  let pi = 0;
  let starPi = -1;
  let starSi = 0;
  while (si < s.length) {
    const pc = p[pi];
    if (pc === '?' || (pc !== undefined && pc !== '*' && pc === s[si])) {
      si++;
      pi++;
    } else if (pc === '*') {
      starPi = pi++;
      starSi = si;
    } else if (starPi !== -1) {
      pi = starPi + 1;
      si = ++starSi;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

export type PatternResult = 'match' | 'negated' | 'none';

/**
 * A negated match wins over any positive match (OpenSSH `match_pattern_list`), so
 * `Host *.corp !bastion.corp` excludes the bastion.
 */
export function matchPatternList(text: string, patterns: readonly string[]): PatternResult {
  let matched = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (!pattern || !wildcardMatch(text, pattern)) continue;
    if (negated) return 'negated';
    matched = true;
  }
  return matched ? 'match' : 'none';
}

export function hasWildcard(pattern: string): boolean {
  return /[*?!]/.test(pattern);
}
