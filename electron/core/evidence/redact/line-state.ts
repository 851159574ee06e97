import { mayHoldBase64, redactBase64Blobs } from './base64-blobs';
import { mayHoldEmbeddedJson, redactEmbeddedJson } from './embedded-json';
import { KubeTracker, indentOf, opensDataBlock, parseKeyLine, redactDataBlock, type HeldLine, type KeyLine } from './kube-secret';
import type { Redactor } from './redactor';
import { OpenQuotedSecret, PemBlock, SecretList, SecretBlockScalar, foldedBlockKey, type Sink } from './multiline-secrets';
import { isSecretName, labelForName } from './secret-names';
import { scanValue } from './value-scan';
import { fitPlaceholder } from './yaml-safe';
import { isKnownFake } from './rules';
import { TokenTally } from './token-tally';

/** A folded (`>`) last-applied-configuration annotation: its JSON is spread over lines. */
interface JsonBlockState {
  keyCol: number;
  lines: HeldLine[];
}

/** A `- name: RUNNER_TOKEN` line seen; its `value:` comes on a following line. */
interface EnvState {
  col: number;
  label: string;
  ttl: number;
}

/** A Secret-or-not data block and everything after it, held until the object's kind is known. */
interface Held {
  col: number;
  items: (string | { lines: HeldLine[]; inline: boolean })[];
  bytes: number;
}

interface Capture {
  col: number;
  json: boolean;
  lines: HeldLine[];
}

