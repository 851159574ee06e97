/** A piece of advice: prose, or something to paste into a terminal, a config file or an API client. */
export type Span = { kind: 'text'; text: string } | { kind: 'code'; text: string };

/**
 * Commands and calls that advice quotes inline: kubectl/gitlab-runner/docker/podman/systemctl
 * commands, HTTP calls to the GitLab API, and config.toml assignments (key = "value").
 * A command runs until a clause break: ", then", "; ", ", or", a closing parenthesis, or the
 * end of a sentence.
 */
const CODE = new RegExp(
  [
    String.raw`(?:kubectl|gitlab-runner|docker|podman|systemctl|sudo|helm|curl)\s[^;()]*?(?=,\s(?:then|or|and)\b|;\s|\)|\.\s|\.$|$)`,
    String.raw`(?:GET|POST|PUT|DELETE|PATCH)\s\/api\/v4\/[^\s,;)]+`,
    String.raw`\b[a-z_]+\s=\s"[^"]*"`,
  ].join('|'),
  'g',
);

/** Splits advice into prose and code spans, in order; the pieces join back to the input. */
export function splitCode(text: string): Span[] {
  const spans: Span[] = [];
  let at = 0;
  for (const match of text.matchAll(CODE)) {
    const code = match[0].trimEnd();
    if (!code) continue;
    if (match.index > at) spans.push({ kind: 'text', text: text.slice(at, match.index) });
    spans.push({ kind: 'code', text: code });
    at = match.index + code.length;
  }
  if (at < text.length) spans.push({ kind: 'text', text: text.slice(at) });
  return spans;
}

/** Where a reference points: URLs as they are, `gitlab#123` and `gitlab-runner!456` on gitlab.com. */
export function referenceUrl(ref: string): string | undefined {
  if (/^https:\/\/\S+$/.test(ref)) return ref;
  const m = /^(gitlab|gitlab-runner)([#!])(\d+)$/.exec(ref);
  if (!m) return undefined;
  return `https://gitlab.com/gitlab-org/${m[1]}/-/${m[2] === '#' ? 'issues' : 'merge_requests'}/${m[3]}`;
}

/**
 * Prose with the names it quotes in backticks (`.runner_system_id`, `Checking for jobs`): the
 * quoted parts as inline code, the backticks dropped. An unpaired backtick stays as written.
 */
export function splitQuoted(text: string): Span[] {
  const spans: Span[] = [];
  let at = 0;
  for (const match of text.matchAll(/`([^`\n]+)`/g)) {
    if (match.index > at) spans.push({ kind: 'text', text: text.slice(at, match.index) });
    spans.push({ kind: 'code', text: match[1]! });
    at = match.index + match[0].length;
  }
  if (at < text.length) spans.push({ kind: 'text', text: text.slice(at) });
  return spans;
}
