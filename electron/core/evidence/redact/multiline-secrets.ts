import { redactionLabelOf } from '../../../../shared/gitlab-token-kinds';
import { createHash, type Hash } from 'node:crypto';
import { indentOf, type HeldLine } from './kube-secret';
import { pemLabel } from './rules/keys';
import { PLACEHOLDER_START } from '../../../../shared/redaction-placeholder';
import { isSecretName, labelForName } from './secret-names';

/** Where a multi-line secret's placeholder goes, and how it is numbered. */
export interface Sink {
  emit(text: string): void;
  place(secret: string, rule: string, label: string): string;
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{1,60})-----/;
const PEM_END = /-----END [A-Z0-9 ]+-----/;
const PEM_BODY = /^[A-Za-z0-9+/=]+$|^(?:Proc-Type|DEK-Info|Comment):/;
const BLOCK_KEY = /^( *)(-[ \t]+)?["']?([A-Za-z0-9_.\/-]+)["']?[ \t]*:[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$/;
const PLACEHOLDER_LINE = /^\s*"?\[REDACTED [^\]]+\]"?\s*$/;

/**
 * A PEM block over several lines: the body is swallowed (only its hash is kept, to number the
 * placeholder) and becomes one placeholder line; BEGIN and END lines stay.
 */
export class PemBlock {
  private readonly hash: Hash = createHash('sha256');
  private lines = 0;
  private eol = '\n';

  private constructor(
    private readonly type: string,
    /** Where `-----BEGIN` stood: log lines carry their prefix before the body too. */
    private readonly col: number,
    private indent: string,
  ) {}

  /** A line that opens a block whose body follows on the next lines. */
  static opens(line: string): PemBlock | undefined {
    const begin = PEM_BEGIN.exec(line);
    if (!begin || line.includes('-----END')) return undefined;
    const after = line.slice(begin.index + begin[0].length);
    if ((after.match(/[A-Za-z0-9+/]/g)?.length ?? 0) >= 16) return undefined;
    const prefix = line.slice(0, begin.index);
    return new PemBlock(begin[1] ?? '', begin.index, /^\s*$/.test(prefix) ? prefix : '');
  }

  /** `body` when the line belongs to the block, `end` at its END line, `other` otherwise. */
  take(line: string, eol: string): 'body' | 'end' | 'other' {
    if (PEM_END.test(line)) return 'end';
    const body = line.trim();
    if (body === '' || PEM_BODY.test(body) || PEM_BODY.test(line.slice(this.col).trim())) {
      this.hash.update(body + '\n');
      if (++this.lines === 1) {
        this.eol = eol || '\n';
        if (!this.indent) this.indent = ' '.repeat(indentOf(line));
      }
      return 'body';
    }
    return 'other';
  }

  flush(sink: Sink): void {
    if (this.lines > 0) sink.emit(this.indent + sink.place(`pem:${this.hash.digest('hex')}`, 'pem-block', pemLabel(this.type)) + this.eol);
  }
}

/** `password: |` (or `>`) and the more-indented lines under it: one placeholder line. */
export class SecretBlockScalar {
  private readonly hash: Hash = createHash('sha256');
  private indent = -1;
  private blanks: HeldLine[] = [];
  private lines = 0;
  /** Kept while every line is already a placeholder: a redacted file redacted again stays as it is. */
  private placeholders: HeldLine[] | undefined = [];

  private constructor(
    private readonly keyCol: number,
    private readonly label: string,
  ) {}

  static opens(line: string): SecretBlockScalar | undefined {
    const m = BLOCK_KEY.exec(line);
    if (!m || !isSecretName(m[3] ?? '')) return undefined;
    return new SecretBlockScalar((m[1]?.length ?? 0) + (m[2]?.length ?? 0), labelForName(m[3] ?? '', false));
  }

  /** Whether the line is part of the block (blank lines are held until the block goes on). */
  take(line: string, eol: string): boolean {
    if (line.trim() === '') {
      this.blanks.push({ text: line, eol });
      return true;
    }
    const indent = indentOf(line);
    if (indent <= this.keyCol) return false;
    if (this.indent === -1) this.indent = indent;
    if (this.placeholders && PLACEHOLDER_LINE.test(line)) this.placeholders.push(...this.blanks, { text: line, eol });
    else this.placeholders = undefined;
    for (const b of this.blanks) this.hash.update(b.text + '\n');
    this.blanks = [];
    this.hash.update(line.trim() + '\n');
    this.lines++;
    return true;
  }

  flush(sink: Sink): void {
    if (this.placeholders && this.lines > 0) for (const l of this.placeholders) sink.emit(l.text + l.eol);
    else if (this.lines > 0) sink.emit(' '.repeat(this.indent) + sink.place(`block:${this.hash.digest('hex')}`, 'secret-by-name', this.label) + '\n');
    for (const b of this.blanks) sink.emit(b.text + b.eol);
  }
}

/** The key of a `key: >` block scalar, for the folded last-applied-configuration annotation. */
export function foldedBlockKey(line: string): { key: string; col: number } | undefined {
  const m = BLOCK_KEY.exec(line);
  if (!m || !/:[ \t]*>/.test(line)) return undefined;
  return { key: m[3] ?? '', col: (m[1]?.length ?? 0) + (m[2]?.length ?? 0) };
}

const QUOTED_OPEN = /^\s*(?:-\s+)?(?:export\s+)?\\*["']?([A-Za-z0-9_.-]+)\\*["']?[ \t]*(?::|=)[ \t]*("""|'''|"|')(.*)$/;

/** Index just past the quote that closes a value opened with `quote`, in `text`; -1 if none. */
function closingQuote(text: string, quote: string): number {
  if (quote.length === 3) {
    const i = text.indexOf(quote);
    return i === -1 ? -1 : i + 3;
  }
  for (let i = text.indexOf(quote); i !== -1; i = text.indexOf(quote, i + 1)) {
    if (quote === "'") {
      if (text[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
    let k = 0;
    while (text[i - k - 1] === '\\') k++;
    if (k % 2 === 0) return i + 1;
  }
  return -1;
}

/**
 * A quoted value under a secret key that goes on past the line: a YAML double-quoted scalar
 * continued with `\` or simply folded, a TOML `"""` string, a shell string with a newline.
 * The line rules replace what is on the first line; the lines after it are emptied up to
 * the closing quote (the line count stays, so cited line numbers still match).
 */
export class OpenQuotedSecret {
  private readonly hash: Hash = createHash('sha256');
  private content = false;

  private constructor(
    private readonly quote: string,
    private readonly label: string,
  ) {}

  static opens(line: string): OpenQuotedSecret | undefined {
    const m = QUOTED_OPEN.exec(line);
    if (!m || !isSecretName(m[1] ?? '')) return undefined;
    const quote = m[2] ?? '"';
    return closingQuote(m[3] ?? '', quote) === -1 ? new OpenQuotedSecret(quote, labelForName(m[1] ?? '', true)) : undefined;
  }

  /**
   * The line as it is kept: empty while the value goes on; at the closing quote, one
   * placeholder for what the lines held, then whatever follows the quote (`rest` redacts it).
   */
  take(line: string, sink: Sink, rest: (text: string) => string): { text: string; closed: boolean } {
    const end = closingQuote(line, this.quote);
    const close = end === -1 ? line.length : end - this.quote.length;
    const value = line.slice(0, close).trim();
    if (value) {
      this.content = true;
      this.hash.update(value + '\n');
    }
    const indent = line.slice(0, indentOf(line));
    if (end === -1) return { text: indent, closed: false };
    const placeholder = this.content ? sink.place(`quoted:${this.hash.digest('hex')}`, 'secret-by-name', this.label) : '';
    return { text: indent + placeholder + rest(line.slice(close)), closed: true };
  }
}

const LIST_OPEN = /^\s*\\*["']?([A-Za-z0-9_.-]+)\\*["']?[ \t]*:[ \t]*\[[ \t]*$/;
const LIST_ITEM = /^(\s*)("|')(.*)\2([ \t]*,?[ \t]*)$/;
const SCHEME = /^((?:bearer|basic|token|digest|negotiate|ntlm|bot|apikey)[ \t]+)(.+)$/i;

function headerLabel(name: string, value: string): string | undefined {
  const n = name.toLowerCase();
  if (n === 'authorization' || n === 'proxy-authorization') return /^basic\s/i.test(value) ? 'basic-auth' : /^bearer\s/i.test(value) ? 'bearer-token' : 'authorization';
  if (n === 'private-token') return redactionLabelOf('personal-access-token');
  if (n === 'job-token') return redactionLabelOf('ci-job-token');
  if (n === 'deploy-token') return redactionLabelOf('deploy-token');
  if (n === 'cookie' || n === 'set-cookie') return 'cookie';
  return isSecretName(name) ? labelForName(name, false) : undefined;
}

/**
 * A list under a secret key or credential header, one item a line: Go's `http.Header` dumped
 * with json.MarshalIndent (`"Authorization": [` then `"Bearer …"`). Each item is replaced;
 * an auth scheme (`Bearer `) stays readable.
 */
export class SecretList {
  private constructor(private readonly name: string) {}

  static opens(line: string): SecretList | undefined {
    const m = LIST_OPEN.exec(line);
    const name = m?.[1] ?? '';
    return m && headerLabel(name, '') ? new SecretList(name) : undefined;
  }

  /** The item line redacted, or undefined when the line is not an item (the list is over). */
  take(line: string, sink: Sink): string | undefined {
    const m = LIST_ITEM.exec(line);
    if (!m) return undefined;
    const value = m[3] ?? '';
    const scheme = SCHEME.exec(value);
    const secret = scheme ? (scheme[2] ?? '') : value;
    if (secret.startsWith(PLACEHOLDER_START) || secret.trim() === '') return line;
    const label = headerLabel(this.name, value) ?? 'secret';
    return `${m[1] ?? ''}${m[2] ?? ''}${scheme?.[1] ?? ''}${sink.place(secret, 'http-credentials', label)}${m[2] ?? ''}${m[4] ?? ''}`;
  }
}