const ENV_NAME = /^( *)(-[ \t]+)?["']?name["']?[ \t]*:[ \t]*["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*,?[ \t]*$/;
const ENV_VALUE = /^( *)["']?value["']?[ \t]*:[ \t]*/;
const STRUCTURAL = /^\s*(?:-\s+)?["']?(?:apiVersion|kind)["']?\s*:/;
/** Past this, a held block is decided with what is known (never released unredacted). */
const MAX_HELD_BYTES = 8 * 1024 * 1024;

/**
 * Redacts one stream (one file), line by line, with the state that secrets spanning lines
 * need: PEM blocks, YAML block scalars under secret keys, env name/value pairs and
 * Kubernetes Secret data. Lines without any hint are copied through in bulk.
 */
export class StreamRedactor implements Sink {
  count = 0;
  /** The GitLab tokens replaced in this stream's output, and their lines. */
  readonly tokens: TokenTally;
  /** Output so far: text, or bytes copied through untouched (writeBytes). */
  private out: (string | Buffer)[] = [];
  private pem?: PemBlock;
  private block?: SecretBlockScalar;
  private quoted?: OpenQuotedSecret;
  private list?: SecretList;
  private env?: EnvState;
  private jsonBlock?: JsonBlockState;
  private capture?: Capture;
  private held?: Held;
  /** Kubernetes YAML/JSON seen: every line is tracked from here on. */
  private structural = false;
  private readonly kube = new KubeTracker();

  constructor(private readonly redactor: Redactor) {
    this.tokens = new TokenTally((placeholder) => redactor.tokenKindOf(placeholder));
  }

  /** Redacts `text`; a last segment without a newline is treated as a line of its own. */
  write(text: string): string {
    const lower = text.toLowerCase();
    let pos = 0;
    while (pos < text.length) {
      if (this.idle()) {
        const hit = this.redactor.nextHint(text, pos, lower);
        if (hit === -1) {
          this.emit(text.slice(pos));
          break;
        }
        const lineStart = text.lastIndexOf('\n', hit - 1) + 1;
        if (lineStart > pos) this.emit(text.slice(pos, lineStart));
        pos = Math.max(pos, lineStart);
      }
      const nl = text.indexOf('\n', pos);
      const end = nl === -1 ? text.length : nl;
      const raw = text.slice(pos, end);
      const cr = raw.endsWith('\r');
      this.line(cr ? raw.slice(0, -1) : raw, (cr ? '\r' : '') + (nl === -1 ? '' : '\n'));
      pos = end + 1;
    }
    return this.take();
  }

  /**
   * `write` for bytes read as latin1, with the starts of the lines that hold a hint already
   * found (hintedLineStarts, possibly on another thread): the same output as `write` of the
   * same text, and the lines without a hint are never decoded. The output is written into a
   * buffer `alloc` gives, never a part of `bytes`.
   */
  writeBytes(bytes: Buffer, hinted: readonly number[], alloc: (bytes: number) => Buffer): Buffer {
    let pos = 0;
    let h = 0;
    while (pos < bytes.length) {
      if (this.idle()) {
        while (h < hinted.length && (hinted[h] as number) < pos) h++;
        const lineStart = hinted[h];
        if (lineStart === undefined) {
          this.output(bytes.subarray(pos));
          break;
        }
        if (lineStart > pos) this.output(bytes.subarray(pos, lineStart));
        pos = lineStart;
      }
      const nl = bytes.indexOf(10, pos);
      const end = nl === -1 ? bytes.length : nl;
      const raw = bytes.toString('latin1', pos, end);
      const cr = raw.endsWith('\r');
      this.line(cr ? raw.slice(0, -1) : raw, (cr ? '\r' : '') + (nl === -1 ? '' : '\n'));
      pos = end + 1;
    }
    return this.takeBytes(alloc);
  }

  /** Ends the stream: whatever is open is closed, redacted. */
  end(): string {
    this.closeCapture();
    if (this.held) this.resolve(this.kube.isSecret(this.held.col));
    this.flushPem();
    this.flushBlock();
    this.flushJsonBlock();
    return this.take();
  }

  private take(): string {
    const s = this.out.map((o) => (typeof o === 'string' ? o : o.toString('latin1'))).join('');
    this.out = [];
    return s;
  }

  private takeBytes(alloc: (bytes: number) => Buffer): Buffer {
    const out = this.out;
    this.out = [];
    // Text here was read as latin1: one byte per character.
    let size = 0;
    for (const o of out) size += o.length;
    const into = alloc(size);
    let at = 0;
    for (const o of out) {
      if (typeof o === 'string') {
        at += into.write(o, at, 'latin1');
      } else {
        into.set(o, at);
        at += o.length;
      }
    }
    return into;
  }

  private idle(): boolean {
    return !this.structural && !this.pem && !this.block && !this.quoted && !this.list && !this.env && !this.capture && !this.held && !this.jsonBlock;
  }

  emit(s: string): void {
    if (this.held) {
      this.held.items.push(s);
      this.held.bytes += s.length;
      if (this.held.bytes > MAX_HELD_BYTES) this.resolve(this.kube.isSecret(this.held.col));
    } else {
      this.output(s);
    }
  }

  /** Every piece of output passes here, in order. */
  private output(piece: string | Buffer): void {
    this.out.push(piece);
    this.tokens.add(piece);
  }

  place(secret: string, rule: string, label: string): string {
    this.count++;
    return this.redactor.placeholderFor(secret, rule, label);
  }

  private line(line: string, eol: string): void {
    if (this.pem && this.pemLine(line, eol)) return;
    if (this.block && this.blockLine(line, eol)) return;
    if (this.quoted && this.quotedLine(line, eol)) return;
    if (this.list && this.listLine(line, eol)) return;
    if (this.jsonBlock && this.jsonBlockLine(line, eol)) return;
    if (this.capture && this.captureLine(line, eol)) return;
    if (this.structural || this.held) {
      const parsed = parseKeyLine(line);
      if (this.held && this.kube.endsMapping(this.held.col, line, parsed)) this.resolve(this.kube.isSecret(this.held.col));
      this.kube.update(line, parsed);
      if (this.held && this.kube.kindAt(this.held.col)) {
        this.normal(line, eol, parsed);
        if (this.held) this.resolve(this.kube.isSecret(this.held.col));
        return;
      }
      this.normal(line, eol, parsed);
      return;
    }
    this.normal(line, eol, undefined);
  }

  /** The line rules, then whatever the line opens (a PEM block, a secret block scalar…). */
  private normal(line: string, eol: string, parsed: KeyLine | undefined, replaying = false): void {
    if (!replaying && !this.structural && STRUCTURAL.test(line)) this.structural = true;
    const keyLine = parsed ?? (line.includes('data') ? parseKeyLine(line) : undefined);
    const opens = replaying ? undefined : opensDataBlock(keyLine);
    if (opens && keyLine) {
      if (!this.held || this.held.col !== keyLine.col) {
        if (this.held) this.resolve(true);
        this.kube.update(line, keyLine);
        this.held = { col: keyLine.col, items: [], bytes: 0 };
      }
      if (opens === 'inline') this.held.items.push({ lines: [{ text: line, eol }], inline: true });
      else this.capture = { col: keyLine.col, json: keyLine.value.startsWith('{'), lines: [{ text: line, eol }] };
      return;
    }
    if (this.env && this.envLine(line, eol)) return;
    this.emit(this.redactText(line) + eol);
    this.opens(line);
  }

  private redactText(line: string): string {
    let text = line;
    if (mayHoldEmbeddedJson(text)) {
      text = redactEmbeddedJson(
        text,
        {
          secret: (v) => this.place(v, 'kube-secret-data', 'kube-secret-value'),
          text: (v) => this.redactNested(v),
        },
        (doc) => this.place(doc, 'kube-secret-data', 'kube-secret-value'),
      );
    }
    if (mayHoldBase64(text)) text = redactBase64Blobs(text, (decoded) => (this.redactor.nextHint(decoded, 0) === -1 ? decoded : this.redactNested(decoded)));
    const r = this.redactor.redactLine(text);
    this.count += r.count;
    return r.text;
  }

  /** Text found inside a line (a decoded blob, a JSON string), redacted as a file of its own. */
  private redactNested(text: string): string {
    const inner = new StreamRedactor(this.redactor);
    const r = inner.write(text) + inner.end();
    this.count += inner.count;
    return r;
  }

  private opens(line: string): void {
    this.pem = PemBlock.opens(line);
    if (this.pem) return;
    const folded = foldedBlockKey(line);
    if (folded && /last-applied-configuration$/.test(folded.key)) {
      this.jsonBlock = { keyCol: folded.col, lines: [] };
      return;
    }
    this.block = SecretBlockScalar.opens(line);
    if (this.block) return;
    this.quoted = OpenQuotedSecret.opens(line);
    if (this.quoted) return;
    this.list = SecretList.opens(line);
    if (this.list) return;
    const env = ENV_NAME.exec(line);
    if (env && isSecretName(env[3] ?? '')) {
      this.env = { col: (env[1]?.length ?? 0) + (env[2]?.length ?? 0), label: labelForName(env[3] ?? '', false), ttl: 3 };
    }
  }

  private pemLine(line: string, eol: string): boolean {
    const taken = (this.pem as PemBlock).take(line, eol);
    if (taken === 'body') return true;
    this.flushPem();
    if (taken === 'other') return false;
    this.normal(line, eol, undefined);
    return true;
  }

  private flushPem(): void {
    const pem = this.pem;
    this.pem = undefined;
    pem?.flush(this);
  }

  private blockLine(line: string, eol: string): boolean {
    if ((this.block as SecretBlockScalar).take(line, eol)) return true;
    this.flushBlock();
    return false;
  }

  /** A line inside a quoted secret value that began on an earlier line. */
  private quotedLine(line: string, eol: string): boolean {
    const taken = (this.quoted as OpenQuotedSecret).take(line, this, (rest) => this.redactText(rest));
    if (taken.closed) this.quoted = undefined;
    this.emit(taken.text + eol);
    return true;
  }

  private listLine(line: string, eol: string): boolean {
    const item = (this.list as SecretList).take(line, this);
    if (item === undefined) {
      this.list = undefined;
      return false;
    }
    this.emit(item + eol);
    return true;
  }

  private flushBlock(): void {
    const block = this.block;
    this.block = undefined;
    block?.flush(this);
  }

  private jsonBlockLine(line: string, eol: string): boolean {
    const block = this.jsonBlock as JsonBlockState;
    if (line.trim() === '' || indentOf(line) > block.keyCol) {
      block.lines.push({ text: line, eol });
      return true;
    }
    this.flushJsonBlock();
    return false;
  }

  /** Unfolds the annotation, redacts its JSON as one line; unchanged text keeps its layout. */
  private flushJsonBlock(): void {
    const block = this.jsonBlock;
    if (!block) return;
    this.jsonBlock = undefined;
    const content = block.lines.filter((l) => l.text.trim() !== '');
    const first = content[0];
    if (!first) return block.lines.forEach((l) => this.emit(l.text + l.eol));
    const unfolded = content.map((l) => l.text.trim()).join(' ');
    const redacted = this.redactText(unfolded);
    if (redacted === unfolded) {
      for (const l of block.lines) this.emit(this.redactText(l.text) + l.eol);
      return;
    }
    this.emit(' '.repeat(indentOf(first.text)) + redacted + first.eol);
    for (const l of block.lines.slice(block.lines.indexOf(content[content.length - 1] as HeldLine) + 1)) this.emit(l.text + l.eol);
  }

  private envLine(line: string, eol: string): boolean {
    const env = this.env as EnvState;
    const m = ENV_VALUE.exec(line);
    if (m && (m[1]?.length ?? 0) === env.col) {
      this.env = undefined;
      const value = scanValue(line, m[0].length, line.trimStart().startsWith('"') ? 'word' : 'line');
      const raw = value ? line.slice(value.start, value.end) : '';
      if (!value || isKnownFake(raw) || /^[|>][-+0-9]*$/.test(raw)) return false;
      const before = line.slice(0, value.start);
      const after = line.slice(value.end);
      this.emit(before + fitPlaceholder(before, this.place(raw, 'secret-env-pair', env.label), after) + this.redactText(after) + eol);
      return true;
    }
    if (--env.ttl <= 0 || indentOf(line) < env.col) this.env = undefined;
    return false;
  }

  private captureLine(line: string, eol: string): boolean {
    const capture = this.capture as Capture;
    const indent = indentOf(line);
    const t = line.trim();
    if (t === '' || indent > capture.col) {
      capture.lines.push({ text: line, eol });
      return true;
    }
    if (capture.json && indent === capture.col && /^[}\]]/.test(t)) {
      capture.lines.push({ text: line, eol });
      this.closeCapture();
      this.afterCapture();
      return true;
    }
    this.closeCapture();
    this.afterCapture();
    return false;
  }

  private closeCapture(): void {
    const capture = this.capture;
    if (!capture) return;
    this.capture = undefined;
    if (!this.held) this.held = { col: capture.col, items: [], bytes: 0 };
    // Trailing blank lines belong after the block, not inside it.
    let trailing = 0;
    while (trailing < capture.lines.length - 1 && (capture.lines[capture.lines.length - 1 - trailing] as HeldLine).text.trim() === '') trailing++;
    const lines = capture.lines.slice(0, capture.lines.length - trailing);
    this.held.items.push({ lines, inline: false });
    for (const l of capture.lines.slice(capture.lines.length - trailing)) this.held.items.push(l.text + l.eol);
  }

  /** The kind may already be known (apiVersion and kind before data, as people write them). */
  private afterCapture(): void {
    if (this.held && this.kube.kindAt(this.held.col)) this.resolve(this.kube.isSecret(this.held.col));
  }

  private resolve(secret: boolean): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    for (const item of held.items) {
      if (typeof item === 'string') {
        this.emit(item);
      } else if (secret) {
        for (const l of redactDataBlock(item.lines, item.inline, (v) => this.place(v, 'kube-secret-data', 'kube-secret-value'))) this.emit(l.text + l.eol);
      } else {
        for (const l of item.lines) this.normalReplay(l);
        this.flushPem();
        this.flushBlock();
      }
    }
  }

  /** A ConfigMap's data after all: its lines go through the ordinary rules. */
  private normalReplay(l: HeldLine): void {
    if (this.pem && this.pemLine(l.text, l.eol)) return;
    if (this.block && this.blockLine(l.text, l.eol)) return;
    this.normal(l.text, l.eol, undefined, true);
  }
}
