import { MAX_REDACTED_TOKEN_LINES, MAX_REDACTED_TOKENS, type RedactedToken } from '../../../../shared/evidence';
import type { GitlabTokenKindId } from '../../../../shared/gitlab-token-kinds';
import { PLACEHOLDER_START } from '../../../../shared/redaction-placeholder';

/** Where the redactor's own placeholders for GitLab tokens were written, by their text. */
export type TokenPlaceholderKinds = (placeholder: string) => GitlabTokenKindId | undefined;

/** Newlines in `text` between `from` and `to`. */
function newlinesIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

function newlinesInBytes(bytes: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) n++;
  return n;
}

/**
 * Follows one redacted file's output as it is written: counts its lines and notes on which
 * lines the redactor's GitLab token placeholders land, with the kind the redactor gave them.
 * Bytes copied through untouched hold no new placeholder; only their newlines are counted.
 */
export class TokenTally {
  private lines = 0;
  private readonly tokens = new Map<string, RedactedToken & { lines: number[] }>();

  constructor(private readonly kindOf: TokenPlaceholderKinds) {}

  /** A piece of output, in order. */
  add(piece: string | Buffer): void {
    if (typeof piece !== 'string') {
      this.lines += newlinesInBytes(piece);
      return;
    }
    let from = 0;
    for (let at = piece.indexOf(PLACEHOLDER_START); at !== -1; at = piece.indexOf(PLACEHOLDER_START, at + 1)) {
      const end = piece.indexOf(']', at);
      if (end === -1) break;
      this.lines += newlinesIn(piece, from, at);
      from = at;
      const placeholder = piece.slice(at, end + 1);
      const kind = this.kindOf(placeholder);
      if (kind) this.note(placeholder, kind, this.lines + 1);
    }
    this.lines += newlinesIn(piece, from, piece.length);
  }

  private note(placeholder: string, kind: GitlabTokenKindId, line: number): void {
    let token = this.tokens.get(placeholder);
    if (!token) {
      if (this.tokens.size >= MAX_REDACTED_TOKENS) return;
      this.tokens.set(placeholder, (token = { placeholder, kind, lines: [] }));
    }
    if (token.lines.length < MAX_REDACTED_TOKEN_LINES && token.lines.at(-1) !== line) token.lines.push(line);
  }

  /**
   * The tokens for the file's record. A file cut to its size limit after redaction has other
   * line numbers than the redacted text, so its tokens are listed without lines.
   */
  records(opts: { truncated?: boolean } = {}): RedactedToken[] {
    return [...this.tokens.values()].map((t) => (opts.truncated ? { placeholder: t.placeholder, kind: t.kind } : { ...t, lines: [...t.lines] }));
  }
}
